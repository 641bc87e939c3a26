package io.podyard.cli;

import java.nio.file.Path;

/** Where Podyard keeps its state unless {@code --data-dir} says otherwise (as {@code podyard server}). */
final class DataDir {
    private DataDir() {
    }

    static Path orDefault(Path given) {
        if (given != null) {
            return given;
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        return root ? Path.of("/var/lib/podyard") : Path.of(System.getProperty("user.home"), ".podyard");
    }
}
