package io.podyard.controllers.serviceaccount;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.podyard.controllers.runtime.Controller;
import io.podyard.controllers.runtime.ControllerContext;
import io.podyard.controllers.runtime.EventHandlers;
import io.podyard.controllers.runtime.Namespaces;
import io.podyard.controllers.runtime.ObjectKey;
import io.podyard.controllers.runtime.Result;
import io.podyard.controllers.runtime.RunnableController;

/**
 * Kubernetes' serviceaccounts-controller: every active namespace has a ServiceAccount named
 * {@value #DEFAULT}; it is created with the namespace and again if deleted.
 */
public final class DefaultServiceAccountController implements RunnableController {
    public static final String NAME = "serviceaccount-controller";
    public static final String DEFAULT = "default";

    private final ControllerContext ctx;
    private final Controller<String> loop;

    public DefaultServiceAccountController(ControllerContext ctx) {
        this.ctx = ctx;
        this.loop = ctx.controller(NAME, this::reconcile);
        Namespaces.enqueueEach(ctx.informers(), loop);
        ctx.informers().addHandler(ServiceAccount.class, EventHandlers.of(sa -> { }, (o, sa) -> { }, sa -> {
            if (DEFAULT.equals(sa.getMetadata().getName())) {
                loop.enqueue(sa.getMetadata().getNamespace());
            }
        }));
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

    private Result reconcile(String namespace) {
        if (!Namespaces.active(ctx.informers(), namespace)) {
            return Result.done();
        }
        if (ctx.informers().get(ServiceAccount.class, new ObjectKey(namespace, DEFAULT)).isPresent()) {
            return Result.done();
        }
        try {
            ctx.client().serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder()
                    .withNewMetadata().withName(DEFAULT).withNamespace(namespace).endMetadata().build()).create();
        } catch (KubernetesClientException e) {
            // 409: it exists (our cache was behind); 403: the namespace started terminating
            if (e.getCode() != 409 && e.getCode() != 403) {
                throw e;
            }
        }
        return Result.done();
    }
}
