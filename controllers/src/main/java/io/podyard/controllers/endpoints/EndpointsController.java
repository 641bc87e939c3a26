package io.podyard.controllers.endpoints;

import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.podyard.controllers.endpointslice.EndpointSliceController;
import io.podyard.controllers.endpointslice.ServiceEndpoints;
import io.podyard.controllers.runtime.Controller;
import io.podyard.controllers.runtime.ControllerContext;
import io.podyard.controllers.runtime.EventHandlers;
import io.podyard.controllers.runtime.ObjectKey;
import io.podyard.controllers.runtime.Result;
import io.podyard.controllers.runtime.RunnableController;
import io.podyard.controllers.runtime.SharedInformers;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Kubernetes' endpoint-controller: one Endpoints object per Service with a selector, named like
 * it, holding {@link EndpointsSync#subsets}. Pod changes are batched as for EndpointSlices. An
 * Endpoints of a Service that is gone (or lost its selector) is left alone unless this controller
 * could have written it: Kubernetes deletes it when the Service is deleted.
 */
public final class EndpointsController implements RunnableController {
    public static final String NAME = "endpoint-controller";

    private final ControllerContext ctx;
    private final SharedInformers informers;
    private final Controller<ObjectKey> loop;

    public EndpointsController(ControllerContext ctx) {
        this.ctx = ctx;
        this.informers = ctx.informers();
        this.loop = ctx.controller(NAME, this::reconcile);
        informers.addHandler(Service.class, EventHandlers.of(
                svc -> loop.enqueue(ObjectKey.of(svc)),
                (old, svc) -> loop.enqueue(ObjectKey.of(svc)),
                svc -> loop.enqueue(ObjectKey.of(svc))));
        informers.addHandler(Pod.class, EventHandlers.of(this::podChanged, (old, pod) -> {
            if (!Objects.equals(old.getMetadata().getResourceVersion(), pod.getMetadata().getResourceVersion())) {
                podChanged(old);
                podChanged(pod);
            }
        }, this::podChanged));
        informers.addHandler(Endpoints.class, EventHandlers.of(ep -> { }, (o, ep) -> { },
                ep -> loop.enqueue(ObjectKey.of(ep))));
    }

    private void podChanged(Pod pod) {
        for (Service service : informers.list(Service.class, pod.getMetadata().getNamespace())) {
            if (ServiceEndpoints.selects(service, pod)) {
                loop.enqueueAfter(ObjectKey.of(service), EndpointSliceController.BATCH);
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
        var api = ctx.client().endpoints().inNamespace(key.namespace());
        if (cached.isEmpty()) {
            try {
                api.withName(key.name()).delete();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
            return Result.done();
        }
        Service service = cached.get();
        if (!ServiceEndpoints.hasSelector(service)) {
            return Result.done();
        }
        List<EndpointSubset> subsets = EndpointsSync.subsets(service, informers.list(Pod.class, key.namespace()));
        Map<String, String> labels = EndpointsSync.labels(service);
        Optional<Endpoints> current = informers.get(Endpoints.class, key);
        if (current.isEmpty()) {
            api.resource(new EndpointsBuilder().withNewMetadata().withName(key.name()).withNamespace(key.namespace())
                    .withLabels(labels).endMetadata().withSubsets(subsets).build()).create();
            return Result.done();
        }
        Endpoints existing = current.get();
        List<EndpointSubset> had = existing.getSubsets() == null ? List.of() : existing.getSubsets();
        Map<String, String> hadLabels = existing.getMetadata().getLabels() == null ? Map.of()
                : existing.getMetadata().getLabels();
        if (had.equals(subsets) && hadLabels.equals(labels)) {
            return Result.done();
        }
        api.resource(new EndpointsBuilder(existing).editMetadata().withLabels(labels).endMetadata()
                .withSubsets(subsets).build()).update();
        return Result.done();
    }
}
