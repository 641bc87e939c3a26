package io.podyard.scheduler.loop;

import io.podyard.scheduler.framework.PodInfo;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Records the scheduler's core/v1 Events on pods (Scheduled, FailedScheduling), as
 * {@code kubectl describe pod} shows them. Sending is asynchronous and bounded: like Kubernetes' event
 * broadcaster, events beyond the in-flight limit are dropped (and counted) rather than slowing scheduling.
 */
final class PodEvents {
    static final String COMPONENT = "default-scheduler";
    private static final Logger log = LoggerFactory.getLogger(PodEvents.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_IN_FLIGHT = 1000;

    private final ApiWriter api;
    private final InstantSource clock;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();

    PodEvents(ApiWriter api, InstantSource clock) {
        this.api = api;
        this.clock = clock;
    }

    void normal(PodInfo pod, String reason, String message) {
        record(pod, "Normal", reason, message);
    }

    void warning(PodInfo pod, String reason, String message) {
        record(pod, "Warning", reason, message);
    }

    long dropped() {
        return dropped.get();
    }

    private void record(PodInfo pod, String type, String reason, String message) {
        if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
            inFlight.decrementAndGet();
            if (dropped.incrementAndGet() % 1000 == 1) {
                log.warn("dropping scheduler events: {} in flight ({} dropped so far)", MAX_IN_FLIGHT, dropped.get());
            }
            return;
        }
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        ObjectNode event = JSON.createObjectNode();
        event.put("apiVersion", "v1").put("kind", "Event");
        event.putObject("metadata").put("name", pod.name() + "." + suffix(clock.instant())).put("namespace", pod.namespace());
        event.putObject("involvedObject").put("apiVersion", "v1").put("kind", "Pod").put("namespace", pod.namespace())
                .put("name", pod.name()).put("uid", pod.uid());
        event.put("reason", reason).put("message", message).put("type", type)
                .put("firstTimestamp", now).put("lastTimestamp", now).put("count", 1)
                .put("reportingComponent", COMPONENT).put("reportingInstance", COMPONENT);
        event.putObject("source").put("component", COMPONENT);
        api.post("/api/v1/namespaces/" + pod.namespace() + "/events", JSON.writeValueAsString(event))
                .whenComplete((answer, error) -> {
                    inFlight.decrementAndGet();
                    if (error != null || !answer.ok()) {
                        log.debug("event {} for {} not recorded: {}", reason, pod.key(), error != null ? error : answer.body());
                    }
                });
    }

    /** Kubernetes names events {@code <object>.<hex time>}; a random tail keeps same-nanosecond names apart. */
    private static String suffix(Instant at) {
        long nanos = at.getEpochSecond() * 1_000_000_000L + at.getNano();
        return Long.toHexString(nanos) + HexFormat.of().toHexDigits((byte) ThreadLocalRandom.current().nextInt());
    }
}
