package io.podyard.node.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The host's device nodes under /dev (not /dev/pts, which each container mounts anew), as
 * containerd gives them to privileged containers.
 */
final class HostDevices {
    private HostDevices() {
    }

    static List<OciSpec.Device> list() {
        List<OciSpec.Device> devices = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(Path.of("/dev"))) {
            for (Path path : walk.filter(p -> !p.startsWith("/dev/pts") && !p.startsWith("/dev/shm")
                    && !p.startsWith("/dev/mqueue")).toList()) {
                device(path).ifPresent(devices::add);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // A device vanishing while we look is not worth failing the container for.
        }
        return devices;
    }

    private static java.util.Optional<OciSpec.Device> device(Path path) {
        try {
            if (Files.isSymbolicLink(path) || Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)
                    || Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                return java.util.Optional.empty();
            }
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            String type = switch (mode & 0170000) {
                case 0020000 -> "c";
                case 0060000 -> "b";
                default -> null;
            };
            if (type == null || path.toString().equals("/dev/console")) {
                return java.util.Optional.empty();
            }
            long rdev = (Long) Files.getAttribute(path, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
            long major = ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
            long minor = (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
            int uid = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            int gid = (Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS);
            return java.util.Optional.of(new OciSpec.Device(path.toString(), type, major, minor, mode & 07777, uid,
                    gid));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }
}
