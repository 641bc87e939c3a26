package io.podyard.node.images.snapshots;

import io.podyard.node.images.InvalidContentException;
import io.podyard.node.images.UnsafeLayerException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unpacks one layer tar into an empty directory in the form overlayfs stacks: {@code .wh.name}
 * becomes a 0:0 character device {@code name}, {@code .wh..wh..opq} becomes the xattr
 * {@code trusted.overlay.opaque=y} on its directory. Modes (with setuid/setgid/sticky), owners,
 * mtimes, symlinks, hard links, devices, fifos and xattrs are kept.
 *
 * <p>Nothing is written outside the directory: entry paths with {@code ..} are refused, absolute
 * ones are taken relative to the root, every parent is checked (lstat, never followed) to be a real
 * directory inside it, so a symlink in the layer cannot redirect a later write, and a hard link
 * must point at a file already unpacked from this layer. Files are created with O_EXCL, which does
 * not follow a symlink either.
 */
final class LayerUnpacker {
    private static final Logger LOG = LoggerFactory.getLogger(LayerUnpacker.class);
    private static final String WHITEOUT = ".wh.";
    private static final String WHITEOUT_META = ".wh..wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    static final String OPAQUE_XATTR = "trusted.overlay.opaque";
    private static final String PAX_XATTR = "SCHILY.xattr.";
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    /** What was unpacked: bytes of regular files and the number of entries. */
    record Result(long bytes, long entries) {
    }

    private record DirTime(Path dir, FileTime mtime) {
    }

    private final Path root;
    private final List<Path> parents;
    private final List<DirTime> dirTimes = new ArrayList<>();
    private long bytes;
    private long entries;

    private LayerUnpacker(Path root, List<Path> parents) {
        this.root = root;
        this.parents = parents;
    }

    /**
     * @param tar the uncompressed layer
     * @param root an existing empty directory to unpack into
     * @param parents the snapshots below this layer, top first: a directory this layer only implies
     *     (a file in it without an entry for it) takes their directory's mode, owner and mtime
     */
    static Result unpack(InputStream tar, Path root, List<Path> parents) throws IOException {
        LayerUnpacker unpacker = new LayerUnpacker(root, List.copyOf(parents));
        TarArchiveInputStream in = new TarArchiveInputStream(tar);
        TarArchiveEntry entry;
        while ((entry = in.getNextEntry()) != null) {
            unpacker.entries++;
            unpacker.apply(entry, in);
        }
        // Directory mtimes last: creating their children changed them.
        for (DirTime d : unpacker.dirTimes) {
            setTimes(d.dir(), d.mtime());
        }
        return new Result(unpacker.bytes, unpacker.entries);
    }

