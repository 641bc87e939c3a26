package io.podyard.node.images;

import io.podyard.node.images.content.Durable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The images of a store: {@code images.json}, rewritten whole and atomically on every change, so a
 * crash leaves either the old or the new list. Another process (the CLI) may change it; every read
 * checks whether the file was replaced and re-reads it then.
 */
final class Catalog {
    private static final int VERSION = 1;
    static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    record File(int version, List<StoredImage> images) {
    }

    /** What identifies one version of the file: rename gives a new inode, writes a new mtime. */
    private record Stamp(Object fileKey, long modifiedNanos, long size) {
    }

    private final Path file;
    private final StoreLock.Region lock;
    private List<StoredImage> images = List.of();
    private Stamp stamp;

    Catalog(Path file, StoreLock.Region lock) {
        this.file = file;
        this.lock = lock;
    }

    List<StoredImage> read() {
        return lock.shared(this::current);
    }

    /**
     * Applies {@code change} to the current list and writes the result; {@code durable} fsyncs it
     * (skipped for last-used times, which are hints).
     */
    List<StoredImage> update(UnaryOperator<List<StoredImage>> change, boolean durable) {
        return lock.exclusive(() -> {
            List<StoredImage> before = current();
            List<StoredImage> after = List.copyOf(change.apply(before));
            if (!after.equals(before)) {
                write(after, durable);
            }
            return after;
        });
    }

    private synchronized List<StoredImage> current() {
        Stamp now = stamp();
        if (!Objects.equals(now, stamp)) {
            images = now == null ? List.of() : load();
            stamp = now;
        }
        return images;
    }

    private synchronized void write(List<StoredImage> next, boolean durable) {
        try {
            Durable.writeAtomically(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(new File(VERSION, next)),
                    durable);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        images = next;
        stamp = stamp();
    }

    private List<StoredImage> load() {
        try {
            File read = JSON.readValue(Files.readAllBytes(file), File.class);
            if (read.version() != VERSION) {
                throw new IllegalStateException(file + " has version " + read.version() + "; this Podyard reads "
                        + VERSION);
            }
            return List.copyOf(Objects.requireNonNullElse(read.images(), List.of()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (JacksonException e) {
            throw new IllegalStateException(file + " is corrupt: " + e.getOriginalMessage(), e);
        }
    }

    private Stamp stamp() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(attributes.fileKey(), attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS),
                    attributes.size());
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
