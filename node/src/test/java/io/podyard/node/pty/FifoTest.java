package io.podyard.node.pty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FifoTest {
    @TempDir
    Path dir;
    Path fifo;

    @BeforeEach
    void makeFifo() throws Exception {
        fifo = dir.resolve("ctl");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    }

    @Test
    void withoutAReaderTheWriteFailsAtOnce() {
        assertThatThrownBy(() -> Fifo.write(fifo, bytes("1 24 80\n"), Duration.ofSeconds(30)))
                .isInstanceOf(IOException.class).hasMessageContaining("nobody reads");
    }

    @Test
    void eachMessageIsTakenBeforeTheNextIsWritten() throws Exception {
        List<String> reads = new ArrayList<>();
        try (RandomAccessFile reader = new RandomAccessFile(fifo.toFile(), "rw")) { // O_RDWR: opens without a writer
            // A reader that takes whatever is there, as conmon's callback does, and keeps each read apart.
            Thread taker = Thread.ofPlatform().start(() -> {
                byte[] buffer = new byte[200];
                try {
                    int n;
                    while (reads.size() < 3 && (n = reader.read(buffer)) > 0) {
                        reads.add(new String(buffer, 0, n, StandardCharsets.UTF_8));
                        Thread.sleep(20); // slower than the writer, which must wait for it
                    }
                } catch (IOException | InterruptedException e) {
                    // done
                }
            });
            assertThat(Fifo.write(fifo, bytes("1 41 121\n"), Duration.ofSeconds(30))).isTrue();
            assertThat(Fifo.write(fifo, bytes("1 40 120\n"), Duration.ofSeconds(30))).isTrue();
            assertThat(Fifo.write(fifo, bytes("2 0 0\n"), Duration.ofSeconds(30))).isTrue();
            taker.join();
        }
        assertThat(reads).containsExactly("1 41 121\n", "1 40 120\n", "2 0 0\n");
    }

    @Test
    void aReaderThatDoesNotReadMakesTheWriteReportFalse() throws Exception {
        try (RandomAccessFile reader = new RandomAccessFile(fifo.toFile(), "rw")) {
            assertThat(Fifo.write(fifo, bytes("1 24 80\n"), Duration.ofMillis(50))).isFalse();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
