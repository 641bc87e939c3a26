package io.podyard.bench;

import io.podyard.apiserver.ControlPlane;
import io.podyard.store.KeyValueStore;
import io.podyard.store.StoreOptions;
import io.podyard.store.etcd.EtcdProcess;
import io.podyard.store.etcd.EtcdStore;
import io.podyard.store.sqlite.SqliteStore;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The API server as clients see it: creates through HTTPS (HTTP/2, bearer token) at several
 * concurrencies beside the same creates straight into the store (the baseline: what the API
 * layer costs), and watch fan-out: events per second delivered to many watchers at once.
 */
@Command(name = "api", mixinStandardHelpOptions = true,
        description = "API server: creates/s and latency over HTTPS vs the raw store; watch fan-out.")
final class ApiBenchmark implements Callable<Integer> {

    @Mixin
    RunOptions run = new RunOptions();

    @Option(names = "--clients", split = ",", description = "concurrent clients (default ${DEFAULT-VALUE})")
    List<Integer> clients = List.of(1, 16, 64);

    @Option(names = "--watchers", description = "watchers for the fan-out run (default ${DEFAULT-VALUE})")
    int watchers = 1000;

    @Option(names = "--events", description = "objects created during the fan-out run (default ${DEFAULT-VALUE})")
    int events = 100;

    @Option(names = "--backends", split = ",", description = "sqlite, etcd (default: both)")
    List<String> backends = List.of("sqlite", "etcd");

    @Option(names = "--writes", description = "creates/s offered in the fixed-load mix (default ${DEFAULT-VALUE})")
    int writes = 1000;

    @Option(names = "--gets", description = "gets/s offered in the fixed-load mix (default ${DEFAULT-VALUE})")
    int gets = 500;

    @Option(names = "--lists", description = "lists/s (label selector, limit 50, over " + ApiMix.LISTED_OBJECTS
            + " objects) in the mix (default ${DEFAULT-VALUE})")
    int lists = 20;

    @Option(names = "--mix-watchers", description = "watchers timing create-to-event in the mix (default ${DEFAULT-VALUE})")
    int mixWatchers = 10;

    @Option(names = "--no-sweep", description = "skip the creates at each --clients concurrency beside the raw store")
    boolean noSweep;

    /** Streams per HTTP/2 connection stay below the server's concurrent stream limit. */
    private static final int STREAMS_PER_CONNECTION = 90;

    @Override
    public Integer call() throws Exception {
        List<List<String>> rows = new ArrayList<>();
        for (String backend : backends) {
            Path dir = Files.createTempDirectory("podyard-apibench-");
            EtcdProcess etcd = backend.equals("etcd") ? EtcdProcess.start() : null;
            KeyValueStore store = etcd == null ? SqliteStore.open(dir.resolve("state.db"), StoreOptions.defaults())
                    : EtcdStore.connect(List.of(etcd.endpoint()), StoreOptions.defaults());
            try (ControlPlane server = ControlPlane.start(dir, "127.0.0.1", 0, List.of(), store, InstantSource.system())) {
                String url = "https://127.0.0.1:" + server.port();
                ApiClient api = new ApiClient(url, server.credentials().caPem(), server.credentials().adminToken());
                byte[] value = configMap("baseline", 0).getBytes(StandardCharsets.UTF_8);
                ApiMix.Result mix = new ApiMix(api, writes, gets, lists).run(run.warmupTime(), run.measureTime(),
                        mixWatchers);
                for (ApiMix.Verb verb : ApiMix.Verb.values()) {
                    List<java.time.Duration> samples = mix.latencies().get(verb);
                    String scenario = "mix " + verb.name().toLowerCase(Locale.ROOT)
                            + (mix.errors().get(verb) > 0 ? " (" + mix.errors().get(verb) + " errors)" : "");
                    rows.add(samples.isEmpty() ? List.of(scenario, backend, "-", "0", "-", "-") : List.of(scenario,
                            backend, "-", Report.fmt("%.0f", samples.size() / mix.seconds()),
                            Report.fmt("%.2f", Percentiles.of(samples, 0.5)), Report.fmt("%.2f", Percentiles.of(samples, 0.99))));
                    System.out.printf(Locale.ROOT, "%-8s %s%n", backend, rows.getLast());
                }
                for (int n : noSweep ? List.<Integer>of() : clients) {
                    LoadRunner.Result http = LoadRunner.run("api-create", (w, seq) -> api.post(
                            "/api/v1/namespaces/default/configmaps", configMap("c" + n + "-" + w, seq)), n,
                            run.warmupTime(), run.measureTime());
                    LoadRunner.Result raw = LoadRunner.run("store-create", (w, seq) -> store.create(
                            "/registry/bench/c" + n + "-" + w + "-" + seq, value).revision(), n,
                            run.warmupTime(), run.measureTime());
                    for (LoadRunner.Result r : List.of(http, raw)) {
                        print(backend, r);
                        rows.add(List.of(r.target(), backend, String.valueOf(n), Report.fmt("%.0f", r.perSecond()),
                                Report.fmt("%.2f", r.p50Millis()), Report.fmt("%.2f", r.p99Millis())));
                    }
                }
                double perSecond = fanOut(url, server, api);
                System.out.printf(Locale.ROOT, "%-8s watch fan-out: %d watchers x %d events: %.0f events/s delivered%n",
                        backend, watchers, events, perSecond);
                rows.add(List.of("watch-fanout (" + watchers + " watchers)", backend, "-", Report.fmt("%.0f", perSecond), "-", "-"));
            } finally {
                store.close();
                if (etcd != null) {
                    etcd.close();
                }
                StoreBenchmark.delete(dir);
            }
        }
        String table = Report.table(List.of("scenario", "backend", "clients", "ops/s (fan-out: events/s)", "p50 ms",
                "p99 ms"), rows);
        System.out.println();
        System.out.print(table);
        Report.append(run.report, "api: fixed-load mix, creates over HTTPS and watch fan-out", "Mix: an open loop"
                + " offering " + writes + " ConfigMap creates/s, " + gets + " gets/s and " + lists + " lists/s (a label"
                + " selector over a namespace of " + ApiMix.LISTED_OBJECTS + " ConfigMaps, limit 50) at once, each request sent at its time whatever earlier ones do, latency from"
                + " that time (goal: write p99 ≤ 25 ms at 1,000 writes/s); \"mix watch\" is create to ADDED event at "
                + mixWatchers + " watchers; ops/s completed. " + (!noSweep ? "Sweep: ConfigMap creates over HTTPS (HTTP/2,"
                + " bearer token, JDK HttpClient in the same JVM) beside the same number of store creates (the "
                + "baseline: what the API layer adds). " : "") + run.warmup + " s warm-up, " + run.seconds + " s measured. Fan-out: "
                + watchers + " watches on one namespace, then " + events + " creates; events/s = watchers x events"
                + " / time until every watcher had every event.", table);
        System.out.println("appended to " + run.report);
        return 0;
    }

