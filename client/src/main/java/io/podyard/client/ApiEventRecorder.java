package io.podyard.client;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Events on one background thread so a slow API server never slows a reconcile. Repeats
 * are aggregated as Kubernetes' EventCorrelator does for identical events: the first creates an
 * Event, later ones patch its count and lastTimestamp.
 */
final class ApiEventRecorder implements EventRecorder {
    private static final Logger log = LoggerFactory.getLogger(ApiEventRecorder.class);
    private static final int CACHE_SIZE = 4096;
    private static final int MAX_PENDING = 1000;

    /** What makes two events "the same" for aggregation. */
    private record Identity(String uid, String kind, String namespace, String name, String type, String reason,
            String message) {}

    private record Recorded(String namespace, String name, int count, String firstTimestamp) {}

    private final KubernetesClient client;
    private final String component;
    private final InstantSource clock;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("event-recorder").factory());
    // Only the writer thread touches this.
    private final Map<Identity, Recorded> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Identity, Recorded> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private long lastNanos; // writer thread only

    ApiEventRecorder(KubernetesClient client, String component, InstantSource clock) {
        this.client = client;
        this.component = component;
        this.clock = clock;
    }

    @Override
    public void record(HasMetadata involved, String type, String reason, String message) {
        if (pending.incrementAndGet() > MAX_PENDING) {
            // Like Kubernetes' event broadcaster: under a burst (a scheduler binding thousands of pods) events
            // are dropped rather than queued without bound or slowing the caller.
            pending.decrementAndGet();
            if (dropped.incrementAndGet() % MAX_PENDING == 1) {
                log.warn("{} events waiting to be written: dropping ({} so far)", MAX_PENDING, dropped.get());
            }
            return;
        }
        ObjectReference ref = reference(involved);
        String now = Timestamps.format(clock.instant());
        try {
            writer.execute(() -> {
                pending.decrementAndGet();
                write(ref, type, reason, message, now);
            });
        } catch (RejectedExecutionException e) {
            pending.decrementAndGet(); // closed: events after shutdown are dropped
        }
    }

    private void write(ObjectReference ref, String type, String reason, String message, String now) {
        String ns = ref.getNamespace() == null ? "default" : ref.getNamespace();
        Identity id = new Identity(ref.getUid(), ref.getKind(), ns, ref.getName(), type, reason, message);
        Recorded previous = recent.get(id);
        try {
            if (previous != null) {
                int count = previous.count() + 1;
                String patch = "{\"count\":" + count + ",\"lastTimestamp\":\"" + now + "\"}";
                client.v1().events().inNamespace(ns).withName(previous.name())
                        .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
                recent.put(id, new Recorded(ns, previous.name(), count, previous.firstTimestamp()));
                return;
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                log.debug("could not update event {}: {}", previous.name(), e.getMessage());
                return;
            }
            // the event expired or was deleted: start a new one
        }
        // Kubernetes names events <object>.<unix nanos in hex>; the sequence keeps two in one tick apart.
        java.time.Instant at = clock.instant();
        long nanos = Math.max(at.getEpochSecond() * 1_000_000_000L + at.getNano(), lastNanos + 1);
        lastNanos = nanos;
        String name = ref.getName() + "." + HexFormat.of().toHexDigits(nanos).replaceFirst("^0+(?=.)", "");
        Event event = new EventBuilder()
                .withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withInvolvedObject(ref)
                .withType(type).withReason(reason).withMessage(message)
                .withNewSource().withComponent(component).endSource()
                .withReportingComponent(component)
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .build();
        try {
            client.v1().events().inNamespace(ns).resource(event).create();
            recent.put(id, new Recorded(ns, name, 1, now));
        } catch (KubernetesClientException e) {
            log.debug("could not record event {} {} for {}: {}", type, reason, ref.getName(), e.getMessage());
        }
    }

    private static ObjectReference reference(HasMetadata o) {
        return new ObjectReferenceBuilder()
                .withApiVersion(o.getApiVersion()).withKind(o.getKind())
                .withNamespace(o.getMetadata().getNamespace()).withName(o.getMetadata().getName())
                .withUid(o.getMetadata().getUid()).withResourceVersion(o.getMetadata().getResourceVersion())
                .build();
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(2, TimeUnit.SECONDS)) {
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            writer.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
