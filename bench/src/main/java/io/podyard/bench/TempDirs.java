package io.podyard.bench;

import io.podyard.node.mounts.Mounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Removes a benchmark's scratch directory — unless something is still mounted under it. */
final class TempDirs {
    private TempDirs() {
    }

    static void delete(Path dir) {
        if (!Mounts.mountedUnder(dir).isEmpty()) {
            System.err.println("left " + dir + " in place: something is still mounted under it");
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not remove " + dir + ": " + e);
        }
    }
}