    private void apply(TarArchiveEntry entry, InputStream data) throws IOException {
        EntryPath path = EntryPath.parse(entry.getName());
        if (path.isRoot()) {
            return; // the snapshot root itself: overlayfs takes the root from the mount, as containerd does
        }
        Path dir = parentDirectory(path);
        String base = path.base();
        if (base.startsWith(WHITEOUT)) {
            whiteout(path, dir, base, entry);
            return;
        }
        Path target = dir.resolve(base);
        BasicFileAttributes existing = lstat(target);
        boolean replacesWhiteout = false;
        if (existing != null && !(existing.isDirectory() && entry.isDirectory())) {
            replacesWhiteout = isWhiteout(target, existing);
            deleteTree(target);
        }
        if (entry.isDirectory()) {
            if (lstat(target) == null) {
                Files.createDirectory(target);
            }
            if (replacesWhiteout) {
                // deleted and re-created in this layer: nothing from below may show through
                Posix.lsetxattr(target, OPAQUE_XATTR, new byte[] {'y'});
            }
        } else if (entry.isSymbolicLink()) {
            if (entry.getLinkName().isEmpty()) {
                throw new InvalidContentException("layer entry \"" + entry.getName() + "\" is a symlink to nothing");
            }
            Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
        } else if (entry.isLink()) {
            Files.createLink(target, hardLinkTarget(entry));
            return; // same inode as its target, which has its metadata already
        } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
            int type = entry.isCharacterDevice() ? Posix.S_IFCHR : entry.isBlockDevice() ? Posix.S_IFBLK : Posix.S_IFIFO;
            Posix.mknod(target, type, entry.getMode(), entry.getDevMajor(), entry.getDevMinor());
        } else if (entry.isFile()) {
            try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                bytes += data.transferTo(out);
            }
        } else {
            throw new InvalidContentException("layer entry \"" + entry.getName() + "\" has tar type '"
                    + (char) entry.getLinkFlag() + "', which a layer may not contain");
        }
        applyMetadata(target, entry);
    }

    private void applyMetadata(Path target, TarArchiveEntry entry) throws IOException {
        Files.setAttribute(target, "unix:uid", (int) entry.getLongUserId(), NOFOLLOW);
        Files.setAttribute(target, "unix:gid", (int) entry.getLongGroupId(), NOFOLLOW);
        for (Map.Entry<String, String> header : entry.getExtraPaxHeaders().entrySet()) {
            if (header.getKey().startsWith(PAX_XATTR)) {
                setXattr(target, entry, header.getKey().substring(PAX_XATTR.length()), header.getValue());
            }
        }
        if (!entry.isSymbolicLink()) {
            // after chown, which clears setuid/setgid
            Posix.chmod(target, entry.getMode());
        }
        FileTime mtime = entry.getLastModifiedTime();
        if (entry.isDirectory()) {
            dirTimes.add(new DirTime(target, mtime));
        } else {
            setTimes(target, mtime);
        }
    }

    private void setXattr(Path target, TarArchiveEntry entry, String name, String value) throws IOException {
        if (name.startsWith("trusted.overlay.")) {
            // overlayfs' own attributes (redirects, metacopy) would let a layer steer the mount; only
            // this unpacker writes them
            LOG.warn("layer entry {}: ignoring xattr {}", entry.getName(), name);
            return;
        }
        if (value.indexOf('\uFFFD') >= 0) {
            // the tar library decodes PAX values as UTF-8; a binary value that was not valid UTF-8 is lost
            LOG.warn("layer entry {}: ignoring xattr {}: its binary value cannot be read", entry.getName(), name);
            return;
        }
        try {
            Posix.lsetxattr(target, name, value.getBytes(StandardCharsets.UTF_8));
        } catch (Posix.ErrnoException e) {
            if (e.errno() == Posix.ENOTSUP || (e.errno() == Posix.EPERM && name.startsWith("user."))) {
                LOG.warn("layer entry {}: ignoring xattr {}: {}", entry.getName(), name, e.getMessage());
                return;
            }
            throw e;
        }
    }

    private void whiteout(EntryPath path, Path dir, String base, TarArchiveEntry entry) throws IOException {
        if (base.equals(OPAQUE)) {
            Posix.lsetxattr(dir, OPAQUE_XATTR, new byte[] {'y'});
            return;
        }
        if (base.startsWith(WHITEOUT_META)) {
            return; // AUFS bookkeeping (.wh..wh.plnk, .wh..wh.aufs): nothing to unpack
        }
        String name = base.substring(WHITEOUT.length());
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw new UnsafeLayerException(path.entry(), "a whiteout must name an entry of its directory");
        }
        Path target = dir.resolve(name);
        if (lstat(target) != null) {
            return; // added by this very layer: a whiteout only hides what is below
        }
        Posix.mknod(target, Posix.S_IFCHR, 0, 0, 0);
        Files.setAttribute(target, "unix:uid", (int) entry.getLongUserId(), NOFOLLOW);
        Files.setAttribute(target, "unix:gid", (int) entry.getLongGroupId(), NOFOLLOW);
    }

    /** The entry's parent directory, created where missing, each step checked to be a real directory. */
    private Path parentDirectory(EntryPath path) throws IOException {
        Path current = root;
        List<String> parentComponents = path.parents();
        for (int i = 0; i < parentComponents.size(); i++) {
            Path next = current.resolve(parentComponents.get(i));
            BasicFileAttributes attributes = lstat(next);
            if (attributes == null) {
                implicitDirectory(next, parentComponents.subList(0, i + 1));
            } else if (attributes.isSymbolicLink()) {
                throw new UnsafeLayerException(path.entry(), "its parent "
                        + String.join("/", parentComponents.subList(0, i + 1)) + " is a symlink, which is never followed");
            } else if (!attributes.isDirectory()) {
                if (!isWhiteout(next, attributes)) {
                    throw new InvalidContentException("layer entry \"" + path.entry() + "\": its parent "
                            + String.join("/", parentComponents.subList(0, i + 1)) + " is not a directory");
                }
                Files.delete(next);
                implicitDirectory(next, parentComponents.subList(0, i + 1));
                Posix.lsetxattr(next, OPAQUE_XATTR, new byte[] {'y'});
            }
            current = next;
        }
        return current;
    }

    /** A directory the layer implies: as it is in the layers below, else root's 0755. */
    private void implicitDirectory(Path dir, List<String> components) throws IOException {
        Files.createDirectory(dir);
        Path below = belowDirectory(components);
        if (below == null) {
            Posix.chmod(dir, 0755);
            return;
        }
        Map<String, Object> attributes = Files.readAttributes(below, "unix:uid,gid,mode,lastModifiedTime", NOFOLLOW);
        Files.setAttribute(dir, "unix:uid", attributes.get("uid"), NOFOLLOW);
        Files.setAttribute(dir, "unix:gid", attributes.get("gid"), NOFOLLOW);
        Posix.chmod(dir, (Integer) attributes.get("mode"));
        dirTimes.add(new DirTime(dir, (FileTime) attributes.get("lastModifiedTime")));
    }

    /** The directory at {@code components} in the topmost parent snapshot that has it, walking without following links. */
    private Path belowDirectory(List<String> components) throws IOException {
        for (Path layer : parents) {
            Path current = layer;
            boolean found = true;
            for (String component : components) {
                current = current.resolve(component);
                BasicFileAttributes attributes = lstat(current);
                if (attributes == null) {
                    found = false;
                    break;
                }
                if (!attributes.isDirectory()) {
                    return null; // replaced or deleted (whiteout) in this layer: nothing below counts
                }
            }
            if (found) {
                return current;
            }
        }
        return null;
    }

    private Path hardLinkTarget(TarArchiveEntry entry) throws IOException {
        EntryPath link = EntryPath.parse(entry.getLinkName());
        if (link.isRoot()) {
            throw new UnsafeLayerException(entry.getName(), "a hard link to the root");
        }
        Path current = root;
        for (String component : link.parents()) {
            current = current.resolve(component);
            BasicFileAttributes attributes = lstat(current);
            if (attributes == null || !attributes.isDirectory()) {
                throw new UnsafeLayerException(entry.getName(), "its hard link target " + entry.getLinkName()
                        + " is not a file of this layer");
            }
        }
        Path target = current.resolve(link.base());
        BasicFileAttributes attributes = lstat(target);
        if (attributes == null) {
            throw new UnsafeLayerException(entry.getName(), "its hard link target " + entry.getLinkName()
                    + " is not a file of this layer");
        }
        if (attributes.isDirectory()) {
            throw new UnsafeLayerException(entry.getName(), "a hard link to the directory " + entry.getLinkName());
        }
        return target;
    }

    static boolean isWhiteout(Path path, BasicFileAttributes attributes) throws IOException {
        if (!attributes.isOther()) {
            return false;
        }
        Map<String, Object> unix = Files.readAttributes(path, "unix:mode,rdev", NOFOLLOW);
        return (((Integer) unix.get("mode")) & 0170000) == Posix.S_IFCHR && ((Long) unix.get("rdev")) == 0L;
    }

    static BasicFileAttributes lstat(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static void setTimes(Path path, FileTime mtime) throws IOException {
        Posix.setTimes(path, mtime);
    }

    /** Deletes a file or a whole tree without following symlinks. */
    static void deleteTree(Path path) throws IOException {
        if (lstat(path) == null) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
