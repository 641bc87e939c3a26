package io.podyard.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.podyard.store.etcd.EtcdProcess;
import io.podyard.store.etcd.EtcdStore;
import io.podyard.store.sqlite.SqliteStore;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An acknowledged write survives the writer's death: a child JVM writes from 64 threads and logs
 * each acknowledged write; it is killed with SIGKILL mid-load; the store, reopened, must hold every
 * write in the log. Several rounds, each on top of the last one's data.
 */
class CrashDurabilityTest {
    private static final int ROUNDS = 4;
    private static final Random RANDOM = new Random();

    @TempDir
    Path dir;

    @Test
    void sqliteKeepsEveryAcknowledgedWriteAcrossKills() throws Exception {
        Path db = dir.resolve("state.db");
        for (int round = 1; round <= ROUNDS; round++) {
            Path ackLog = dir.resolve("acks-" + round + ".log");
            runAndKill(List.of("sqlite", db.toString(), ackLog.toString(), String.valueOf(round)), ackLog);
            try (KeyValueStore store = SqliteStore.open(db, StoreOptions.defaults())) {
                verify(store, ackLog);
            }
            assertThat(integrityCheck(db)).isEqualTo("ok");
        }
    }

    @Test
    void etcdKeepsEveryAcknowledgedWriteWhenTheClientDies() throws Exception {
        try (EtcdProcess etcd = EtcdProcess.start()) {
            Supplier<KeyValueStore> open = () -> EtcdStore.connect(List.of(etcd.endpoint()), StoreOptions.defaults());
            for (int round = 1; round <= 2; round++) {
                Path ackLog = dir.resolve("acks-" + round + ".log");
                runAndKill(List.of("etcd", etcd.endpoint(), ackLog.toString(), String.valueOf(round)), ackLog);
                try (KeyValueStore store = open.get()) {
                    verify(store, ackLog);
                }
            }
            // etcd itself is the durable part: kill it too and check once more.
            Path lastLog = dir.resolve("acks-2.log");
            etcd.crashAndRestart();
            try (KeyValueStore store = open.get()) {
                verify(store, lastLog);
            }
        }
    }

    /** Starts the writer, lets it acknowledge a few thousand writes, and kills it with SIGKILL. */
    private static void runAndKill(List<String> args, Path ackLog) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow",
                "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName()));
        command.addAll(args);
        File output = ackLog.resolveSibling(ackLog.getFileName() + ".out").toFile();
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output).start();
        try {
            long wanted = 2_000 + RANDOM.nextInt(3_000);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (lines(ackLog) < wanted) {
                assertThat(child.isAlive()).as("writer alive; its output: %s", output).isTrue();
                assertThat(System.nanoTime()).as("writer made progress").isLessThan(deadline);
                Thread.sleep(20);
            }
            Thread.sleep(RANDOM.nextInt(100));
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no close
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(child.exitValue()).isEqualTo(137);
    }

    private static long lines(Path file) throws Exception {
        if (!Files.exists(file)) {
            return 0;
        }
        try (var s = Files.lines(file)) {
            return s.count();
        }
    }

    private static void verify(KeyValueStore store, Path ackLog) throws Exception {
        Map<String, Long> counters = new HashMap<>();
        int creates = 0;
        for (String line : Files.readAllLines(ackLog)) {
            String[] f = line.split(" ");
            if (f.length != 3) {
                continue; // the line being written when the process died carries no promise
            }
            if (f[0].equals("C")) {
                KeyValue kv = store.get(f[1]).orElse(null);
                assertThat(kv).as("acknowledged create of %s", f[1]).isNotNull();
                assertThat(kv.modRevision()).isEqualTo(Long.parseLong(f[2]));
                creates++;
            } else {
                counters.merge(f[1], Long.parseLong(f[2]), Math::max);
            }
        }
        assertThat(creates).isGreaterThan(1000);
        for (var c : counters.entrySet()) {
            long stored = Long.parseLong(new String(store.get(c.getKey()).orElseThrow().value(), UTF_8));
            assertThat(stored).as("counter %s", c.getKey()).isGreaterThanOrEqualTo(c.getValue());
        }
    }

    private static String integrityCheck(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                ResultSet rs = c.createStatement().executeQuery("PRAGMA integrity_check")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
