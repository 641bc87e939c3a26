package io.podyard.apiserver.storage;

import io.podyard.api.resource.ResourceType;

/**
 * Where an object lives in the store: {@code <store prefix><plural[.group]>/[<namespace>/]<name>},
 * e.g. {@code /registry/deployments.apps/shop/web}.
 */
public final class ObjectKeys {
    private ObjectKeys() {}

    static String key(String storePrefix, ResourceType type, String namespace, String name) {
        return collection(storePrefix, type, namespace) + name;
    }

    /** The prefix of every object of {@code type} in {@code namespace} (all namespaces when null). */
    public static String collection(String storePrefix, ResourceType type, String namespace) {
        String all = storePrefix + type.qualifiedName() + "/";
        return type.namespaced() && namespace != null ? all + namespace + "/" : all;
    }
}
