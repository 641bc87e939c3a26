package io.podyard.node.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Cgroup directories the runtime is responsible for, laid out as kubelet's: a pod's cgroup is
 * {@code <parent>/pod<uid>} for Guaranteed pods and {@code <parent>/burstable/pod<uid>} or
 * {@code <parent>/besteffort/pod<uid>} otherwise; each container attempt's is below it. runc
 * creates and removes a container's cgroup in every hierarchy (cgroup v1 here, plus the unified
 * one in hybrid mode); the pod's cgroup (with the pod's summed limits) is ours.
 */
public final class Cgroups {
    static final Path ROOT = Path.of("/sys/fs/cgroup");

    private Cgroups() {
    }

    /** The cgroup of a pod of that QoS class. */
    public static String podPath(String parent, PodResources.Qos qos, String podUid) {
        return parent + qos.cgroupDir().map(d -> "/" + d).orElse("") + "/pod" + podUid;
    }

    public static String containerPath(String parent, PodResources.Qos qos, String podUid, String containerName,
                                       int attempt) {
        return podPath(parent, qos, podUid) + "/" + containerName + "-" + attempt;
    }

    /** Where a cgroup path exists, in every mounted hierarchy. */
    public static List<Path> existing(String cgroupPath) {
        List<Path> found = new ArrayList<>();
        for (Path hierarchy : hierarchies()) {
            Path dir = hierarchy.resolve(cgroupPath.substring(1));
            if (Files.isDirectory(dir)) {
                found.add(dir);
            }
        }
        return found;
    }

