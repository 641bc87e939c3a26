package io.podyard.node.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Reads a container's CRI log the way kubelet serves `kubectl logs`: the messages (not the CRI
 * framing), optionally prefixed with their time, from the rotated files and the live one; the
 * last N lines, lines since a time, up to a byte limit, and following the live file — across
 * rotations — until the container has exited and its output is read.
 */
public final class ContainerLogs {
    private static final Duration FOLLOW_POLL = Duration.ofMillis(100);

    private ContainerLogs() {
    }

    /**
     * @param tailLines  the last lines only, -1 for all
     * @param since      only lines at or after this time, null for all
     * @param timestamps prefix each line with its time (RFC3339, nanoseconds, UTC)
     * @param follow     keep reading the live file while {@code running} says the container runs
     * @param limitBytes stop after this many bytes, -1 for no limit
     */
    public record Options(int tailLines, Instant since, boolean timestamps, boolean follow, long limitBytes) {
        public static final Options ALL = new Options(-1, null, false, false, -1);
    }

    /** One logical line: its fragments joined; {@code complete} when its end ("F") was seen. */
    private record Line(Instant time, String text, boolean complete) {
    }

    /**
     * Writes the log of the container whose live file is {@code live} to {@code out}. With follow,
     * returns once {@code running} is false and everything written so far has been read.
     */
    public static void read(Path live, Options options, OutputStream out, BooleanSupplier running)
            throws IOException {
        Objects.requireNonNull(running, "running");
        Writer writer = new Writer(out, options);
        Reader reader = new Reader(options, writer);
        LiveFile current = LiveFile.open(live);
        try {
            for (Path file : LogFiles.rotated(live)) {
                reader.consumeWhole(file);
            }
            if (current != null) {
                reader.consumeAvailable(current.channel());
            }
            if (options.follow()) {
                reader.flushTail();
                current = follow(live, current, reader, running);
            }
            // An unfinished last line (a container that ended mid-line) is shown as it is.
            reader.flushPending();
            reader.flushTail();
        } catch (LimitReached e) {
            // --limit-bytes: the reader stops quietly.
        } finally {
            if (current != null) {
                current.channel().close();
            }
        }
        out.flush();
    }

    /**
     * An open live file and the identity (device, inode) it had when opened: the same path
     * names another file after a rotation, and following must notice without losing lines.
     */
    private record LiveFile(FileChannel channel, Object key) {
        static LiveFile open(Path path) throws IOException {
            while (true) {
                Object before = fileKey(path);
                FileChannel channel;
                try {
                    channel = FileChannel.open(path, StandardOpenOption.READ);
                } catch (NoSuchFileException e) {
                    return null;
                }
                Object after = fileKey(path);
                if (after != null && after.equals(before)) {
                    return new LiveFile(channel, after);
                }
                channel.close(); // Renamed while we opened it: try again.
            }
        }
    }

    /** Reads on until the container has exited; returns the file it ended on, to be closed. */
    private static LiveFile follow(Path live, LiveFile current, Reader reader, BooleanSupplier running)
            throws IOException {
        try {
            while (true) {
                boolean wasRunning = running.getAsBoolean();
                boolean progressed = current != null && reader.consumeAvailable(current.channel());
                // A rotation renamed our file aside: finish it, then continue with the new live file.
                Object key = fileKey(live);
                if (key != null && (current == null || !key.equals(current.key()))) {
                    if (current != null) {
                        reader.consumeAvailable(current.channel());
                        current.channel().close();
                    }
                    current = LiveFile.open(live);
                    continue;
                }
                if (!wasRunning && !progressed) {
                    return current;
                }
                if (!progressed) {
                    Thread.sleep(FOLLOW_POLL);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return current;
        }
    }

    private static Object fileKey(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /** Turns CRI lines into logical lines, applying since and tail. */
    private static final class Reader {
        private final Options options;
        private final Writer writer;
        private final ArrayDeque<Line> tail;
        /** Fragments of an unfinished line, per stream: stdout and stderr interleave freely. */
        private final Map<String, Line> pending = new LinkedHashMap<>();
        private boolean tailing;

        Reader(Options options, Writer writer) {
            this.options = options;
            this.writer = writer;
            this.tailing = options.tailLines() >= 0;
            this.tail = new ArrayDeque<>();
        }

        /** Consumes a file's complete lines; returns the offset after the last one. */
        long consumeWhole(Path file) throws IOException {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                consumeAvailable(channel);
                return channel.position();
            } catch (NoSuchFileException e) {
                return 0;
            }
        }

        /**
         * Consumes the complete lines from the channel's position on and leaves the position
         * after the last newline, so a line still being written is read whole later.
         */
        boolean consumeAvailable(FileChannel channel) throws IOException {
            long start = channel.position();
            long size = channel.size();
            if (size <= start) {
                return false;
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size - start, 1 << 20));
            long consumed = start;
            boolean any = false;
            while (consumed < size) {
                buffer.clear();
                channel.position(consumed);
                int n = channel.read(buffer);
                if (n <= 0) {
                    break;
                }
                byte[] bytes = buffer.array();
                int lineStart = 0;
                for (int i = 0; i < n; i++) {
                    if (bytes[i] == '\n') {
                        accept(new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8));
                        lineStart = i + 1;
                        any = true;
                    }
                }
                if (lineStart == 0) {
                    if (n == buffer.capacity()) {
                        // One CRI line longer than the buffer: conmon never writes one, skip it.
                        consumed += n;
                        continue;
                    }
                    break;
                }
                consumed += lineStart;
            }
            channel.position(consumed);
            return any;
        }

        private void accept(String raw) {
            CriLogLine line = CriLogLine.parse(raw).orElse(null);
            if (line == null) {
                return;
            }
            Line before = pending.remove(line.stream());
            Instant time = before == null ? line.time() : before.time();
            String text = (before == null ? "" : before.text()) + line.content();
            if (line.partial()) {
                pending.put(line.stream(), new Line(time, text, false));
            } else {
                emit(new Line(time, text + "\n", true));
            }
        }

        private void emit(Line line) {
            if (options.since() != null && line.time().isBefore(options.since())) {
                return;
            }
            if (tailing) {
                tail.addLast(line);
                if (tail.size() > options.tailLines()) {
                    tail.removeFirst();
                }
            } else {
                writer.write(line);
            }
        }

        void flushPending() {
            pending.values().forEach(this::emit);
            pending.clear();
        }

        void flushTail() {
            if (tailing) {
                tailing = false;
                while (!tail.isEmpty()) {
                    writer.write(tail.removeFirst());
                }
            }
        }
    }

    private static final class LimitReached extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LimitReached() {
            super(null, null, false, false);
        }
    }

    private static final class Writer {
        private final OutputStream out;
        private final Options options;
        private long written;

        Writer(OutputStream out, Options options) {
            this.out = out;
            this.options = options;
        }

        void write(Line line) {
            String text = options.timestamps() ? CriLogLine.OUTPUT.format(line.time()) + " " + line.text() : line.text();
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            try {
                if (options.limitBytes() >= 0 && written + bytes.length >= options.limitBytes()) {
                    out.write(bytes, 0, (int) (options.limitBytes() - written));
                    written = options.limitBytes();
                    throw new LimitReached();
                }
                out.write(bytes);
                written += bytes.length;
                if (options.follow()) {
                    out.flush();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
