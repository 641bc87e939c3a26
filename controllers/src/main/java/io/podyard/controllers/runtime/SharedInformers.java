package io.podyard.controllers.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One informer (one list+watch, one cache) per resource type for all controllers, as Kubernetes'
 * shared informer factory. Controllers ask for the types they need and add their handlers before
 * {@link #start}; every cache is indexed by the uids of its objects' owners.
 */
public final class SharedInformers implements AutoCloseable {
    /** Index of every cache: the uid of each ownerReference of an object. */
    public static final String OWNER_UID = "ownerUid";
    /** Index of every cache: the object's own uid. */
    public static final String UID = "uid";

    private final KubernetesClient client;
    private final Map<Class<?>, SharedIndexInformer<?>> informers = new LinkedHashMap<>();
    private boolean started;

    public SharedInformers(KubernetesClient client) {
        this.client = client;
    }

    /** The shared informer of {@code type} (all namespaces), created on first use. */
    @SuppressWarnings("unchecked")
    public synchronized <T extends HasMetadata> SharedIndexInformer<T> informer(Class<T> type) {
        SharedIndexInformer<T> existing = (SharedIndexInformer<T>) informers.get(type);
        if (existing != null) {
            return existing;
        }
        if (started) {
            throw new IllegalStateException("informer for " + type.getSimpleName() + " asked for after start");
        }
        SharedIndexInformer<T> informer = client.resources(type).inAnyNamespace().runnableInformer(0);
        Function<T, List<String>> owners = o -> o.getMetadata().getOwnerReferences() == null ? List.of()
                : o.getMetadata().getOwnerReferences().stream().map(OwnerReference::getUid).toList();
        informer.addIndexers(Map.of(OWNER_UID, owners, UID, o -> List.of(o.getMetadata().getUid())));
        informers.put(type, informer);
        return informer;
    }

    /**
     * Adds an index to the cache of {@code type} before the informers start; asking again for an
     * index of the same name (another controller needing the same one) is a no-op.
     */
    public synchronized <T extends HasMetadata> void addIndex(Class<T> type, String name,
            Function<T, List<String>> values) {
        SharedIndexInformer<T> informer = informer(type);
        if (!informer.getIndexer().getIndexers().containsKey(name)) {
            informer.addIndexers(Map.of(name, values));
        }
    }

    /** Cached objects of {@code type} whose index {@code name} holds {@code value}. */
    public <T extends HasMetadata> List<T> byIndex(Class<T> type, String name, String value) {
        return informer(type).getIndexer().byIndex(name, value);
    }

    /** Adds a handler to the informer of {@code type}. */
    public <T extends HasMetadata> void addHandler(Class<T> type, ResourceEventHandler<? super T> handler) {
        informer(type).addEventHandler(handler);
    }

    /** The cached object, if the cache has it. */
    public <T extends HasMetadata> Optional<T> get(Class<T> type, ObjectKey key) {
        return Optional.ofNullable(informer(type).getStore().getByKey(key.toString()));
    }

    /** Every cached object of {@code type} in {@code namespace}. */
    public <T extends HasMetadata> List<T> list(Class<T> type, String namespace) {
        return informer(type).getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
    }

    public <T extends HasMetadata> List<T> list(Class<T> type) {
        return informer(type).getStore().list();
    }

    /** Cached objects of {@code type} with an ownerReference to {@code ownerUid}. */
    public <T extends HasMetadata> List<T> ownedBy(Class<T> type, String ownerUid) {
        return informer(type).getIndexer().byIndex(OWNER_UID, ownerUid);
    }

    /** The cached object of {@code type} with this uid. */
    public <T extends HasMetadata> Optional<T> byUid(Class<T> type, String uid) {
        return informer(type).getIndexer().byIndex(UID, uid).stream().findFirst();
    }

    /** Whether an informer of {@code type} was asked for. */
    public synchronized boolean has(Class<?> type) {
        return informers.containsKey(type);
    }

    /** Starts every informer and waits until each has listed once. */
    public void start(Duration timeout) throws InterruptedException, TimeoutException {
        List<CompletableFuture<Void>> synced = new ArrayList<>();
        synchronized (this) {
            started = true;
            for (SharedIndexInformer<?> informer : informers.values()) {
                synced.add(informer.start().toCompletableFuture());
            }
        }
        try {
            CompletableFuture.allOf(synced.toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("an informer failed to start", e.getCause());
        }
    }

    @Override
    public synchronized void close() {
        informers.values().forEach(SharedIndexInformer::stop);
    }
}
