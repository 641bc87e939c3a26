package io.podyard.controllers.rootca;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.podyard.controllers.runtime.Controller;
import io.podyard.controllers.runtime.ControllerContext;
import io.podyard.controllers.runtime.Namespaces;
import io.podyard.controllers.runtime.Result;
import io.podyard.controllers.runtime.RunnableController;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Kubernetes' root-ca-cert-publisher: every active namespace has a ConfigMap {@value #NAME} whose
 * {@code ca.crt} is the cluster CA, so a pod can check whom it talks to at
 * {@code kubernetes.default.svc} (the service-account volume projects it as {@code ca.crt}). It is
 * created with the namespace, put back when changed, and made again when deleted. Only ConfigMaps
 * of that name are watched (a field selector), not every ConfigMap in the cluster.
 */
public final class RootCaPublisher implements RunnableController {
    public static final String CONTROLLER = "root-ca-cert-publisher";
    public static final String NAME = "kube-root-ca.crt";
    public static final String KEY = "ca.crt";
    private static final Map<String, String> DESCRIPTION = Map.of("kubernetes.io/description",
            "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints"
                    + " such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed"
                    + " across distributions of Kubernetes clusters.");

    private final ControllerContext ctx;
    private final String caPem;
    private final Controller<String> loop;
    private final SharedIndexInformer<ConfigMap> published;

    /** @param caPem the CA certificate the API server's serving certificate chains to (PEM) */
    public RootCaPublisher(ControllerContext ctx, String caPem) {
        this.ctx = ctx;
        this.caPem = caPem;
        this.loop = ctx.controller(CONTROLLER, this::reconcile);
        Namespaces.enqueueEach(ctx.informers(), loop);
        this.published = ctx.client().configMaps().inAnyNamespace().withField("metadata.name", NAME).runnableInformer(0);
        published.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap map) {
                loop.enqueue(map.getMetadata().getNamespace());
            }

            @Override
            public void onUpdate(ConfigMap old, ConfigMap map) {
                loop.enqueue(map.getMetadata().getNamespace());
            }

            @Override
            public void onDelete(ConfigMap map, boolean unknownFinalState) {
                loop.enqueue(map.getMetadata().getNamespace());
            }
        });
    }

    /**
     * The CA a client trusts the API server with (kubeconfig certificate-authority-data or -file),
     * which is the CA pods need; empty when the client has none (it then trusts the JVM's CAs).
     */
    public static Optional<String> trustedBy(Config config) {
        try {
            if (config.getCaCertData() != null && !config.getCaCertData().isBlank()) {
                return Optional.of(new String(Base64.getDecoder().decode(config.getCaCertData().trim()),
                        StandardCharsets.UTF_8));
            }
            if (config.getCaCertFile() != null && !config.getCaCertFile().isBlank()) {
                return Optional.of(Files.readString(Path.of(config.getCaCertFile())));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read the API server's CA from the client configuration", e);
        }
        return Optional.empty();
    }

    @Override
    public String name() {
        return CONTROLLER;
    }

    @Override
    public void start() {
        published.run();
        loop.start();
    }

    @Override
    public void close() {
        loop.close();
        published.close();
    }

    private Result reconcile(String namespace) {
        if (!Namespaces.active(ctx.informers(), namespace)) {
            return Result.done();
        }
        ConfigMap current = published.getStore().getByKey(namespace + "/" + NAME);
        Map<String, String> data = Map.of(KEY, caPem);
        try {
            if (current == null) {
                ctx.client().configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata()
                        .withName(NAME).withNamespace(namespace).withAnnotations(DESCRIPTION).endMetadata()
                        .withData(data).build()).create();
            } else if (!data.equals(current.getData())) {
                ctx.client().configMaps().inNamespace(namespace).resource(new ConfigMapBuilder(current)
                        .withData(data).build()).update();
            }
        } catch (KubernetesClientException e) {
            // 409: our cache was behind (the next event brings it up to date); 403: the namespace is terminating
            if (e.getCode() != 409 && e.getCode() != 403) {
                throw e;
            }
        }
        return Result.done();
    }
}
