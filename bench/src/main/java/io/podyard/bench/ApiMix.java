package io.podyard.bench;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The API at a fixed load: an open loop offering creates, gets and lists at set rates (a request
 * is sent at its time whether or not earlier ones have answered, and its latency counts from that
 * time, so a slow server cannot hide behind fewer requests), while watchers time each created
 * object's event from its create. Latencies per verb.
 */
final class ApiMix {
    enum Verb { CREATE, GET, LIST, WATCH }

    /** What a run measured: per verb, the latencies of requests that completed, and errors. */
    record Result(Map<Verb, List<Duration>> latencies, Map<Verb, Long> errors, double seconds) {
    }

    private static final String NAMESPACE = "mix";
    private static final String LISTED = "mix-listed";
    static final int LISTED_OBJECTS = 100;
    private static final int MAX_IN_FLIGHT = 512;

    private final ApiClient api;
    private final int writesPerSecond;
    private final int getsPerSecond;
    private final int listsPerSecond;

    ApiMix(ApiClient api, int writesPerSecond, int getsPerSecond, int listsPerSecond) {
        this.api = api;
        this.writesPerSecond = writesPerSecond;
        this.getsPerSecond = getsPerSecond;
        this.listsPerSecond = listsPerSecond;
    }

    Result run(Duration warmup, Duration measure, int watchers) throws Exception {
        api.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"" + NAMESPACE + "\"}}");
        // Lists read a namespace of a fixed size, as `kubectl get` of one app's objects would; the
        // creates' namespace grows all run long.
        api.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"" + LISTED + "\"}}");
        for (int i = 0; i < LISTED_OBJECTS; i++) {
            api.post("/api/v1/namespaces/" + LISTED + "/configmaps", configMap("l-" + i));
        }
        Map<String, Long> createdAt = new ConcurrentHashMap<>();
        Map<Verb, ConcurrentLinkedQueue<Duration>> latencies = new EnumMap<>(Verb.class);
        Map<Verb, AtomicLong> errors = new EnumMap<>(Verb.class);
        for (Verb v : Verb.values()) {
            latencies.put(v, new ConcurrentLinkedQueue<>());
            errors.put(v, new AtomicLong());
        }
        AtomicLong created = new AtomicLong();
        long measureFrom = System.nanoTime() + warmup.toNanos();
        List<Thread> watches = new ArrayList<>();
        for (int i = 0; i < watchers; i++) {
            watches.add(Thread.ofVirtual().start(() -> watch(createdAt, measureFrom, latencies.get(Verb.WATCH))));
        }
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        long start = System.nanoTime();
        long end = measureFrom + measure.toNanos();
        try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Thread> loops = List.of(
                    loop(writesPerSecond, end, inFlight, requests, scheduled -> {
                        String name = "o-" + created.incrementAndGet();
                        createdAt.put(name, scheduled);
                        send(api.request("/api/v1/namespaces/" + NAMESPACE + "/configmaps")
                                .POST(HttpRequest.BodyPublishers.ofString(configMap(name))).build(), 201);
                        record(latencies, Verb.CREATE, scheduled, measureFrom);
                    }, errors.get(Verb.CREATE)),
                    loop(getsPerSecond, end, inFlight, requests, scheduled -> {
                        long n = Math.max(1, created.get() / 2);
                        send(api.request("/api/v1/namespaces/" + NAMESPACE + "/configmaps/o-" + n).GET().build(), 200);
                        record(latencies, Verb.GET, scheduled, measureFrom);
                    }, errors.get(Verb.GET)),
                    loop(listsPerSecond, end, inFlight, requests, scheduled -> {
                        send(api.request("/api/v1/namespaces/" + LISTED + "/configmaps?labelSelector=shard%3D"
                                + (scheduled % 10) + "&limit=50").GET().build(), 200);
                        record(latencies, Verb.LIST, scheduled, measureFrom);
                    }, errors.get(Verb.LIST)));
            for (Thread loop : loops) {
                loop.join();
            }
        }
        TimeUnit.SECONDS.sleep(2); // the last events reach the watchers
        watches.forEach(Thread::interrupt);
        Map<Verb, List<Duration>> out = new EnumMap<>(Verb.class);
        Map<Verb, Long> failed = new EnumMap<>(Verb.class);
        for (Verb v : Verb.values()) {
            out.put(v, List.copyOf(latencies.get(v)));
            failed.put(v, errors.get(v).get());
        }
        return new Result(out, failed, (end - Math.max(start, measureFrom)) / 1e9);
    }

    interface Request {
        void send(long scheduledNanos) throws Exception;
    }

    /** Offers {@code request} {@code perSecond} times a second until {@code end}, each on its own thread. */
    private static Thread loop(int perSecond, long end, Semaphore inFlight, ExecutorService requests, Request request,
                               AtomicLong errors) {
        return Thread.ofVirtual().start(() -> {
            if (perSecond <= 0) {
                return;
            }
            long interval = 1_000_000_000L / perSecond;
            for (long next = System.nanoTime(); next < end; next += interval) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                long scheduled = next;
                inFlight.acquireUninterruptibly();
                requests.submit(() -> {
                    try {
                        request.send(scheduled);
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    } finally {
                        inFlight.release();
                    }
                });
            }
        });
    }

    private void send(HttpRequest request, int expected) throws Exception {
        HttpResponse<Void> r = api.http().send(request, HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() != expected && !(expected == 200 && r.statusCode() == 404)) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " -> " + r.statusCode());
        }
    }

    private static void record(Map<Verb, ConcurrentLinkedQueue<Duration>> latencies, Verb verb, long scheduled,
                               long measureFrom) {
        if (scheduled >= measureFrom) {
            latencies.get(verb).add(Duration.ofNanos(System.nanoTime() - scheduled));
        }
    }

    /** One watcher: every ADDED event's delay from its create's scheduled time. */
    private void watch(Map<String, Long> createdAt, long measureFrom, ConcurrentLinkedQueue<Duration> latencies) {
        try {
            HttpResponse<java.util.stream.Stream<String>> stream = api.http().send(api.request(
                    "/api/v1/namespaces/" + NAMESPACE + "/configmaps?watch=1").GET().build(),
                    HttpResponse.BodyHandlers.ofLines());
            stream.body().forEach(line -> {
                if (Thread.currentThread().isInterrupted()) {
                    throw new IllegalStateException("the run is over");
                }
                int at = line.indexOf("\"name\":\"o-");
                if (line.startsWith("{\"type\":\"ADDED\"") && at > 0) {
                    String name = line.substring(at + 8, line.indexOf('"', at + 8));
                    Long scheduled = createdAt.get(name);
                    if (scheduled != null && scheduled >= measureFrom) {
                        latencies.add(Duration.ofNanos(System.nanoTime() - scheduled));
                    }
                }
            });
        } catch (Exception e) {
            // interrupted at the end of the run, or the server went away
        }
    }

    private static String configMap(String name) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
                + "\",\"labels\":{\"shard\":\"" + (name.hashCode() & 0x7f) % 10 + "\"}},\"data\":{\"key\":\""
                + "v".repeat(200) + "\"}}";
    }
}
