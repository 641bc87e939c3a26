package io.podyard.node.volumes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The files of a configMap, secret, downwardAPI or projected volume, laid out as kubelet's
 * AtomicWriter does so that an update is seen all at once: the files live in a fresh
 * {@code ..<generation>} directory, the symlink {@code ..data} points at it, and each top-level
 * name is a symlink through {@code ..data}. An update writes a new directory and renames a new
 * {@code ..data} link over the old one (one rename(2)), then drops the old directory. A reader of
 * {@code key} therefore sees the old set of files or the new one, never a mix.
 */
final class AtomicDir {
    static final String DATA = "..data";
    private static final AtomicLong GENERATION = new AtomicLong(System.nanoTime());

    private AtomicDir() {
    }

    /** Makes {@code dir} show exactly {@code files}; returns false (writing nothing) when it already does. */
    static boolean write(Path dir, List<ProjectedFile> files) {
        try {
            Files.createDirectories(dir);
            Path data = dir.resolve(DATA);
            Path old = Files.isSymbolicLink(data) ? dir.resolve(Files.readSymbolicLink(data)) : null;
            if (old != null && same(old, files)) {
                return false;
            }
            Path fresh = dir.resolve(".." + Long.toString(GENERATION.incrementAndGet(), 36));
            Files.createDirectory(fresh);
            setMode(fresh, 0755);
            for (ProjectedFile file : files) {
                Path target = fresh.resolve(file.path());
                Files.createDirectories(target.getParent());
                Files.write(target, file.content());
                setMode(target, file.mode());
            }
            Path link = dir.resolve(DATA + "_tmp");
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, fresh.getFileName());
            Files.move(link, data, StandardCopyOption.ATOMIC_MOVE);
            linkTopLevel(dir, files);
            if (old != null) {
                deleteTree(old);
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void linkTopLevel(Path dir, List<ProjectedFile> files) throws IOException {
        Set<String> names = new HashSet<>();
        for (ProjectedFile file : files) {
            names.add(file.path().split("/", 2)[0]);
        }
        for (String name : names) {
            Path link = dir.resolve(name);
            if (!Files.isSymbolicLink(link)) {
                Files.createSymbolicLink(link, Path.of(DATA, name));
            }
        }
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.startsWith("..") && !names.contains(name) && Files.isSymbolicLink(entry)) {
                    Files.delete(entry);
                }
            }
        }
    }

    private static boolean same(Path current, List<ProjectedFile> files) throws IOException {
        Map<Path, ProjectedFile> wanted = new HashMap<>();
        files.forEach(f -> wanted.put(current.resolve(f.path()), f));
        try (Stream<Path> walk = Files.walk(current)) {
            List<Path> present = walk.filter(Files::isRegularFile).toList();
            if (present.size() != wanted.size()) {
                return false;
            }
            for (Path path : present) {
                ProjectedFile file = wanted.get(path);
                if (file == null || mode(path) != file.mode() || !Arrays.equals(Files.readAllBytes(path), file.content())) {
                    return false;
                }
            }
        }
        return true;
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static int mode(Path path) throws IOException {
        int mode = 0;
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ … OTHERS_EXECUTE
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
        for (int i = 0; i < 9; i++) {
            if (permissions.contains(bits[i])) {
                mode |= 1 << (8 - i);
            }
        }
        return mode;
    }

    static void setMode(Path path, int mode) throws IOException {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values();
        for (int i = 0; i < 9; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                permissions.add(bits[i]);
            }
        }
        Files.setPosixFilePermissions(path, permissions);
    }
}
