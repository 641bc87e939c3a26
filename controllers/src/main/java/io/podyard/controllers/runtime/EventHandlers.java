package io.podyard.controllers.runtime;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** Informer handlers from lambdas, for controllers that treat some events alike. */
public final class EventHandlers {
    private EventHandlers() {}

    public static <T> ResourceEventHandler<T> of(Consumer<T> added, BiConsumer<T, T> updated, Consumer<T> deleted) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                added.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                updated.accept(oldObj, newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                deleted.accept(obj);
            }
        };
    }

    /** Every add, update and delete calls {@code any} with the (newest) object. */
    public static <T> ResourceEventHandler<T> onAny(Consumer<T> any) {
        return of(any, (o, n) -> any.accept(n), any);
    }
}
