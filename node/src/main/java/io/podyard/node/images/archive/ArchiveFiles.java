package io.podyard.node.images.archive;

import io.podyard.node.images.InvalidContentException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/** The files of an archive by their path inside it: a directory, or a tar read with random access. */
sealed interface ArchiveFiles extends AutoCloseable {

    /** The file's size, if the archive has a regular file at {@code path}. */
    Optional<Long> size(String path);

    InputStream open(String path) throws IOException;

    @Override
    void close() throws IOException;

    default byte[] read(String path, long limit) throws IOException {
        long size = size(path).orElseThrow(() -> new InvalidContentException("the archive has no " + path));
        if (size > limit) {
            throw new InvalidContentException("the archive's " + path + " is " + size + " bytes; at most " + limit
                    + " expected");
        }
        try (InputStream in = open(path)) {
            return in.readAllBytes();
        }
    }

    /** Paths inside an archive are relative, without {@code ..}; anything else names nothing. */
    static Optional<String> normalise(String path) {
        String p = path;
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        if (p.isEmpty() || p.startsWith("/") || p.endsWith("/")) {
            return Optional.empty();
        }
        for (String component : p.split("/")) {
            if (component.isEmpty() || component.equals(".") || component.equals("..")) {
                return Optional.empty();
            }
        }
        return Optional.of(p);
    }

    /** An OCI layout directory. Symlinks inside it are not followed. */
    record Directory(Path root) implements ArchiveFiles {
        @Override
        public Optional<Long> size(String path) {
            Optional<Path> file = resolve(path);
            try {
                return file.isPresent() && Files.isRegularFile(file.get(), LinkOption.NOFOLLOW_LINKS)
                        ? Optional.of(Files.size(file.get())) : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        @Override
        public InputStream open(String path) throws IOException {
            Path file = resolve(path).orElseThrow(() -> new InvalidContentException("the archive has no " + path));
            return Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
        }

        private Optional<Path> resolve(String path) {
            return normalise(path).map(root::resolve);
        }

        @Override
        public void close() {
        }
    }

    /**
     * A tar file, read with random access so blobs the store has are skipped without reading them.
     * Symlinks inside the archive are followed within it (older {@code docker save} links repeated
     * layers to their first copy).
     */
    final class Tar implements ArchiveFiles {
        private static final int MAX_LINKS = 8;
        private final TarFile tar;
        private final Map<String, TarArchiveEntry> files = new HashMap<>();
        private final Map<String, String> links = new HashMap<>();

        Tar(Path path) throws IOException {
            this.tar = new TarFile(path);
            for (TarArchiveEntry entry : tar.getEntries()) {
                Optional<String> name = normalise(entry.getName());
                if (name.isEmpty()) {
                    continue;
                }
                if (entry.isSymbolicLink()) {
                    int slash = name.get().lastIndexOf('/');
                    String dir = slash < 0 ? "" : name.get().substring(0, slash + 1);
                    links.put(name.get(), entry.getLinkName().startsWith("/") ? entry.getLinkName() : dir + entry.getLinkName());
                } else if (entry.isFile()) {
                    files.put(name.get(), entry);
                }
            }
        }

        private Optional<TarArchiveEntry> entry(String path) {
            Optional<String> name = normalise(path);
            for (int hops = 0; name.isPresent() && hops <= MAX_LINKS; hops++) {
                TarArchiveEntry entry = files.get(name.get());
                if (entry != null) {
                    return Optional.of(entry);
                }
                String target = links.get(name.get());
                name = target == null ? Optional.empty() : normalise(collapse(target));
            }
            return Optional.empty();
        }

        /** {@code a/b/../c} to {@code a/c}; a path climbing out of the archive names nothing. */
        private static String collapse(String path) {
            java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
            for (String part : path.split("/")) {
                if (part.equals("..")) {
                    if (parts.isEmpty()) {
                        return "/";
                    }
                    parts.removeLast();
                } else if (!part.isEmpty() && !part.equals(".")) {
                    parts.addLast(part);
                }
            }
            return String.join("/", parts);
        }

        @Override
        public Optional<Long> size(String path) {
            return entry(path).map(TarArchiveEntry::getSize);
        }

        @Override
        public InputStream open(String path) throws IOException {
            TarArchiveEntry entry = entry(path).orElseThrow(() -> new InvalidContentException("the archive has no " + path));
            return tar.getInputStream(entry);
        }

        @Override
        public void close() throws IOException {
            tar.close();
        }
    }
}
