package io.podyard.node.sandbox;

import io.fabric8.kubernetes.api.model.Pod;
import io.podyard.node.exec.Command;
import io.podyard.node.mounts.Mounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Creates, checks, lists and removes pod sandboxes under one run directory. Calls for one pod
 * must not overlap (the pod's worker serialises them); different pods may run in parallel.
 *
 * <p>Per pod, {@code <runDir>/<pod uid>/} holds: {@code netns} and {@code ipc} (namespaces kept
 * alive by bind mounts, so containers can come and go), {@code shm} (a tmpfs every container gets
 * as /dev/shm), {@code hosts}, {@code resolv.conf}, {@code hostname}, and {@code sandbox.json}
 * (the CNI configurations and results, for DEL).
 */
public final class Sandboxes implements PodSandboxes {
    private static final Logger LOG = LoggerFactory.getLogger(Sandboxes.class);
    private static final Pattern UID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9-]{0,127}");

    private final SandboxConfig config;
    private final CniPlugins cni;
    private final Clock clock;
    private final AtomicBoolean routesInstalled = new AtomicBoolean();

    public Sandboxes(SandboxConfig config, Clock clock) {
        this.config = config;
        this.cni = new CniPlugins(config.network().cniBinDir());
        this.clock = clock;
    }

    /**
     * Pins the pod's namespaces and writes its files, then adds its network on a thread of its own:
     * loopback and the pod network at once (different interfaces, independent plugins). A sandbox
     * set up before is returned as it is. When pinning fails, everything made so far is torn down
     * before the exception leaves; when the network fails, {@link PendingSandbox#await} throws and
     * the caller removes the sandbox.
     */
    @Override
    public PendingSandbox begin(Pod pod) {
        String uid = uid(pod);
        if (Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
            throw new SandboxException("pod " + podName(pod) + " uses the host network, which is not supported yet");
        }
        Path dir = config.runDir().resolve(uid);
        Optional<SandboxState> existing = SandboxState.load(dir);
        if (existing.isPresent() && existing.get().ready()) {
            return PendingSandbox.ready(sandbox(existing.get()));
        }
        if (Files.exists(dir)) {
            remove(uid);
        }
        if (routesInstalled.compareAndSet(false, true)) {
            NodeNetwork.keepLocal(config.network().subnet());
        }
        Saved saved;
        try {
            saved = prepare(pod, uid, dir);
        } catch (RuntimeException e) {
            try {
                remove(uid);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw failure(pod, e);
        }
        CompletableFuture<Sandbox> network = onVirtualThread("sandbox-network-" + uid, () -> {
            try {
                return addNetwork(pod, dir, saved);
            } catch (RuntimeException e) {
                throw failure(pod, e);
            }
        });
        return new PendingSandbox(sandbox(saved.state()), network);
    }

    private static SandboxException failure(Pod pod, RuntimeException e) {
        return e instanceof SandboxException s ? s
                : new SandboxException("set up sandbox of pod " + podName(pod) + ": " + e.getMessage(), e);
    }

    /**
     * The namespaces, shm and the pod's files; /etc/hosts is empty until the network gives the
     * address (it is rewritten in place then, so containers created before see it).
     */
    private Saved prepare(Pod pod, String uid, Path dir) {
        createDirectories(dir);
        String hostname = PodHosts.hostname(pod);
        Saved saved = new Saved(dir, SandboxState.planned(uid, pod.getMetadata().getNamespace(),
                pod.getMetadata().getName(), hostname, CniConfigs.loopback(),
                CniConfigs.podNetwork(config.network(), PortMapping.fromPod(pod)), clock.millis()));

        pinNamespaces(dir.resolve("netns"), dir.resolve("ipc"));
        Mounts.tmpfs(dir.resolve("shm"), "mode=1777,size=" + config.shmSize(), true);
        write(dir.resolve("hosts"), "");
        write(dir.resolve("resolv.conf"), PodDns.forPod(pod, config.dns()).render());
        write(dir.resolve("hostname"), hostname + "\n");
        return saved;
    }

    /** CNI ADD of loopback and the pod network, at once; then the pod's /etc/hosts; then the state is ready. */
    private Sandbox addNetwork(Pod pod, Path dir, Saved saved) {
        SandboxState planned = saved.state();
        // The state is saved before each plugin starts, so a crash in between still DELs it.
        CompletableFuture<JsonNode> loopback = onVirtualThread("sandbox-loopback-" + planned.podUid(),
                () -> cni.add(planned.loopback(), target(planned, dir, CniConfigs.LOOPBACK_IFNAME),
                        started -> saved.update(s -> s.withLoopbackStarted(started))));
        JsonNode podNetwork;
        try {
            podNetwork = cni.add(planned.podNetwork(), target(planned, dir, CniConfigs.POD_IFNAME),
                    started -> saved.update(s -> s.withPodNetworkStarted(started)));
        } finally {
            // Both plugins have ended before anything else happens to the sandbox (a DEL after a failure).
            loopback.handle((result, failure) -> null).join();
        }
        JsonNode lo = joined(loopback);
        saved.update(s -> s.withLoopbackResult(lo).withPodNetworkResult(podNetwork));
        CniResult.IpConfig address = CniResult.parse(podNetwork).podAddress()
                .orElseThrow(() -> new CniException("the pod network gave pod " + podName(pod) + " no IPv4 address"));
        if (!config.network().subnet().contains(address.ip())) {
            throw new CniException("the pod network gave " + address.ip() + ", outside " + config.network().subnet());
        }
        // In place (same inode): containers created meanwhile have this file bind-mounted already.
        write(dir.resolve("hosts"), PodHosts.hostsFile(planned.hostname(),
                PodHosts.domain(pod, config.dns().clusterDomain()), List.of(address.ip()),
                pod.getSpec().getHostAliases()));
        saved.update(s -> s.readyWith(address.ip(), address.gateway()));
        return sandbox(saved.state());
    }

    /** {@code task} on a virtual thread of its own; its result or failure completes the future. */
    private static <T> CompletableFuture<T> onVirtualThread(String name, Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofVirtual().name(name).start(() -> {
            try {
                result.complete(task.get());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** The future's value once it completed, or its failure thrown. */
    private static JsonNode joined(CompletableFuture<JsonNode> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** The sandbox state as last written to its directory; the network's threads update it in turn. */
    private static final class Saved {
        private final Path dir;
        private SandboxState state;

        Saved(Path dir, SandboxState state) {
            this.dir = dir;
            this.state = state;
            state.save(dir);
        }

        synchronized SandboxState state() {
            return state;
        }

        synchronized void update(UnaryOperator<SandboxState> change) {
            state = change.apply(state);
            state.save(dir);
        }
    }

    /** Asks the plugins to CHECK the pod's network against what ADD returned. */
    @Override
    public void check(String podUid) {
        Path dir = config.runDir().resolve(validUid(podUid));
        SandboxState state = SandboxState.load(dir).filter(SandboxState::ready)
                .orElseThrow(() -> new SandboxException("no sandbox for pod " + podUid));
        cni.check(state.loopback(), target(state, dir, CniConfigs.LOOPBACK_IFNAME), state.loopbackResult());
        cni.check(state.podNetwork(), target(state, dir, CniConfigs.POD_IFNAME), state.podNetworkResult());
    }

    @Override
    public Optional<Sandbox> get(String podUid) {
        return SandboxState.load(config.runDir().resolve(validUid(podUid))).filter(SandboxState::ready)
                .map(this::sandbox);
    }

    /** Every set-up sandbox under the run directory (e.g. after a restart). */
    @Override
    public List<Sandbox> list() {
        if (!Files.isDirectory(config.runDir())) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(config.runDir())) {
            return dirs.map(SandboxState::load).flatMap(Optional::stream).filter(SandboxState::ready)
                    .map(this::sandbox).sorted(Comparator.comparing(Sandbox::podUid)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Uids of every pod with a sandbox directory, finished or not (what a cleanup must look at). */
    @Override
    public List<String> podUids() {
        if (!Files.isDirectory(config.runDir())) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(config.runDir())) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString())
                    .filter(n -> UID.matcher(n).matches()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Gives a finished pod's network back — CNI DEL (so its address is free again), then the
     * network namespace — and keeps the rest of the sandbox (its record and IP for the pod's
     * status, hosts and resolv.conf) until {@link #remove}: kubelet does the same for pods that
     * ended, so finished Jobs do not hold the node's addresses. Repeating it is harmless; a failed
     * DEL keeps the network for the next try.
     */
    @Override
    public void releaseNetwork(String podUid) {
        Path dir = config.runDir().resolve(validUid(podUid));
        Optional<SandboxState> loaded = SandboxState.load(dir).filter(SandboxState::ready);
        if (loaded.isEmpty() || loaded.get().podNetworkStarted() == 0 && loaded.get().loopbackStarted() == 0) {
            return;
        }
        SandboxState state = loaded.get();
        List<CniException> failures = new ArrayList<>(cni.delete(state.podNetworkToDelete(),
                target(state, dir, CniConfigs.POD_IFNAME), state.podNetworkResult()));
        failures.addAll(cni.delete(state.loopbackToDelete(), target(state, dir, CniConfigs.LOOPBACK_IFNAME),
                state.loopbackResult()));
        if (!failures.isEmpty()) {
            SandboxException error = new SandboxException("release network of pod " + podUid + ": "
                    + failures.getFirst().getMessage());
            failures.forEach(error::addSuppressed);
            throw error;
        }
        state.withPodNetworkStarted(0).withLoopbackStarted(0).save(dir);
        Path netns = dir.resolve("netns");
        if (Mounts.isMounted(netns)) {
            Mounts.unmount(netns);
        }
        LOG.info("released the network of finished pod {}/{} ({})", state.namespace(), state.name(), state.podIp());
    }


    /**
     * Tears the sandbox down: CNI DEL (every plugin, even after a partial setup), then the
     * namespaces, the shm and the directory. Repeating it is harmless. When a DEL fails, the rest
     * is still removed but the saved state stays, so the next call retries the DEL.
     */
    @Override
    public void remove(String podUid) {
        Path dir = config.runDir().resolve(validUid(podUid));
        if (!Files.exists(dir)) {
            return;
        }
        List<CniException> failures = new ArrayList<>();
        Optional<SandboxState> state = SandboxState.load(dir);
        if (state.isEmpty() && Files.exists(dir.resolve(SandboxState.FILE))) {
            LOG.warn("sandbox state of pod {} is unreadable; its addresses cannot be released", podUid);
        }
        state.ifPresent(s -> {
            failures.addAll(cni.delete(s.podNetworkToDelete(), target(s, dir, CniConfigs.POD_IFNAME),
                    s.podNetworkResult()));
            failures.addAll(cni.delete(s.loopbackToDelete(), target(s, dir, CniConfigs.LOOPBACK_IFNAME),
                    s.loopbackResult()));
        });
        Mounts.mountedUnder(dir).forEach(Mounts::unmount);
        deleteTree(dir, failures.isEmpty() ? null : dir.resolve(SandboxState.FILE));
        if (!failures.isEmpty()) {
            SandboxException error = new SandboxException("tear down network of pod " + podUid + ": "
                    + failures.getFirst().getMessage());
            failures.forEach(error::addSuppressed);
            throw error;
        }
    }

    private CniPlugins.Target target(SandboxState state, Path dir, String ifName) {
        return new CniPlugins.Target(state.podUid(), dir.resolve("netns").toString(), ifName,
                CniConfigs.args(state.namespace(), state.name(), state.podUid()));
    }

    private Sandbox sandbox(SandboxState state) {
        Path dir = config.runDir().resolve(state.podUid());
        return new Sandbox(state.podUid(), state.namespace(), state.name(), state.hostname(), dir,
                dir.resolve("netns"), dir.resolve("ipc"), dir.resolve("shm"), dir.resolve("hosts"),
                dir.resolve("resolv.conf"), dir.resolve("hostname"), state.podIp(), state.gateway(),
                Instant.ofEpochMilli(state.createdAtMillis()));
    }

    /** New network and IPC namespaces, each kept alive by a bind mount onto a file (unshare --net=FILE). */
    private static void pinNamespaces(Path netns, Path ipc) {
        try {
            Files.createFile(netns);
            Files.createFile(ipc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Command.of("unshare", "--net=" + netns, "--ipc=" + ipc, "true").output();
    }

    private static String uid(Pod pod) {
        if (pod.getMetadata() == null || pod.getSpec() == null) {
            throw new SandboxException("a pod needs metadata and spec");
        }
        return validUid(pod.getMetadata().getUid());
    }

    private static String validUid(String uid) {
        if (uid == null || !UID.matcher(uid).matches()) {
            throw new SandboxException("invalid pod uid: " + uid);
        }
        return uid;
    }

    private static String podName(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the tree below {@code dir}, keeping {@code keep} (and so dir) when it is not null. */
    private static void deleteTree(Path dir, Path keep) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (keep != null && (path.equals(keep) || path.equals(dir))) {
                    continue;
                }
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
