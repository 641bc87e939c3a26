package io.podyard.node.runtime;

import io.fabric8.kubernetes.api.model.Container;
import io.podyard.node.mounts.Mounts;
import io.podyard.node.pty.Pty;
import io.podyard.node.pty.Winsize;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@link ContainerRuntime} with runc under conmon, overlayfs root file systems and CRI log files. */
final class RuncRuntime implements ContainerRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(RuncRuntime.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern UID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9-]{0,127}");
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);
    /** Conmon writes the exit file right after the output is drained; give it this long. */
    private static final Duration EXIT_FILE_GRACE = Duration.ofSeconds(2);
    private static final Duration POLL = Duration.ofMillis(20);
    private static final long MAX_USER_FILE = 1 << 20;

    static final String DEFAULT_TERMINATION_MESSAGE_PATH = "/dev/termination-log";
    private static final String TERMINATION_LOG = "termination-log";
    private final RuntimeConfig config;
    private final Clock clock;
    private final Runc runc;

    RuncRuntime(RuntimeConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.runc = new Runc(config.runc(), config.root().resolve("runc"));
    }

    @Override
    public ContainerInfo create(ContainerRequest request) {
        Container container = request.container();
        String podUid = request.pod().getMetadata().getUid();
        if (podUid == null || !UID.matcher(podUid).matches()) {
            throw new ContainerConfigException("invalid pod uid: " + podUid);
        }
        if (container.getName() == null || !DNS_LABEL.matcher(container.getName()).matches()) {
            throw new ContainerConfigException("invalid container name: " + container.getName());
        }
        String id = ContainerInfo.id(podUid, container.getName(), request.attempt());
        ContainerDir dir = dir(id);
        if (Files.exists(dir.dir())) {
            throw new ContainerRuntimeException("container " + id + " already exists");
        }
        Path logPath = LogFiles.path(config.logDir(), request.pod().getMetadata().getNamespace(),
                request.pod().getMetadata().getName(), podUid, container.getName(), request.attempt());
        String stopSignal = request.image().stopSignal().isEmpty() ? "SIGTERM" : request.image().stopSignal();
        ContainerInfo info = new ContainerInfo(id, podUid, request.pod().getMetadata().getNamespace(),
                request.pod().getMetadata().getName(), container.getName(), request.attempt(), logPath, stopSignal,
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        createDirectories(dir.dir());
        dir.saveInfo(info);
        try {
            Mounts.overlay(request.imageLayers().reversed(), dir.upper(), dir.work(), dir.rootfs());
            Map<String, String> env = ContainerEnv.resolve(container, request.envSources(), request.serviceEnv());
            PodResources.Qos qos = PodResources.qos(request.pod());
            OciSpec spec = OciSpecs.generate(new OciSpecs.Input(request.pod(), container, request.image(),
                    request.sandbox(), dir.rootfs(), withTerminationLog(dir, container, request.volumes()), env,
                    readUsers(dir.rootfs()),
                    Cgroups.containerPath(config.cgroupParent(), qos, podUid, container.getName(), request.attempt()),
                    config.rlimits(), SeccompProfiles.localhost(config.seccompDir(), request.pod(), container),
                    privileged(container) ? new OciSpecs.Host(Capabilities.ofThisProcess(), HostDevices.list(),
                            config.allowedUnsafeSysctls())
                            : new OciSpecs.Host(Capabilities.ALL, List.of(), config.allowedUnsafeSysctls())));
            Cgroups.setUpPod(Cgroups.podPath(config.cgroupParent(), qos, podUid), PodResources.podCgroup(request.pod()),
                    config.podPidsLimit());
            Files.write(dir.config(), JSON.writeValueAsBytes(spec));
            createDirectories(logPath.getParent());
            createDirectories(exitDir());
            int pid = Conmon.create(Conmon.args(config.conmon(), runc, dir, id, request.pod().getMetadata().getNamespace()
                    + "_" + request.pod().getMetadata().getName() + "_" + container.getName(), logPath, exitDir(),
                    config.conmonLogSizeMax(), new Conmon.Stdio(Boolean.TRUE.equals(container.getStdin()),
                    Boolean.TRUE.equals(container.getTty()), Boolean.TRUE.equals(container.getStdinOnce()))), dir);
            ProcStat.read(pid).ifPresent(stat -> dir.saveInit(new ContainerDir.Init(pid, stat.startTicks())));
            return info;
        } catch (IOException e) {
            throw cleanUp(id, new ContainerRuntimeException("create " + id + ": " + e.getMessage(), e));
        } catch (RuntimeException e) {
            throw cleanUp(id, e);
        }
    }

    private static boolean privileged(Container container) {
        return container.getSecurityContext() != null
                && Boolean.TRUE.equals(container.getSecurityContext().getPrivileged());
    }

    /**
     * Kubelet's termination log: an empty node file bind-mounted at the container's
     * terminationMessagePath (default /dev/termination-log), read after the container exits.
     */
    private static List<VolumeMount> withTerminationLog(ContainerDir dir, Container container,
                                                        List<VolumeMount> volumes) throws IOException {
        String path = container.getTerminationMessagePath() == null || container.getTerminationMessagePath().isEmpty()
                ? DEFAULT_TERMINATION_MESSAGE_PATH : container.getTerminationMessagePath();
        if (volumes.stream().anyMatch(v -> v.containerPath().equals(path))) {
            return volumes;
        }
        Path file = dir.dir().resolve(TERMINATION_LOG);
        Files.write(file, new byte[0]);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        List<VolumeMount> all = new ArrayList<>(volumes);
        all.add(new VolumeMount(file, path, false));
        return all;
    }

    @Override
    public String terminationMessage(String id, int maxBytes) {
        Path file = dir(id).dir().resolve(TERMINATION_LOG);
        try (var in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return new String(in.readNBytes(maxBytes), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private RuntimeException cleanUp(String id, RuntimeException failure) {
        try {
            remove(id);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
        return failure;
    }

    /** The image's /etc/passwd and /etc/group, read only as regular files inside the root file system. */
    static Users.Database readUsers(Path rootfs) {
        return Users.Database.parse(readImageFile(rootfs, "passwd"), readImageFile(rootfs, "group"));
    }

    private static String readImageFile(Path rootfs, String name) {
        Path etc = rootfs.resolve("etc");
        Path file = etc.resolve(name);
        try {
            // A symlink could point anywhere on the host; such an image has no usable user database.
            if (!Files.isDirectory(etc, LinkOption.NOFOLLOW_LINKS)
                    || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > MAX_USER_FILE) {
                return "";
            }
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void start(String id) {
        ContainerDir dir = existing(id);
        Instant startedAt = clock.instant();
        runc.start(id);
        dir.markStarted(startedAt);
    }

    @Override
    public ContainerStatus status(String id) {
        ContainerDir dir = existing(id);
        ContainerInfo info = dir.loadInfo()
                .orElseThrow(() -> new ContainerRuntimeException("container " + id + " has no record"));
        return new ContainerStatus(info, state(id, dir, info));
    }

    private ContainerState state(String id, ContainerDir dir, ContainerInfo info) {
        Optional<ContainerDir.Exit> exit = dir.exit();
        if (exit.isPresent()) {
            return exited(dir, exit.get());
        }
        Optional<Instant> started = dir.startedAt();
        Optional<ContainerDir.Init> init = dir.init();
        if (started.isPresent() && init.isPresent()) {
            // Started by us and recorded at create: /proc tells whether it still runs, no `runc state` fork.
            if (ProcStat.alive(init.get().pid(), init.get().startTicks())) {
                return new ContainerState.Running(init.get().pid(), started.get());
            }
            return awaitExit(dir, clock.instant().plus(EXIT_FILE_GRACE)).<ContainerState>map(e -> exited(dir, e))
                    .orElse(new ContainerState.Unknown("stopped, but conmon wrote no exit code"));
        }
        Optional<Runc.State> state = runc.state(id);
        if (state.isEmpty()) {
            return dir.exit().<ContainerState>map(e -> exited(dir, e))
                    .orElse(new ContainerState.Unknown("runc has no record of the container"));
        }
        return switch (state.get().status()) {
            case "created" -> new ContainerState.Created(info.createdAt());
            case "running", "paused" -> new ContainerState.Running(state.get().pid(),
                    dir.startedAt().orElse(state.get().created()));
            case "stopped" -> awaitExit(dir, clock.instant().plus(EXIT_FILE_GRACE))
                    .<ContainerState>map(e -> exited(dir, e))
                    .orElse(new ContainerState.Unknown("stopped, but conmon wrote no exit code"));
            default -> new ContainerState.Unknown("runc reports " + state.get().status());
        };
    }

    private static ContainerState.Exited exited(ContainerDir dir, ContainerDir.Exit exit) {
        return new ContainerState.Exited(exit.code(), dir.startedAt().orElse(null), exit.at(), exit.oom());
    }

    /** Polls for conmon's exit file until the deadline (a few stat calls per second, no spinning). */
    private Optional<ContainerDir.Exit> awaitExit(ContainerDir dir, Instant deadline) {
        while (true) {
            Optional<ContainerDir.Exit> exit = dir.exit();
            if (exit.isPresent()) {
                return exit;
            }
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                return Optional.empty();
            }
            try {
                Thread.sleep(left.compareTo(POLL) < 0 ? left : POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    @Override
    public List<ContainerStatus> list() {
        return list(path -> true);
    }

    @Override
    public List<ContainerStatus> list(String podUid) {
        String prefix = podUid + "_";
        return list(path -> path.getFileName().toString().startsWith(prefix));
    }

    @Override
    public List<String> podUids() {
        return containerDirs(path -> true).stream().map(p -> p.getFileName().toString())
                .filter(name -> name.indexOf('_') > 0).map(name -> name.substring(0, name.indexOf('_')))
                .distinct().toList();
    }

    private List<Path> containerDirs(Predicate<Path> filter) {
        Path containers = config.root().resolve("containers");
        if (!Files.isDirectory(containers)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(containers)) {
            return dirs.filter(filter).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<ContainerStatus> list(Predicate<Path> filter) {
        List<ContainerStatus> statuses = new ArrayList<>();
        for (Path path : containerDirs(filter)) {
            ContainerDir dir = new ContainerDir(path);
            dir.loadInfo().ifPresent(info -> statuses.add(new ContainerStatus(info, state(info.id(), dir, info))));
        }
        return statuses;
    }

    @Override
    public void signal(String id, String signal) {
        existing(id);
        runc.kill(id, signal);
    }

    @Override
    public ExecSyncResult execSync(String id, List<String> command, Duration timeout) {
        existing(id);
        if (command.isEmpty()) {
            throw new ContainerConfigException("exec needs a command");
        }
        return runc.exec(id, command, timeout);
    }

    @Override
    public ContainerStatus stop(String id, Duration gracePeriod) {
        ContainerStatus status = status(id);
        ContainerDir dir = dir(id);
        if (status.state() instanceof ContainerState.Exited || status.state() instanceof ContainerState.Unknown) {
            return status;
        }
        if (runc.kill(id, status.info().stopSignal())
                && awaitExit(dir, clock.instant().plus(gracePeriod)).isPresent()) {
            return status(id);
        }
        runc.kill(id, "SIGKILL");
        if (awaitExit(dir, clock.instant().plus(KILL_TIMEOUT)).isEmpty()) {
            throw new ContainerRuntimeException("container " + id + " did not exit within " + KILL_TIMEOUT
                    + " of SIGKILL");
        }
        return status(id);
    }

    @Override
    public void remove(String id) {
        ContainerDir dir = dir(id);
        if (!Files.exists(dir.dir())) {
            return;
        }
        Optional<ContainerInfo> info = dir.loadInfo();
        runc.delete(id);
        awaitConmon(dir);
        Mounts.mountedUnder(dir.dir()).forEach(Mounts::unmount);
        for (PodResources.Qos qos : PodResources.Qos.values()) {
            info.ifPresent(i -> Cgroups.remove(Cgroups.containerPath(config.cgroupParent(), qos, i.podUid(), i.name(),
                    i.attempt())));
        }
        try {
            Files.deleteIfExists(exitDir().resolve(id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        deleteTree(dir.dir());
    }

    /** Conmon leaves once the container is gone and its output drained; one that hangs is killed by pid. */
    private static void awaitConmon(ContainerDir dir) {
        dir.conmonPid().ifPresent(pid -> ProcessHandle.of(pid).filter(Conmon::isConmon).ifPresent(conmon -> {
            try {
                conmon.onExit().get(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                LOG.warn("conmon {} of {} did not exit; killing it", pid, dir.dir());
                conmon.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
    }

    @Override
    public void removePod(String podUid) {
        if (podUid == null || !UID.matcher(podUid).matches()) {
            throw new ContainerConfigException("invalid pod uid: " + podUid);
        }
        Cgroups.removePod(config.cgroupParent(), podUid);
        if (Files.isDirectory(config.logDir())) {
            try (Stream<Path> pods = Files.list(config.logDir())) {
                for (Path podLogs : pods.filter(p -> p.getFileName().toString().endsWith("_" + podUid)).toList()) {
                    deleteTree(podLogs);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public long diskUsage(String id) {
        ContainerDir dir = existing(id);
        long logs = dir.loadInfo().map(info -> LogFiles.files(info.logPath()).stream().mapToLong(DiskUsage::of).sum())
                .orElse(0L);
        return DiskUsage.of(dir.upper()) + logs;
    }

    @Override
    public void rotateLogs() {
        for (ContainerStatus status : list()) {
            try {
                if (status.running() && LogFiles.rotateIfLarger(status.info().logPath(), config.logMaxBytes(),
                        config.logMaxFiles(), clock.instant())) {
                    Conmon.reopenLog(dir(status.info().id()));
                }
            } catch (RuntimeException e) {
                // One stuck container must not stop the others' rotation; the next round retries.
                LOG.warn("rotating the log of {} failed: {}", status.info().id(), e.getMessage());
            }
        }
    }

    @Override
    public void logs(String id, ContainerLogs.Options options, OutputStream out) throws IOException {
        ContainerDir dir = existing(id);
        ContainerInfo info = dir.loadInfo()
                .orElseThrow(() -> new ContainerRuntimeException("container " + id + " has no record"));
        ContainerLogs.read(info.logPath(), options, out, () -> Files.exists(dir.dir()) && dir.exit().isEmpty());
    }

    @Override
    public Process exec(String id, List<String> command, boolean stderrToStdout) {
        return execWith(id, command, false, file -> runc.exec(id, file, stderrToStdout));
    }

    @Override
    public TerminalExec execTerminal(String id, List<String> command, Winsize size) {
        Pty pty;
        try {
            pty = Pty.open(size);
        } catch (IOException e) {
            throw new ContainerRuntimeException("exec in " + id + ": " + e.getMessage(), e);
        }
        try {
            return new TerminalExec(execWith(id, command, true, file -> runc.execOnTerminal(id, file, pty.slave())),
                    pty);
        } catch (RuntimeException e) {
            pty.close();
            throw e;
        }
    }

    @Override
    public Attachment attach(String id) {
        ContainerDir dir = existing(id);
        if (!status(id).running()) {
            throw new ContainerRuntimeException("container " + id + " is not running");
        }
        return ConmonAttach.connect(dir);
    }

    private interface ExecStart {
        Process start(Path processJson) throws IOException;
    }

    /**
     * Runs {@code command} with the container's process spec (user, env, cwd, capabilities); with a
     * terminal, TERM=xterm unless the container sets TERM, as CRI-O does.
     */
    private Process execWith(String id, List<String> command, boolean terminal, ExecStart start) {
        ContainerDir dir = existing(id);
        if (command.isEmpty()) {
            throw new ContainerConfigException("no command to execute");
        }
        if (!status(id).running()) {
            throw new ContainerRuntimeException("container " + id + " is not running");
        }
        try {
            ObjectNode process = (ObjectNode) JSON.readTree(Files.readAllBytes(dir.config())).get("process");
            ArrayNode args = process.putArray("args");
            command.forEach(args::add);
            process.put("terminal", terminal);
            process.remove("consoleSize");
            if (terminal) {
                List<String> env = new ArrayList<>();
                process.withArray("env").forEach(e -> env.add(e.asString("")));
                ArrayNode withTerm = process.putArray("env");
                OciSpecs.withTerm(env).forEach(withTerm::add);
            }
            Path file = Files.createTempFile(dir.dir(), "exec-", ".json");
            Files.write(file, JSON.writeValueAsBytes(process));
            Process exec;
            try {
                exec = start.start(file);
            } catch (IOException e) {
                Files.deleteIfExists(file);
                throw e;
            }
            exec.onExit().whenComplete((p, e) -> {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // the container's directory goes with the container
                }
            });
            return exec;
        } catch (IOException e) {
            throw new ContainerRuntimeException("exec in " + id + ": " + e.getMessage(), e);
        }
    }

    private ContainerDir dir(String id) {
        if (id == null || id.contains("/") || id.startsWith(".")) {
            throw new ContainerRuntimeException("invalid container id: " + id);
        }
        return new ContainerDir(config.root().resolve("containers").resolve(id));
    }

    private ContainerDir existing(String id) {
        ContainerDir dir = dir(id);
        if (!Files.isDirectory(dir.dir())) {
            throw new ContainerRuntimeException("no such container: " + id);
        }
        return dir;
    }

    private Path exitDir() {
        return config.root().resolve("exits");
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
