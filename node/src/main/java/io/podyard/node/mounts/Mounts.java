package io.podyard.node.mounts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The mounts the node agent makes: overlay root file systems, tmpfs and bind mounts. Every call
 * either succeeds or throws a {@link MountException} naming the mount and the errno; unmounting
 * something that is not mounted is not an error, so teardown can be repeated.
 */
public final class Mounts {
    /** mount(2) copies at most one page of options; stay under it. */
    static final int MAX_OPTIONS = 4000;

    private Mounts() {
    }

    /**
     * Mounts an overlay at {@code target}: {@code lowerTopFirst} are read-only layers, the first
     * one on top (as overlayfs orders them); writes go to {@code upper}, with {@code work} as
     * overlayfs' scratch directory on the same file system. Creates upper, work and target.
     * When the layer list does not fit in one mount(2) call, short symlinks to the layers are made
     * in {@code work}'s sibling directory {@code links} and named instead.
     */
    public static void overlay(List<Path> lowerTopFirst, Path upper, Path work, Path target) {
        if (lowerTopFirst.isEmpty()) {
            throw new MountException("overlay at " + target + " needs at least one lower layer");
        }
        for (Path layer : lowerTopFirst) {
            if (!Files.isDirectory(layer)) {
                throw new MountException("overlay layer " + layer + " is not a directory");
            }
        }
        createDirectories(upper, work, target);
        String options = overlayOptions(lowerTopFirst.stream().map(Path::toString).toList(), upper, work);
        if (options.length() > MAX_OPTIONS) {
            options = overlayOptions(linkLayers(lowerTopFirst, work.resolveSibling("links")), upper, work);
            if (options.length() > MAX_OPTIONS) {
                throw new MountException("overlay at " + target + ": " + lowerTopFirst.size()
                        + " layers do not fit in one mount call");
            }
        }
        check(Syscalls.mount("overlay", target.toString(), "overlay", 0, options), "mount overlay at " + target);
    }

    static String overlayOptions(List<String> lowerTopFirst, Path upper, Path work) {
        for (String layer : lowerTopFirst) {
            if (layer.contains(":") || layer.contains(",")) {
                throw new MountException("overlay layer path " + layer + " contains ':' or ','");
            }
        }
        return "lowerdir=" + String.join(":", lowerTopFirst) + ",upperdir=" + upper + ",workdir=" + work;
    }

    private static List<String> linkLayers(List<Path> layers, Path linkDir) {
        List<String> links = new ArrayList<>();
        try {
            Files.createDirectories(linkDir);
            for (int i = 0; i < layers.size(); i++) {
                Path link = linkDir.resolve(Integer.toString(i, 36));
                Files.deleteIfExists(link);
                Files.createSymbolicLink(link, layers.get(i).toAbsolutePath());
                links.add(link.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return links;
    }

    /** Mounts a tmpfs at {@code target} (created if missing), nosuid and nodev. */
    public static void tmpfs(Path target, String options, boolean noExec) {
        createDirectories(target);
        long flags = Syscalls.MS_NOSUID | Syscalls.MS_NODEV | (noExec ? Syscalls.MS_NOEXEC : 0);
        check(Syscalls.mount("tmpfs", target.toString(), "tmpfs", flags, options), "mount tmpfs at " + target);
    }

    /** Bind-mounts {@code source} onto {@code target} (which must exist), read-only when asked. */
    public static void bind(Path source, Path target, boolean readOnly) {
        check(Syscalls.mount(source.toString(), target.toString(), null, Syscalls.MS_BIND, null),
                "bind " + source + " at " + target);
        if (readOnly) {
            // A bind mount only becomes read-only through a remount of the new mount.
            int errno = Syscalls.mount(null, target.toString(), null,
                    Syscalls.MS_BIND | Syscalls.MS_REMOUNT | Syscalls.MS_RDONLY, null);
            if (errno != 0) {
                Syscalls.umount2(target.toString(), Syscalls.MNT_DETACH);
                check(errno, "remount " + target + " read-only");
            }
        }
    }

    /**
     * Unmounts everything stacked at {@code target}; a path that is not (or no longer) mounted is
     * fine. A busy mount is detached lazily rather than left behind.
     */
    public static void unmount(Path target) {
        for (int i = 0; i < 16; i++) {
            int errno = Syscalls.umount2(target.toString(), Syscalls.UMOUNT_NOFOLLOW);
            if (errno == Syscalls.EBUSY) {
                errno = Syscalls.umount2(target.toString(), Syscalls.MNT_DETACH | Syscalls.UMOUNT_NOFOLLOW);
            }
            if (errno == Syscalls.EINVAL || errno == Syscalls.ENOENT) {
                return;
            }
            check(errno, "unmount " + target);
        }
        throw new MountException("unmount " + target + ": still mounted after 16 unmounts");
    }

    /** Whether something is mounted exactly at {@code path}. */
    public static boolean isMounted(Path path) {
        return MountTable.read().stream().anyMatch(m -> m.equals(path.toAbsolutePath().normalize()));
    }

    /** Mount points at or below {@code dir}, deepest first (the order to unmount them in). */
    public static List<Path> mountedUnder(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        List<Path> found = new ArrayList<>(MountTable.read().stream().filter(m -> m.startsWith(root)).toList());
        found.sort((a, b) -> Integer.compare(b.getNameCount(), a.getNameCount()));
        return found;
    }

    private static void createDirectories(Path... dirs) {
        try {
            for (Path dir : dirs) {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void check(int errno, String what) {
        if (errno != 0) {
            throw new MountException(what + ": " + Syscalls.strerror(errno), errno);
        }
    }
}
