package io.podyard.controllers.endpointslice;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.podyard.controllers.runtime.Controller;
import io.podyard.controllers.runtime.ControllerContext;
import io.podyard.controllers.runtime.EventHandlers;
import io.podyard.controllers.runtime.ObjectKey;
import io.podyard.controllers.runtime.Result;
import io.podyard.controllers.runtime.RunnableController;
import io.podyard.controllers.runtime.SharedInformers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Kubernetes' endpointslice-controller: the I/O around {@link EndpointSliceSync}. Service events
 * enqueue the Service at once; pod events enqueue the Services selecting the pod (before and after
 * the change) after {@link #BATCH}, so a burst of pod changes becomes one write per slice. Slices
 * are written through the API (generateName, owner reference), deletes of a slice by someone else
 * bring it back.
 */
public final class EndpointSliceController implements RunnableController {
    public static final String NAME = "endpointslice-controller";
    /** How long pod changes are gathered before a Service is synced (Kubernetes allows up to 1 s). */
    public static final Duration BATCH = Duration.ofMillis(50);
    private static final String BY_SERVICE = "endpointslice-service";

    private final ControllerContext ctx;
    private final SharedInformers informers;
    private final Controller<ObjectKey> loop;
    private final SliceTracker tracker;

    public EndpointSliceController(ControllerContext ctx) {
        this.ctx = ctx;
        this.informers = ctx.informers();
        this.loop = ctx.controller(NAME, this::reconcile);
        this.tracker = new SliceTracker(ctx.clock());
        informers.addIndex(EndpointSlice.class, BY_SERVICE, slice -> {
            Map<String, String> labels = slice.getMetadata().getLabels();
            String service = labels == null ? null : labels.get(EndpointSliceSync.SERVICE_NAME_LABEL);
            return service == null ? List.of() : List.of(slice.getMetadata().getNamespace() + "/" + service);
        });
        informers.addHandler(Service.class, EventHandlers.onAny(svc -> loop.enqueue(ObjectKey.of(svc))));
        informers.addHandler(Pod.class, EventHandlers.of(this::podChanged, (old, pod) -> {
            if (!Objects.equals(old.getMetadata().getResourceVersion(), pod.getMetadata().getResourceVersion())) {
                podChanged(old);
                podChanged(pod);
            }
        }, this::podChanged));
        informers.addHandler(EndpointSlice.class, EventHandlers.onAny(slice -> {
            Map<String, String> labels = slice.getMetadata().getLabels();
            if (labels != null && EndpointSliceSync.MANAGED_BY.equals(labels.get(EndpointSliceSync.MANAGED_BY_LABEL))
                    && labels.containsKey(EndpointSliceSync.SERVICE_NAME_LABEL)) {
                loop.enqueueAfter(new ObjectKey(slice.getMetadata().getNamespace(),
                        labels.get(EndpointSliceSync.SERVICE_NAME_LABEL)), BATCH);
            }
        }));
        informers.informer(Node.class);
    }

    private void podChanged(Pod pod) {
        for (Service service : informers.list(Service.class, pod.getMetadata().getNamespace())) {
            if (ServiceEndpoints.selects(service, pod)) {
                loop.enqueueAfter(ObjectKey.of(service), BATCH);
            }
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void close() {
        loop.close();
    }

    private Result reconcile(ObjectKey key) {
        Optional<Service> cached = informers.get(Service.class, key);
        if (cached.isEmpty() || !ServiceEndpoints.hasSelector(cached.get())) {
            // Slices of a deleted Service go with it (owner reference); without a selector they are the user's.
            tracker.forget(key);
            return Result.done();
        }
        Service service = cached.get();
        List<EndpointSlice> slices = informers.byIndex(EndpointSlice.class, BY_SERVICE, key.namespace() + "/"
                + key.name()).stream().filter(s -> EndpointSliceSync.managedFor(s, service)).toList();
        if (!tracker.caughtUp(key, slices)) {
            return Result.requeueAfter(BATCH);
        }
        EndpointSliceSync.Plan plan = EndpointSliceSync.plan(service, informers.list(Pod.class, key.namespace()),
                slices, this::zoneOf, EndpointSliceSync.MAX_ENDPOINTS);
        var api = ctx.client().discovery().v1().endpointSlices().inNamespace(key.namespace());
        for (EndpointSlice slice : plan.create()) {
            tracker.wrote(key, api.resource(slice).create());
        }
        for (EndpointSlice slice : plan.update()) {
            tracker.wrote(key, api.resource(slice).update());
        }
        for (EndpointSlice slice : plan.delete()) {
            try {
                api.withName(slice.getMetadata().getName()).delete();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
            tracker.deleted(key, slice);
        }
        return Result.done();
    }

    private Optional<String> zoneOf(String node) {
        return informers.get(Node.class, new ObjectKey(null, node))
                .map(n -> n.getMetadata().getLabels() == null ? null
                        : n.getMetadata().getLabels().get("topology.kubernetes.io/zone"));
    }
}
