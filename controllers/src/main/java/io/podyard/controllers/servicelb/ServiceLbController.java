package io.podyard.controllers.servicelb;

import io.fabric8.kubernetes.api.model.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServiceStatus;
import io.podyard.controllers.runtime.Controller;
import io.podyard.controllers.runtime.ControllerContext;
import io.podyard.controllers.runtime.EventHandlers;
import io.podyard.controllers.runtime.ObjectKey;
import io.podyard.controllers.runtime.Result;
import io.podyard.controllers.runtime.RunnableController;
import io.podyard.controllers.runtime.SharedInformers;
import java.util.Optional;

/**
 * k3s' ServiceLB without its pods: a LoadBalancer Service's status lists the node addresses
 * ({@link LoadBalancerIngress}), rewritten through {@code services/NAME/status} when a Service or
 * a node changes; a Service that stops being a LoadBalancer loses its ingress.
 */
public final class ServiceLbController implements RunnableController {
    public static final String NAME = "service-lb-controller";

    private final ControllerContext ctx;
    private final SharedInformers informers;
    private final Controller<ObjectKey> loop;

    public ServiceLbController(ControllerContext ctx) {
        this.ctx = ctx;
        this.informers = ctx.informers();
        this.loop = ctx.controller(NAME, this::reconcile);
        informers.addHandler(Service.class, EventHandlers.of(svc -> loop.enqueue(ObjectKey.of(svc)),
                (old, svc) -> loop.enqueue(ObjectKey.of(svc)), svc -> { }));
        informers.addHandler(Node.class, EventHandlers.onAny(node -> informers.list(Service.class).stream()
                .filter(s -> "LoadBalancer".equals(s.getSpec().getType()))
                .forEach(s -> loop.enqueue(ObjectKey.of(s)))));
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
        if (cached.isEmpty()) {
            return Result.done();
        }
        Service service = cached.get();
        LoadBalancerStatus wanted = LoadBalancerIngress.of(service, informers.list(Node.class));
        LoadBalancerStatus current = service.getStatus() == null ? null : service.getStatus().getLoadBalancer();
        if (LoadBalancerIngress.same(current, wanted)) {
            return Result.done();
        }
        ServiceStatus status = service.getStatus() == null ? new ServiceStatus() : service.getStatus();
        Service updated = new ServiceBuilder(service).withStatus(new io.fabric8.kubernetes.api.model.ServiceStatusBuilder(
                status).withLoadBalancer(wanted).build()).build();
        ctx.client().services().inNamespace(key.namespace()).resource(updated).updateStatus();
        return Result.done();
    }
}
