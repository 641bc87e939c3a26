package io.podyard.apiserver.services;

import io.podyard.api.resource.BuiltinResources;
import io.podyard.api.resource.ResourceType;
import io.podyard.apiserver.rest.ApiException;
import io.podyard.apiserver.rest.Json;
import io.podyard.apiserver.rest.ObjectLifecycle;
import io.podyard.apiserver.storage.ObjectStore;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code default/kubernetes} Service, as the Kubernetes API server keeps it: cluster IP the
 * first of the range, port 443 named https, and an Endpoints and an EndpointSlice (both named
 * {@code kubernetes}, without a selector, so no controller touches them) pointing at this API
 * server's address and port. Written at every start, since the port may have changed.
 */
public final class KubernetesService {
    private static final Logger log = LoggerFactory.getLogger(KubernetesService.class);
    static final String NAME = "kubernetes";
    static final String NAMESPACE = "default";

    private final ObjectStore store;
    private final ObjectLifecycle lifecycle;
    private final ServiceAllocator allocator;

    public KubernetesService(ObjectStore store, ObjectLifecycle lifecycle, ServiceAllocator allocator) {
        this.store = store;
        this.lifecycle = lifecycle;
        this.allocator = allocator;
    }

    /** Creates or updates the Service, its Endpoints and its EndpointSlice for {@code address:port}. */
    public void ensure(String address, int port) {
        ensureService(port);
        ObjectNode endpoints = Json.MAPPER.createObjectNode();
        endpoints.put("apiVersion", "v1").put("kind", "Endpoints");
        endpoints.putObject("metadata").put("name", NAME).putObject("labels")
                .put("endpointslice.kubernetes.io/skip-mirror", "true");
        ObjectNode subset = endpoints.putArray("subsets").addObject();
        subset.putArray("addresses").addObject().put("ip", address);
        subset.putArray("ports").addObject().put("name", "https").put("port", port).put("protocol", "TCP");
        put(type("", "endpoints"), endpoints, "subsets");

        ObjectNode slice = Json.MAPPER.createObjectNode();
        slice.put("apiVersion", "discovery.k8s.io/v1").put("kind", "EndpointSlice");
        slice.putObject("metadata").put("name", NAME).putObject("labels").put("kubernetes.io/service-name", NAME);
        slice.put("addressType", "IPv4");
        ObjectNode endpoint = slice.putArray("endpoints").addObject();
        endpoint.putArray("addresses").add(address);
        endpoint.putObject("conditions").put("ready", true);
        slice.putArray("ports").addObject().put("name", "https").put("port", port).put("protocol", "TCP");
        put(type("discovery.k8s.io", "endpointslices"), slice, "endpoints", "ports");
    }

    private void ensureService(int port) {
        ResourceType services = type("", "services");
        ObjectNode svc = Json.MAPPER.createObjectNode();
        svc.put("apiVersion", "v1").put("kind", "Service");
        svc.putObject("metadata").put("name", NAME).putObject("labels").put("component", "apiserver")
                .put("provider", "kubernetes");
        ObjectNode spec = svc.putObject("spec");
        spec.put("type", "ClusterIP").put("clusterIP", allocator.network().kubernetesIp());
        spec.putArray("ports").addObject().put("name", "https").put("port", 443).put("protocol", "TCP")
                .put("targetPort", port);
        if (store.get(services, NAMESPACE, NAME).isPresent()) {
            store.update(services, NAMESPACE, NAME, null, old -> {
                Json.child(old, "spec").set("ports", spec.get("ports").deepCopy());
                return old;
            });
            return;
        }
        ObjectNode ready = lifecycle.prepareCreate(services, NAMESPACE, svc);
        ServiceAllocator.Attempt attempt = allocator.newAttempt();
        try {
            allocator.allocate(services, null, ready, attempt, false);
            store.create(services, NAMESPACE, NAME, ready);
        } catch (ApiException e) {
            allocator.undo(attempt);
            log.warn("cannot create the kubernetes Service: {}", e.getMessage());
        }
    }

    /** Creates the object, or sets {@code fields} on the stored one. */
    private void put(ResourceType type, ObjectNode object, String... fields) {
        if (store.get(type, NAMESPACE, NAME).isEmpty()) {
            try {
                store.create(type, NAMESPACE, NAME, lifecycle.prepareCreate(type, NAMESPACE, object));
                return;
            } catch (ApiException e) {
                if (e.code() != 409) {
                    throw e;
                }
            }
        }
        UnaryOperator<ObjectNode> change = old -> {
            for (String field : fields) {
                old.set(field, object.get(field).deepCopy());
            }
            return old;
        };
        store.update(type, NAMESPACE, NAME, null, change);
    }

    private static ResourceType type(String group, String plural) {
        return BuiltinResources.registry().byPlural(group, "v1", plural).orElseThrow();
    }
}
