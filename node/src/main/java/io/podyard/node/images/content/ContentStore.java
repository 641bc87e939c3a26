package io.podyard.node.images.content;

import io.podyard.node.images.Digest;
import io.podyard.node.images.InvalidContentException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Blobs by digest under {@code <root>/blobs/<algorithm>/<hex>}. A blob is written to
 * {@code <root>/ingest} while its digest is computed, checked against what the caller expects,
 * fsynced and renamed into place; so a blob present under its name is complete and correct, and a
 * blob already present is never fetched or copied again. Concurrent ingests of one digest in this
 * process run once; across processes the rename makes a second copy harmless.
 */
public final class ContentStore {
    private static final int BUFFER = 128 * 1024;

    /** Where a blob's bytes come from, opened only when the blob is missing. */
    @FunctionalInterface
    public interface Source {
        InputStream open() throws IOException;
    }

    private final Path blobs;
    private final Path ingest;
    private final SingleFlight<Digest, Boolean> ingests = new SingleFlight<>();

    public ContentStore(Path root) {
        this.blobs = root.resolve("blobs");
        this.ingest = root.resolve("ingest");
        try {
            Files.createDirectories(blobs.resolve("sha256"));
            Files.createDirectories(ingest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the content store under " + root, e);
        }
    }

    public Path path(Digest digest) {
        return blobs.resolve(digest.algorithm()).resolve(digest.hex());
    }

    public boolean contains(Digest digest) {
        return Files.isRegularFile(path(digest));
    }

    public OptionalLong size(Digest digest) {
        try {
            return OptionalLong.of(Files.size(path(digest)));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Makes sure the blob {@code digest} is present: if it is not, reads {@code source} into it,
     * verifying digest and size ({@code expectedSize} < 0: any size). Returns whether bytes were
     * copied (false when the blob was there already, or another caller copied it meanwhile).
     *
     * @throws InvalidContentException when the bytes do not match; nothing is stored then
     */
    public boolean ingest(Digest digest, long expectedSize, Source source) {
        if (contains(digest)) {
            return false;
        }
        boolean[] copiedHere = {false};
        ingests.run(digest, () -> {
            if (!contains(digest)) {
                write(digest, expectedSize, source);
                copiedHere[0] = true;
            }
            return Boolean.TRUE;
        });
        return copiedHere[0];
    }

    /** Stores {@code content} under its sha256 digest (no copy when present) and returns the digest. */
    public Digest put(byte[] content) {
        Digest digest = Digest.sha256(content);
        ingest(digest, content.length, () -> new java.io.ByteArrayInputStream(content));
        return digest;
    }

    /** Reads a whole blob that should be small (a manifest, a config), refusing one above {@code limit}. */
    public byte[] read(Digest digest, long limit) {
        Path path = path(digest);
        try {
            long size = Files.size(path);
            if (size > limit) {
                throw new InvalidContentException("blob " + digest + " is " + size + " bytes; at most " + limit
                        + " expected");
            }
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read blob " + digest, e);
        }
    }

    public InputStream open(Digest digest) throws IOException {
        return Files.newInputStream(path(digest));
    }

    /** Deletes a blob; returns the bytes freed (0 when it was not there). */
    public long delete(Digest digest) {
        Path path = path(digest);
        try {
            long size = Files.size(path);
            Files.delete(path);
            return size;
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete blob " + digest, e);
        }
    }

    /** Every blob present. */
    public List<Digest> list() {
        List<Digest> digests = new ArrayList<>();
        try (DirectoryStream<Path> algorithms = Files.newDirectoryStream(blobs)) {
            for (Path algorithm : algorithms) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(algorithm)) {
                    for (Path file : files) {
                        digests.add(new Digest(algorithm.getFileName().toString(), file.getFileName().toString()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + blobs, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("a file in " + blobs + " is not named by a digest", e);
        }
        digests.sort(null);
        return digests;
    }

    /** Removes half-written blobs left by a crash. Only safe when nothing ingests (the caller holds the store's exclusive lock). */
    public void removeIncompleteIngests() {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(ingest)) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + ingest, e);
        }
    }

    private void write(Digest digest, long expectedSize, Source source) {
        Path temp = ingest.resolve(digest.hex() + "-" + UUID.randomUUID());
        try {
            try (InputStream in = Objects.requireNonNull(source.open(), "source");
                    FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                MessageDigest hasher = digest.newHasher();
                long written = copy(in, out, hasher, digest, expectedSize);
                if (expectedSize >= 0 && written != expectedSize) {
                    throw new InvalidContentException("blob " + digest + " has " + written + " bytes; its descriptor says "
                            + expectedSize);
                }
                Digest actual = Digest.of(hasher);
                if (!actual.equals(digest)) {
                    throw new InvalidContentException("blob " + digest + " failed verification: its content has digest "
                            + actual);
                }
                out.force(true);
            }
            Path target = path(digest);
            Files.createDirectories(target.getParent());
            Durable.moveAtomically(temp, target);
            Durable.syncDirectory(target.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store blob " + digest + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // the rename happened or the write failed first; a leftover is cleaned up later
            }
        }
    }

    private static long copy(InputStream in, FileChannel out, MessageDigest hasher, Digest digest, long expectedSize)
            throws IOException {
        byte[] buffer = new byte[BUFFER];
        long written = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            written += n;
            if (expectedSize >= 0 && written > expectedSize) {
                // Stop early: a source that sends more than the descriptor says is wrong, and may be endless.
                throw new InvalidContentException("blob " + digest + " is larger than its descriptor's " + expectedSize
                        + " bytes");
            }
            hasher.update(buffer, 0, n);
            ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
            while (chunk.hasRemaining()) {
                out.write(chunk);
            }
        }
        return written;
    }
}
