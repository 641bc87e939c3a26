package io.podyard.node.volumes;

import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Kubelet's SetVolumeOwnership for a pod's fsGroup: every file and directory of the volume gets the
 * group, group read/write (read only for configMap/secret/downwardAPI/projected volumes), and
 * directories get group execute and setgid so new files inherit the group. Symlinks (the atomic
 * writer's {@code ..data}) are left alone.
 */
final class VolumeOwnership {
    private static final int RW = 0660;
    private static final int RO = 0440;
    private static final int EXEC = 0110;
    private static final int SETGID = 02000;

    private VolumeOwnership() {
    }

    static Optional<Long> fsGroup(Pod pod) {
        return Optional.ofNullable(pod.getSpec().getSecurityContext()).map(s -> s.getFsGroup());
    }

    static void apply(Path volume, long fsGroup, boolean readOnly) {
        try (Stream<Path> walk = Files.walk(volume)) {
            for (Path path : walk.toList()) {
                if (Files.isSymbolicLink(path)) {
                    continue;
                }
                Files.setAttribute(path, "unix:gid", (int) fsGroup, LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
                int mask = readOnly ? RO : RW;
                if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    mask |= SETGID | EXEC;
                }
                Files.setAttribute(path, "unix:mode", mode | mask, LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("setting the fsGroup of " + volume + ": " + e.getMessage(), e);
        }
    }
}
