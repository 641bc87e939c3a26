package io.podyard.node.hollow;

import io.fabric8.kubernetes.api.model.Pod;
import io.podyard.node.sandbox.Ipv4Cidr;
import io.podyard.node.sandbox.PendingSandbox;
import io.podyard.node.sandbox.PodHosts;
import io.podyard.node.sandbox.PodSandboxes;
import io.podyard.node.sandbox.Sandbox;
import io.podyard.node.sandbox.SandboxException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Pretend sandboxes: each pod gets the next free address of the node's podCIDR, kept in memory only;
 * no namespace, mount, file or CNI plugin is made. Its paths name nothing that exists.
 */
public final class HollowSandboxes implements PodSandboxes {
    private static final Path NOWHERE = Path.of("/nonexistent/hollow");
    private final Ipv4Cidr podCidr;
    private final Clock clock;
    private final Map<String, Sandbox> sandboxes = new ConcurrentSkipListMap<>();
    private final BitSet used = new BitSet();
    /** Pods whose address was given back while their sandbox record stays (finished pods). */
    private final Set<String> released = ConcurrentHashMap.newKeySet();

    public HollowSandboxes(Ipv4Cidr podCidr, Clock clock) {
        this.podCidr = podCidr;
        this.clock = clock;
    }

    /** The pretend network is there at once. */
    @Override
    public PendingSandbox begin(Pod pod) {
        return PendingSandbox.ready(sandbox(pod));
    }

    private Sandbox sandbox(Pod pod) {
        String uid = pod.getMetadata().getUid();
        Sandbox existing = sandboxes.get(uid);
        if (existing != null) {
            return existing;
        }
        Path dir = NOWHERE.resolve(uid);
        Sandbox sandbox = new Sandbox(uid, pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                PodHosts.hostname(pod), dir, dir.resolve("netns"), dir.resolve("ipc"), dir.resolve("shm"),
                dir.resolve("hosts"), dir.resolve("resolv.conf"), dir.resolve("hostname"), allocate(pod),
                podCidr.gateway(), clock.instant());
        sandboxes.put(uid, sandbox);
        return sandbox;
    }

    /** The lowest free address above the gateway, below the broadcast address. */
    private synchronized String allocate(Pod pod) {
        int index = used.nextClearBit(2);
        if (index >= podCidr.size() - 1) {
            throw new SandboxException("no free address in " + podCidr + " for pod "
                    + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName());
        }
        used.set(index);
        return podCidr.address(index);
    }

    private synchronized void release(String address) {
        used.clear(podCidr.indexOf(address));
    }

    @Override
    public void check(String podUid) {
        if (!sandboxes.containsKey(podUid)) {
            throw new SandboxException("no sandbox for pod " + podUid);
        }
    }

    @Override
    public Optional<Sandbox> get(String podUid) {
        return Optional.ofNullable(sandboxes.get(podUid));
    }

    @Override
    public List<Sandbox> list() {
        return List.copyOf(sandboxes.values());
    }

    @Override
    public List<String> podUids() {
        return List.copyOf(sandboxes.keySet());
    }

    @Override
    public void releaseNetwork(String podUid) {
        Sandbox sandbox = sandboxes.get(podUid);
        if (sandbox != null && released.add(podUid)) {
            release(sandbox.podIp());
        }
    }


    @Override
    public void remove(String podUid) {
        Sandbox removed = sandboxes.remove(podUid);
        if (removed != null && !released.remove(podUid)) {
            release(removed.podIp());
        }
    }
}
