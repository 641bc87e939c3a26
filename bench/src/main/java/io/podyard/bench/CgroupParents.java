package io.podyard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Removes a benchmark's (emptied) cgroup parent from every hierarchy. */
final class CgroupParents {
    private CgroupParents() {
    }

    static void remove(String parent) {
        try (var hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path hierarchy : hierarchies.toList()) {
                Path dir = hierarchy.resolve(parent.substring(1));
                if (Files.isDirectory(dir)) {
                    try {
                        Files.delete(dir); // rmdir: refused while a child cgroup is left, which then shows
                    } catch (IOException e) {
                        System.err.println("cgroup " + dir + " left: " + e);
                    }
                }
            }
        } catch (IOException e) {
            System.err.println("cgroups: " + e);
        }
    }
}
