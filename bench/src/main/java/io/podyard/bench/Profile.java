package io.podyard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU time goes during a run: JDK Flight Recorder's execution samples, each attributed to
 * the first frame of the stack that belongs to a known component (so time in Jackson called by the
 * API server counts as "JSON", not as the API server).
 */
final class Profile implements AutoCloseable {
    /** Package prefixes, most specific first, and the component each stands for. */
    private static final List<String[]> COMPONENTS = List.of(
            new String[] {"tools.jackson", "JSON (Jackson)"},
            new String[] {"com.fasterxml.jackson", "JSON (Jackson)"},
            new String[] {"org.sqlite", "SQLite (JDBC + engine)"},
            new String[] {"io.podyard.store", "store"},
            new String[] {"io.podyard.scheduler", "scheduler"},
            new String[] {"io.podyard.node", "node agents"},
            new String[] {"io.podyard.apiserver", "API server"},
            new String[] {"io.podyard.api", "API (validation, defaults)"},
            new String[] {"io.fabric8", "fabric8 client"},
            new String[] {"io.etcd", "etcd client"},
            new String[] {"io.grpc", "gRPC"},
            new String[] {"io.netty.handler.ssl", "TLS"},
            new String[] {"sun.security", "TLS"},
            new String[] {"javax.crypto", "TLS"},
            new String[] {"com.sun.crypto", "TLS"},
            new String[] {"io.netty", "Netty (HTTP)"},
            new String[] {"io.vertx", "Vert.x"},
            new String[] {"jdk.internal.net.http", "JDK HttpClient (load)"});

    private final Recording recording = new Recording();
    private final Path file;

    Profile() throws IOException {
        file = Files.createTempFile("podyard-bench-", ".jfr");
        recording.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(10));
        recording.start();
    }

    /** Stops sampling; share of samples per component, largest first. */
    Map<String, Double> shares() throws IOException {
        recording.stop();
        recording.dump(file);
        Map<String, Integer> counts = new HashMap<>();
        int total = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (event.getStackTrace() == null) {
                continue;
            }
            total++;
            counts.merge(component(event.getStackTrace().getFrames()), 1, Integer::sum);
        }
        Map<String, Double> shares = new java.util.LinkedHashMap<>();
        int all = Math.max(1, total);
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> shares.put(e.getKey(), 100.0 * e.getValue() / all));
        return shares;
    }

    private static String component(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            for (String[] component : COMPONENTS) {
                if (type.startsWith(component[0])) {
                    return component[1];
                }
            }
        }
        return "JDK / other";
    }

    @Override
    public void close() throws IOException {
        recording.close();
        Files.deleteIfExists(file);
    }
}
