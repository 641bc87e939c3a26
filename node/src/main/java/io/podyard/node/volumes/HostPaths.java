package io.podyard.node.volumes;

import io.podyard.node.runtime.ContainerConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** hostPath volumes: the path on the node, checked (or created) as its {@code type} says. */
final class HostPaths {
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;

    private HostPaths() {
    }

    static Path prepare(String path, String type) {
        if (path == null || !path.startsWith("/")) {
            throw new ContainerConfigException("hostPath must be absolute: " + path);
        }
        Path host = Path.of(path);
        try {
            switch (type == null ? "" : type) {
                case "" -> {
                }
                case "DirectoryOrCreate" -> {
                    if (!Files.isDirectory(host)) {
                        Files.createDirectories(host);
                        Files.setPosixFilePermissions(host, PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                }
                case "Directory" -> require(Files.isDirectory(host), host, "a directory");
                case "FileOrCreate" -> {
                    if (!Files.exists(host)) {
                        Files.createFile(host, PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString("rw-r--r--")));
                    }
                    require(Files.isRegularFile(host), host, "a file");
                }
                case "File" -> require(Files.isRegularFile(host), host, "a file");
                case "Socket" -> require(fileType(host) == S_IFSOCK, host, "a socket");
                case "CharDevice" -> require(fileType(host) == S_IFCHR, host, "a character device");
                case "BlockDevice" -> require(fileType(host) == S_IFBLK, host, "a block device");
                default -> throw new ContainerConfigException("unknown hostPath type " + type);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return host;
    }

    private static int fileType(Path path) throws IOException {
        if (!Files.exists(path)) {
            return -1;
        }
        return ((Integer) Files.getAttribute(path, "unix:mode")) & S_IFMT;
    }

    private static void require(boolean ok, Path path, String what) {
        if (!ok) {
            throw new ContainerConfigException("hostPath type check failed: " + path + " is not " + what);
        }
    }
}
