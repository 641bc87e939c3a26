package io.podyard.apiserver.services;

import io.podyard.apiserver.rest.ApiException;
import io.podyard.apiserver.rest.Json;
import io.podyard.store.KeyValue;
import io.podyard.store.KeyValueStore;
import io.podyard.store.StoreException;
import io.podyard.store.WriteResult;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * Who holds which item (a cluster IP, a node port): one key per item under
 * {@code <store prefix>_podyard/allocations/<kind>/}, created with compare-and-swap, like
 * Kubernetes' IPAddress objects since 1.31. A create that finds the key taken is refused, so two
 * Services can never hold one item, whatever the other API servers or a crash did. The key
 * names no plural a resource could have ({@code _} is not allowed there).
 *
 * <p>{@link #known} is only a hint for picking free items quickly; the store decides.
 */
final class AllocationTable {
    /** The Service that holds an item. */
    record Owner(String namespace, String name, String uid) {}

    enum Claim { CLAIMED, ALREADY_OURS, TAKEN }

    private final KeyValueStore kv;
    private final String prefix;
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private volatile boolean loaded;

    AllocationTable(KeyValueStore kv, String kind) {
        this.kv = kv;
        this.prefix = kv.keyPrefix() + "_podyard/allocations/" + kind + "/";
    }

    /** Takes {@code item} for {@code owner} unless another Service holds it. */
    Claim claim(String item, Owner owner) {
        byte[] value = Json.bytes(Map.of("namespace", owner.namespace(), "name", owner.name(), "uid", owner.uid()));
        while (true) {
            WriteResult r = call(() -> kv.create(prefix + item, value));
            if (r instanceof WriteResult.Conflict(Optional<KeyValue> current)) {
                if (current.isEmpty()) {
                    continue; // released meanwhile
                }
                known.add(item);
                return decode(current.get()).uid().equals(owner.uid()) ? Claim.ALREADY_OURS : Claim.TAKEN;
            }
            known.add(item);
            return Claim.CLAIMED;
        }
    }

    /** Gives {@code item} back if {@code uid} still holds it. */
    void release(String item, String uid) {
        while (true) {
            Optional<KeyValue> current = call(() -> kv.get(prefix + item));
            if (current.isEmpty() || !decode(current.get()).uid().equals(uid)) {
                return;
            }
            if (call(() -> kv.delete(prefix + item, current.get().modRevision())).succeeded()) {
                known.remove(item);
                return;
            }
        }
    }

    /** Removes an item's record whoever holds it (repair of a leak). */
    void forget(String item, Owner expected) {
        Optional<KeyValue> current = call(() -> kv.get(prefix + item));
        if (current.isPresent() && decode(current.get()).equals(expected)
                && call(() -> kv.delete(prefix + item, current.get().modRevision())).succeeded()) {
            known.remove(item);
        }
    }

    /** Every item held, read from the store (and the hint refreshed). */
    Map<String, Owner> all() {
        Map<String, Owner> all = new HashMap<>();
        for (KeyValue entry : call(() -> kv.range(prefix)).items()) {
            all.put(entry.key().substring(prefix.length()), decode(entry));
        }
        known.clear();
        known.addAll(all.keySet());
        loaded = true;
        return all;
    }

    /** Whether the item is believed held (a hint: the store may know better). */
    boolean probablyTaken(String item) {
        if (!loaded) {
            all();
        }
        return known.contains(item);
    }

    private static Owner decode(KeyValue entry) {
        JsonNode node = Json.readStored(entry.value());
        return new Owner(node.path("namespace").asString(""), node.path("name").asString(""),
                node.path("uid").asString(""));
    }

    private static <T> T call(Supplier<T> storeCall) {
        try {
            return storeCall.get();
        } catch (StoreException e) {
            throw ApiException.unavailable("storage is unavailable: " + e.getMessage());
        }
    }
}