    /** Opens the watchers, creates the events, and returns events delivered per second. */
    private double fanOut(String url, ControlPlane server, ApiClient api) throws Exception {
        api.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"fanout\"}}");
        String rv = api.http().send(api.request("/api/v1/namespaces/fanout/configmaps").GET().build(),
                HttpResponse.BodyHandlers.ofString()).body().replaceAll("(?s).*\"resourceVersion\":\"(\\d+)\".*", "$1");
        AtomicLong delivered = new AtomicLong();
        List<ApiClient> connections = new ArrayList<>();
        List<CompletableFuture<?>> streams = new ArrayList<>();
        for (int i = 0; i < watchers; i++) {
            if (i % STREAMS_PER_CONNECTION == 0) {
                connections.add(new ApiClient(url, server.credentials().caPem(), server.credentials().adminToken()));
            }
            HttpRequest watch = connections.getLast()
                    .request("/api/v1/namespaces/fanout/configmaps?watch=1&resourceVersion=" + rv).GET().build();
            CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> opened = connections.getLast().http()
                    .sendAsync(watch, HttpResponse.BodyHandlers.ofLines());
            // Each stream is read on a virtual thread of its own: reading blocks, and the common pool
            // stops adding threads for blocked tasks at 256.
            streams.add(opened.thenAccept(r -> Thread.ofVirtual().start(() -> {
                try {
                    r.body().forEach(line -> delivered.incrementAndGet());
                } catch (RuntimeException ended) {
                    // the run is over and the connection was shut down under the reader
                }
            })));
            try {
                opened.get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("watch " + i + " of " + watchers + " did not open within 60 s", e);
            }
        }
        long start = System.nanoTime();
        for (int i = 0; i < events; i++) {
            api.post("/api/v1/namespaces/fanout/configmaps", configMap("event", i));
        }
        long want = (long) watchers * events;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (delivered.get() < want && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        for (CompletableFuture<?> s : streams) {
            s.cancel(true);
        }
        for (ApiClient c : connections) {
            c.http().shutdownNow();
        }
        if (delivered.get() < want) {
            throw new IllegalStateException("only " + delivered.get() + " of " + want + " events arrived in 120 s");
        }
        return want / elapsed;
    }

    private static String configMap(String prefix, long seq) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + prefix + "-" + seq
                + "\",\"labels\":{\"app\":\"bench\"}},\"data\":{\"key\":\"" + "v".repeat(200) + "\"}}";
    }

    private static void print(String backend, LoadRunner.Result r) {
        System.out.printf(Locale.ROOT, "%-8s %-13s %3d clients: %8.0f/s  p50 %7.2f ms  p99 %7.2f ms%n", backend,
                r.target(), r.writers(), r.perSecond(), r.p50Millis(), r.p99Millis());
    }
}
