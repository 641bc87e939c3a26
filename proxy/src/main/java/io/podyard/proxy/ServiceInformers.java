package io.podyard.proxy;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Watches Services and EndpointSlices in all namespaces and tells listeners that something changed;
 * listeners read a fresh {@link #snapshot()} when they get to it, so a burst of changes costs one
 * sync (level-triggered, like kube-proxy's change trackers).
 */
public final class ServiceInformers implements AutoCloseable {
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final SharedIndexInformer<Service> services;
    private final SharedIndexInformer<EndpointSlice> slices;

    /** Starts both watches and returns once each has listed what exists. */
    public ServiceInformers(KubernetesClient client) {
        this.services = client.services().inAnyNamespace().inform(handler());
        this.slices = client.discovery().v1().endpointSlices().inAnyNamespace().inform(handler());
    }

    private <T> ResourceEventHandler<T> handler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                changed();
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                changed();
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                changed();
            }
        };
    }

    /** {@code listener} runs (on an informer thread, so it must be quick) after every change. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
        listener.run();
    }

    public ServiceSnapshot snapshot() {
        return ServiceSnapshot.of(services.getStore().list(), slices.getStore().list());
    }

    private void changed() {
        listeners.forEach(Runnable::run);
    }

    @Override
    public void close() {
        services.close();
        slices.close();
    }
}
