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
 * Cgroup directories the runtime is responsible for. runc creates and removes each container's
 * cgroup in every hierarchy (cgroup v1 here, plus the unified one in hybrid mode); the pod's
 * parent cgroup is left to us.
 */
final class Cgroups {
    static final Path ROOT = Path.of("/sys/fs/cgroup");

    private Cgroups() {
    }

    /** The cgroup of a pod: {@code <parent>/pod<uid>}. */
    static String podPath(String parent, String podUid) {
        return parent + "/pod" + podUid;
    }

    static String containerPath(String parent, String podUid, String containerName, int attempt) {
        return podPath(parent, podUid) + "/" + containerName + "-" + attempt;
    }

    /** Where a cgroup path exists, in every mounted hierarchy. */
    static List<Path> existing(String cgroupPath) {
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
