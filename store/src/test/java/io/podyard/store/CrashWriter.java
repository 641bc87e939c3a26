package io.podyard.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.podyard.store.etcd.EtcdStore;
import io.podyard.store.sqlite.SqliteStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The child process of the crash test: 64 threads write as fast as they can and log every write
 * the store acknowledged, one line per write, until the test kills the process with SIGKILL.
 * Each thread creates keys and, every tenth write, bumps a counter of its own with compare-and-swap.
 *
 * <p>Usage: {@code CrashWriter sqlite|etcd DB_FILE|ENDPOINT ACK_LOG ROUND}
 */
public final class CrashWriter {
    static final int THREADS = 64;

    public static void main(String[] args) throws Exception {
        String backend = args[0];
        String target = args[1];
        Path ackLog = Path.of(args[2]);
        String round = args[3];
        KeyValueStore store = switch (backend) {
            case "sqlite" -> SqliteStore.open(Path.of(target), StoreOptions.defaults());
            case "etcd" -> EtcdStore.connect(List.of(target), StoreOptions.defaults());
            default -> throw new IllegalArgumentException(backend);
        };
        FileChannel log = FileChannel.open(ackLog, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        for (int t = 0; t < THREADS; t++) {
            String base = "/registry/crash/r" + round + "/t" + t + "/";
            Thread.ofPlatform().start(() -> write(store, log, base));
        }
        Thread.sleep(Long.MAX_VALUE); // until killed
    }

    private static void write(KeyValueStore store, FileChannel log, String base) {
        String counter = base + "counter";
        long counterRevision = store.create(counter, "0".getBytes(UTF_8)).revision();
        long counterValue = 0;
        for (long i = 0; ; i++) {
            String key = base + "k" + i;
            long rev = store.create(key, ("value-" + i).getBytes(UTF_8)).revision();
            ack(log, "C " + key + " " + rev);
            if (i % 10 == 0) {
                counterRevision = store.update(counter, counterRevision,
                        String.valueOf(counterValue + 1).getBytes(UTF_8)).revision();
                counterValue++;
                ack(log, "U " + counter + " " + counterValue);
            }
        }
    }

    /** One line, one write(2): a process kill cannot split it, and the kernel keeps it. */
    private static void ack(FileChannel log, String line) {
        try {
            ByteBuffer buf = ByteBuffer.wrap((line + "\n").getBytes(UTF_8));
            synchronized (log) {
                while (buf.hasRemaining()) {
                    log.write(buf);
                }
            }
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }
}
