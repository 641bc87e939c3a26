package io.podyard.node.images.snapshots;

import io.podyard.node.images.Digest;
import io.podyard.node.images.InvalidContentException;
import io.podyard.node.images.content.ContentStore;
import io.podyard.node.images.content.Durable;
import io.podyard.node.images.content.SingleFlight;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Unpacked layers under {@code <root>/snapshots}, one directory per chain ID (a layer together
 * with everything below it, since a layer's implied directories take their attributes from below).
 * A layer is unpacked into a temporary directory while the digest of its uncompressed tar is
 * checked against the config's diff ID, flushed with syncfs, and renamed into place: a snapshot
 * directory that exists is complete. Each exists once and is shared by every image that has it.
 */
public final class Snapshots {
    private static final String TEMP_PREFIX = ".tmp-";

    private final Path dir;
    private final SingleFlight<Digest, Long> unpacks = new SingleFlight<>();

    public Snapshots(Path root) {
        this.dir = root.resolve("snapshots");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** The snapshot directory of {@code chainId} (it exists once {@link #ensure} returned). */
    public Path path(Digest chainId) {
        return dir.resolve(chainId.hex());
    }

    public boolean exists(Digest chainId) {
        return Files.isDirectory(path(chainId));
    }

    /**
     * Makes sure the snapshot {@code chainId} exists, unpacking {@code layer} if it does not.
     * Concurrent calls for one chain ID in this process unpack once.
     *
     * @param diffId the digest the uncompressed layer must have
     * @param parents the snapshots below, top first
     * @return the bytes of regular files in the snapshot
     * @throws InvalidContentException when the layer does not match its diff ID or is malformed
     * @throws io.podyard.node.images.UnsafeLayerException when an entry would write outside the snapshot
     */
    public long ensure(Digest chainId, Digest diffId, List<Path> parents, ContentStore.Source layer) {
        if (exists(chainId)) {
            return size(chainId);
        }
        return unpacks.run(chainId, () -> exists(chainId) ? size(chainId) : unpack(chainId, diffId, parents, layer));
    }

    private long unpack(Digest chainId, Digest diffId, List<Path> parents, ContentStore.Source layer) {
        Path temp = dir.resolve(TEMP_PREFIX + chainId.hex() + "-" + UUID.randomUUID());
        try {
            Files.createDirectory(temp);
            LayerUnpacker.Result result;
            MessageDigest hasher = diffId.newHasher();
            try (InputStream blob = layer.open();
                    DigestInputStream tar = new DigestInputStream(Decompression.open(blob, "layer " + diffId), hasher)) {
                result = LayerUnpacker.unpack(tar, temp, parents);
                tar.transferTo(java.io.OutputStream.nullOutputStream()); // the tar's end padding counts too
            }
            if (!diffId.matches(hasher)) {
                throw new InvalidContentException("layer " + diffId + " failed verification: its uncompressed content"
                        + " does not match the diff ID in the image config");
            }
            Posix.syncfs(temp);
            try {
                Files.move(temp, path(chainId), StandardCopyOption.ATOMIC_MOVE);
                Durable.syncDirectory(dir);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                // another process unpacked it meanwhile; theirs is identical
                deleteTree(temp);
            }
            return result.bytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack layer " + diffId + ": " + e.getMessage(), e);
        } finally {
            try {
                deleteTree(temp);
            } catch (IOException e) {
                // left for removeIncomplete
            }
        }
    }

    /** Bytes of regular files in a snapshot. */
    public long size(Digest chainId) {
        return size(chainId.hex());
    }

    /** Bytes of regular files in the snapshot named {@code chainIdHex}. */
    public long size(String chainIdHex) {
        long[] total = {0};
        try {
            Files.walkFileTree(dir.resolve(chainIdHex), new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile()) {
                        total[0] += attributes.size();
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure snapshot " + chainIdHex, e);
        }
        return total[0];
    }

    /** Every complete snapshot, by chain ID hex. */
    public List<String> list() {
        List<String> result = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.startsWith(TEMP_PREFIX)) {
                    result.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return result;
    }

    /** Deletes a snapshot; the caller knows no container uses it. */
    public void delete(String chainIdHex) {
        try {
            // rename first, so a crash mid-delete never leaves a partial snapshot under its real name
            Path doomed = dir.resolve(TEMP_PREFIX + "delete-" + chainIdHex + "-" + UUID.randomUUID());
            Files.move(dir.resolve(chainIdHex), doomed, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(doomed);
        } catch (java.nio.file.NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete snapshot " + chainIdHex, e);
        }
    }

    /** Removes half-unpacked layers left by a crash. Only safe when nothing unpacks (the store's exclusive lock). */
    public void removeIncomplete() {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, TEMP_PREFIX + "*")) {
            for (Path entry : entries) {
                deleteTree(entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + dir, e);
        }
    }

    private static void deleteTree(Path path) throws IOException {
        LayerUnpacker.deleteTree(path);
    }
}