    /**
     * Removes the cgroup (and child cgroups) in every hierarchy, deepest first; cgroups still
     * holding processes cannot be removed and make this fail.
     */
    static void remove(String cgroupPath) {
        List<String> failures = new ArrayList<>();
        for (Path top : existing(cgroupPath)) {
            try (Stream<Path> walk = Files.walk(top)) {
                for (Path dir : walk.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
                    try {
                        Files.deleteIfExists(dir);
                    } catch (IOException e) {
                        failures.add(dir + ": " + e.getMessage());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (!failures.isEmpty()) {
            throw new ContainerRuntimeException("cannot remove cgroup " + cgroupPath + ": " + failures);
        }
    }

    /** The pod's cgroup path under whichever QoS class it was created, if it exists. */
    public static java.util.Optional<String> findPod(String parent, String podUid) {
        for (PodResources.Qos qos : PodResources.Qos.values()) {
            String path = podPath(parent, qos, podUid);
            if (!existing(path).isEmpty()) {
                return java.util.Optional.of(path);
            }
        }
        return java.util.Optional.empty();
    }

    /** Removes the pod's cgroup under every QoS class, then the QoS class cgroups if nothing else uses them. */
    static void removePod(String parent, String podUid) {
        for (PodResources.Qos qos : PodResources.Qos.values()) {
            remove(podPath(parent, qos, podUid));
        }
        for (PodResources.Qos qos : PodResources.Qos.values()) {
            qos.cgroupDir().ifPresent(dir -> existing(parent + "/" + dir).forEach(Cgroups::removeIfEmpty));
        }
    }

    /** A cgroup with children or processes refuses rmdir (EBUSY): then another pod still uses it. */
    private static void removeIfEmpty(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // in use
        }
    }

    /**
     * Creates the pod's cgroup and writes its limits (cgroup v1 files, or v2 ones on a pure v2
     * host): cpu shares/weight, CFS quota, memory limit, pids limit ({@code pidsLimit} <= 0: none).
     */
    static void setUpPod(String podPath, PodResources.PodCgroup limits, long pidsLimit) {
        try {
            if (Files.exists(ROOT.resolve("cgroup.controllers"))) {
                Path dir = Files.createDirectories(ROOT.resolve(podPath.substring(1)));
                writeIfPresent(dir, "cpu.weight", Long.toString(1 + ((limits.cpuShares() - 2) * 9999) / 262142));
                writeIfPresent(dir, "cpu.max", limits.cpuQuota().map(q -> q + " " + PodResources.CPU_PERIOD)
                        .orElse("max " + PodResources.CPU_PERIOD));
                writeIfPresent(dir, "memory.max", limits.memoryLimit().map(String::valueOf).orElse("max"));
                writeIfPresent(dir, "pids.max", pidsLimit > 0 ? Long.toString(pidsLimit) : "max");
                shareQosParent(dir.getParent(), "cpu.weight", 1);
                return;
            }
            for (String controller : List.of("cpu", "memory", "pids")) {
                if (!Files.isDirectory(ROOT.resolve(controller))) {
                    continue; // controller not mounted: nothing to limit with it
                }
                Path hierarchy = ROOT.resolve(controller).toRealPath();
                Path dir = Files.createDirectories(hierarchy.resolve(podPath.substring(1)));
                switch (controller) {
                    case "cpu" -> {
                        writeIfPresent(dir, "cpu.shares", Long.toString(limits.cpuShares()));
                        writeIfPresent(dir, "cpu.cfs_period_us", Long.toString(PodResources.CPU_PERIOD));
                        writeIfPresent(dir, "cpu.cfs_quota_us", limits.cpuQuota().map(String::valueOf).orElse("-1"));
                        shareQosParent(dir.getParent(), "cpu.shares", PodResources.MIN_SHARES);
                    }
                    case "memory" -> writeIfPresent(dir, "memory.limit_in_bytes",
                            limits.memoryLimit().map(String::valueOf).orElse("-1"));
                    default -> writeIfPresent(dir, "pids.max", pidsLimit > 0 ? Long.toString(pidsLimit) : "max");
                }
            }
        } catch (IOException e) {
            throw new ContainerRuntimeException("cannot set up the pod cgroup " + podPath + ": " + e.getMessage(), e);
        }
    }

    /**
     * Kubelet's QoS parents: BestEffort pods share the least CPU weight there is; Burstable ones the
     * sum of their pods' shares (their requests), kept up to date as pods arrive. Guaranteed pods sit
     * directly under the node's parent and need nothing.
     */
    private static void shareQosParent(Path qosDir, String file, long least) throws IOException {
        String name = qosDir.getFileName().toString();
        if (name.equals(PodResources.Qos.BEST_EFFORT.cgroupDir().orElseThrow())) {
            writeIfPresent(qosDir, file, Long.toString(least));
        } else if (name.equals(PodResources.Qos.BURSTABLE.cgroupDir().orElseThrow())) {
            long sum = 0;
            try (var pods = Files.list(qosDir)) {
                for (Path pod : pods.filter(d -> d.getFileName().toString().startsWith("pod")).toList()) {
                    Path value = pod.resolve(file);
                    if (Files.exists(value)) {
                        sum += Long.parseLong(Files.readString(value).strip());
                    }
                }
            }
            writeIfPresent(qosDir, file, Long.toString(Math.max(least, sum)));
        }
    }

    /** The directory of a cgroup in one v1 controller's hierarchy ("memory", "cpuacct", "cpu"), or the unified one. */
    public static Path controllerDir(String controller, String cgroupPath) {
        Path v1 = ROOT.resolve(controller);
        Path hierarchy = Files.isDirectory(v1) ? v1 : ROOT;
        return hierarchy.resolve(cgroupPath.substring(1));
    }

    private static void writeIfPresent(Path dir, String file, String value) throws IOException {
        Path path = dir.resolve(file);
        if (Files.exists(path)) {
            Files.writeString(path, value);
        }
    }

    private static List<Path> hierarchies() {
        List<Path> hierarchies = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(ROOT)) {
            for (Path dir : dirs.toList()) {
                // A v1 mount or the unified one; symlinks like cpu,cpuacct point at mounts already listed.
                if (Files.isDirectory(dir) && !Files.isSymbolicLink(dir) && Files.exists(dir.resolve("cgroup.procs"))) {
                    hierarchies.add(dir);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (Files.exists(ROOT.resolve("cgroup.procs"))) {
            hierarchies.add(ROOT); // pure cgroup v2
        }
        return hierarchies;
    }
}
