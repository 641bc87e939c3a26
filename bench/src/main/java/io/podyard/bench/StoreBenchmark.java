package io.podyard.bench;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import io.podyard.store.KeyValueStore;
import io.podyard.store.StoreOptions;
import io.podyard.store.etcd.EtcdProcess;
import io.podyard.store.etcd.EtcdStore;
import io.podyard.store.sqlite.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Acknowledged (durable) creates per second and their latency, for the SQLite store beside raw
 * SQLite with the same durability and one row per transaction, and the etcd store beside raw jetcd
 * puts to the same kind of etcd.
 */
@Command(name = "store", mixinStandardHelpOptions = true,
        description = "Store write throughput: SQLite store vs raw SQLite, etcd store vs raw jetcd.")
final class StoreBenchmark implements Callable<Integer> {

    @Mixin
    RunOptions run = new RunOptions();

    @Option(names = "--writers", split = ",", description = "concurrent writers (default ${DEFAULT-VALUE})")
    List<Integer> writers = List.of(1, 8, 64);

    @Option(names = "--value-bytes", description = "bytes per value (default ${DEFAULT-VALUE})")
    int valueBytes = 1024;

    @Option(names = "--backends", split = ",",
            description = "any of sqlite, sqlite-raw, etcd, jetcd-raw, jetcd-txn (default: all)")
    List<String> backends = List.of("sqlite", "sqlite-raw", "etcd", "jetcd-raw", "jetcd-txn");

    private interface Backend extends AutoCloseable {
        void write(int writer, long sequence) throws Exception;

        @Override
        void close() throws Exception;
    }

    @Override
    public Integer call() throws Exception {
        byte[] value = new byte[valueBytes];
        List<LoadRunner.Result> results = new ArrayList<>();
        // Writer counts outermost: each store runs right beside its baseline, in the same JVM state.
        for (int n : writers) {
            for (String backend : backends) {
                Path dir = Files.createTempDirectory("podyard-bench-");
                try (Backend b = open(backend, dir, value)) {
                    LoadRunner.Result r = LoadRunner.run(backend, b::write, n, run.warmupTime(),
                            run.measureTime());
                    System.out.printf(Locale.ROOT, "%-10s %3d writers: %9.0f writes/s  p50 %7.3f ms  p99 %7.3f ms%n",
                            backend, n, r.perSecond(), r.p50Millis(), r.p99Millis());
                    results.add(r);
                } finally {
                    delete(dir);
                }
            }
        }
        List<List<String>> rows = new ArrayList<>();
        for (LoadRunner.Result r : results) {
            rows.add(List.of(r.target(), String.valueOf(r.writers()), Report.fmt("%.0f", r.perSecond()),
                    Report.fmt("%.3f", r.p50Millis()), Report.fmt("%.3f", r.p99Millis())));
        }
        String table = Report.table(List.of("backend", "writers", "acked writes/s", "p50 ms", "p99 ms"), rows);
        String ratios = ratios(results);
        System.out.println();
        System.out.print(table);
        System.out.println(ratios);
        Report.append(run.report, "store: acknowledged writes", "Creates of " + valueBytes + "-byte values, "
                + run.warmup + " s warm-up then " + run.seconds + " s measured per row, closed-loop writers. "
                + "sqlite = the SQLite store (WAL, synchronous=FULL, group commit); sqlite-raw = one "
                + "INSERT per transaction with the same durability; etcd = the etcd store (one txn per "
                + "write); jetcd-raw = plain puts; jetcd-txn = the same compare-and-put txn without the "
                + "store around it. etcd is Debian's 3.4 on a temp dir on the same disk.\n\n"
                + ratios, table);
        System.out.println("appended to " + run.report);
        return 0;
    }

    private static String ratios(List<LoadRunner.Result> results) {
        StringBuilder sb = new StringBuilder();
        for (var pair : List.of(List.of("sqlite", "sqlite-raw"), List.of("etcd", "jetcd-raw"),
                List.of("etcd", "jetcd-txn"))) {
            for (LoadRunner.Result a : results) {
                if (!a.target().equals(pair.get(0))) {
                    continue;
                }
                for (LoadRunner.Result b : results) {
                    if (b.target().equals(pair.get(1)) && b.writers() == a.writers()) {
                        sb.append(Report.fmt("%s / %s at %d writers: %.0f%%. ", a.target(), b.target(), a.writers(),
                                100 * a.perSecond() / b.perSecond()));
                    }
                }
            }
        }
        return sb.toString().trim();
    }

    private static Backend open(String backend, Path dir, byte[] value) throws Exception {
        return switch (backend) {
            case "sqlite" -> storeBackend(SqliteStore.open(dir.resolve("state.db"), StoreOptions.defaults()), null, value);
            case "etcd" -> {
                EtcdProcess etcd = EtcdProcess.start();
                yield storeBackend(EtcdStore.connect(List.of(etcd.endpoint()), StoreOptions.defaults()), etcd, value);
            }
            case "sqlite-raw" -> rawSqlite(dir.resolve("raw.db"), value);
            case "jetcd-raw" -> rawJetcd(value, false);
            case "jetcd-txn" -> rawJetcd(value, true);
            default -> throw new IllegalArgumentException("unknown backend " + backend);
        };
    }

    private static Backend storeBackend(KeyValueStore store, EtcdProcess etcd, byte[] value) {
        return new Backend() {
            @Override
            public void write(int writer, long sequence) {
                store.create("/registry/bench/w" + writer + "/" + sequence, value).revision();
            }

            @Override
            public void close() {
                store.close();
                if (etcd != null) {
                    etcd.close();
                }
            }
        };
    }

    private static Backend rawSqlite(Path file, byte[] value) throws Exception {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA synchronous = FULL");
            s.execute("CREATE TABLE kv (k TEXT PRIMARY KEY, v BLOB)");
        }
        PreparedStatement insert = c.prepareStatement("INSERT INTO kv (k, v) VALUES (?, ?)");
        return new Backend() {
            @Override
            public synchronized void write(int writer, long sequence) throws Exception {
                insert.setString(1, "/registry/bench/w" + writer + "/" + sequence);
                insert.setBytes(2, value);
                insert.executeUpdate(); // autocommit: one transaction, one fsync
            }

            @Override
            public void close() throws Exception {
                c.close();
            }
        };
    }

    private static Backend rawJetcd(byte[] value, boolean txn) {
        EtcdProcess etcd = EtcdProcess.start();
        Client client = Client.builder().endpoints(etcd.endpoint()).build();
        ByteSequence v = ByteSequence.from(value);
        return new Backend() {
            @Override
            public void write(int writer, long sequence) throws Exception {
                ByteSequence key = ByteSequence.from("/registry/bench/w" + writer + "/" + sequence,
                        java.nio.charset.StandardCharsets.UTF_8);
                if (txn) {
                    client.getKVClient().txn()
                            .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                            .Then(Op.put(key, v, PutOption.DEFAULT))
                            .commit().get(30, TimeUnit.SECONDS);
                } else {
                    client.getKVClient().put(key, v).get(30, TimeUnit.SECONDS);
                }
            }

            @Override
            public void close() {
                client.close();
                etcd.close();
            }
        };
    }


    static void delete(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
