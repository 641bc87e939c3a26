package io.podyard.node.images.content;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** fsync and atomic replacement: what a file must go through to survive a crash whole or not at all. */
public final class Durable {
    private Durable() {
    }

    /** fsyncs a directory, so a rename or create inside it survives a crash. */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Writes {@code content} to {@code target} atomically: temp file, fsync, rename, fsync the directory. */
    public static void writeAtomically(Path target, byte[] content, boolean sync) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                if (sync) {
                    channel.force(true);
                }
            }
            moveAtomically(temp, target);
            if (sync) {
                syncDirectory(dir);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** rename(2): replaces {@code target} in one step; both must be on one filesystem. */
    public static void moveAtomically(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + source + " to " + target + " atomically", e);
        }
    }
}
