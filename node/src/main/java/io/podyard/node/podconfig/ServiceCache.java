package io.podyard.node.podconfig;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.List;
import java.util.Optional;

/**
 * The cluster's Services as one watch keeps them (kubelet's service lister), so starting a
 * container does not list Services from the API for its service link variables. Starting it does
 * not wait for the first list; until that arrived the cache knows nothing and callers ask the API.
 */
public final class ServiceCache implements AutoCloseable {
    private final SharedIndexInformer<Service> informer;

    private ServiceCache(SharedIndexInformer<Service> informer) {
        this.informer = informer;
    }

    public static ServiceCache start(KubernetesClient client) {
        SharedIndexInformer<Service> informer = client.services().inAnyNamespace().runnableInformer(0);
        informer.start();
        return new ServiceCache(informer);
    }

    /** The Services of {@code namespace}, or empty while the first list has not arrived. */
    Optional<List<Service>> inNamespace(String namespace) {
        if (!informer.hasSynced()) {
            return Optional.empty();
        }
        return Optional.of(informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace));
    }

    @Override
    public void close() {
        informer.stop();
    }
}
