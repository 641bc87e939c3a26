package io.podyard.apiserver.storage;

import io.podyard.api.resource.ResourceType;

/** Where an object lives in the store: {@code /registry/<plural[.group]>/[<namespace>/]<name>}. */
final class ObjectKeys {
    private ObjectKeys() {}

    static String key(ResourceType type, String namespace, String name) {
        return collection(type, namespace) + name;
    }

    /** The prefix of every object of {@code type} in {@code namespace} (all namespaces when null). */
    static String collection(ResourceType type, String namespace) {
        return type.namespaced() && namespace != null ? type.storagePrefix() + namespace + "/" : type.storagePrefix();
    }
}
