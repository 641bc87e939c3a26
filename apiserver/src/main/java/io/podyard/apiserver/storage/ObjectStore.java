package io.podyard.apiserver.storage;

import io.podyard.api.resource.ResourceType;
import io.podyard.apiserver.rest.ApiException;
import io.podyard.apiserver.rest.Json;
import io.podyard.store.CompactedException;
import io.podyard.store.InvalidRequestException;
import io.podyard.store.KeyValue;
import io.podyard.store.KeyValueStore;
import io.podyard.store.RangeResult;
import io.podyard.store.StoreException;
import io.podyard.store.WriteResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kubernetes objects in the key-value store, as JSON. An object's resourceVersion is its key's mod
 * revision: it is not stored, but set on every object read back, so it can never disagree with the
 * store. Writes are compare-and-swap on that revision, which gives optimistic concurrency (409).
 */
public final class ObjectStore {
    private static final int PAGE = 500;

    private final KeyValueStore kv;

    public ObjectStore(KeyValueStore kv) {
        this.kv = kv;
    }

    public long currentRevision() {
        return call(kv::currentRevision);
    }

    public Optional<ObjectNode> get(ResourceType type, String namespace, String name) {
        return call(() -> kv.get(ObjectKeys.key(kv.keyPrefix(), type, namespace, name))).map(ObjectStore::decode);
    }

    /** Stores a new object; 409 AlreadyExists if the name is taken. */
    public ObjectNode create(ResourceType type, String namespace, String name, ObjectNode object) {
        byte[] value = encode(object);
        WriteResult r = call(() -> kv.create(ObjectKeys.key(kv.keyPrefix(), type, namespace, name), value));
        if (!(r instanceof WriteResult.Written(long revision))) {
            throw ApiException.alreadyExists(type, name);
        }
        return withVersion(object.deepCopy(), revision);
    }

    /**
     * Replaces an object with {@code change} applied to its current state. With an
     * {@code expectedVersion}, a different current version is a 409 Conflict; without one, a
     * concurrent write just means reading again and reapplying the change. A change that leaves
     * the object as it was writes nothing.
     */
    public ObjectNode update(ResourceType type, String namespace, String name, String expectedVersion,
            UnaryOperator<ObjectNode> change) {
        String key = ObjectKeys.key(kv.keyPrefix(), type, namespace, name);
        while (true) {
            KeyValue current = call(() -> kv.get(key)).orElseThrow(() -> ApiException.notFound(type, name));
            checkVersion(type, name, expectedVersion, current);
            ObjectNode before = decode(current);
            ObjectNode after = change.apply(before.deepCopy());
            if (Json.sameJson(after, before)) {
                return before;
            }
            byte[] value = encode(after);
            WriteResult r = call(() -> kv.update(key, current.modRevision(), value));
            if (r instanceof WriteResult.Written(long revision)) {
                return withVersion(after, revision);
            }
            if (expectedVersion != null) {
                throw conflict(type, name);
            }
        }
    }

    /**
     * What {@link #update} would store, without storing it (dryRun): the same checks, the same
     * change, the current resourceVersion.
     */
    public ObjectNode preview(ResourceType type, String namespace, String name, String expectedVersion,
            UnaryOperator<ObjectNode> change) {
        KeyValue current = call(() -> kv.get(ObjectKeys.key(kv.keyPrefix(), type, namespace, name)))
                .orElseThrow(() -> ApiException.notFound(type, name));
        checkVersion(type, name, expectedVersion, current);
        ObjectNode after = change.apply(decode(current));
        return withVersion(after, current.modRevision());
    }

    /** Deletes an object and returns it as it was; 404 if absent, 409 if its version moved on. */
    public ObjectNode delete(ResourceType type, String namespace, String name, String expectedVersion) {
        String key = ObjectKeys.key(kv.keyPrefix(), type, namespace, name);
        while (true) {
            KeyValue current = call(() -> kv.get(key)).orElseThrow(() -> ApiException.notFound(type, name));
            checkVersion(type, name, expectedVersion, current);
            WriteResult r = call(() -> kv.delete(key, current.modRevision()));
            if (r.succeeded()) {
                return decode(current);
            }
            if (expectedVersion != null) {
                throw conflict(type, name);
            }
        }
    }

    /**
     * One page of objects of {@code type} (in {@code namespace}, or everywhere when null) that pass
     * {@code filter}, in key order, read from one snapshot.
     *
     * @param limit 0 for all
     * @param continueToken from the previous page, or null
     * @param atRevision 0 for the current revision
     */
    public ObjectList list(ResourceType type, String namespace, Predicate<ObjectNode> filter, int limit,
            String continueToken, long atRevision) {
        String prefix = ObjectKeys.collection(kv.keyPrefix(), type, namespace);
        String after = null;
        long revision = atRevision;
        if (continueToken != null) {
            ContinueToken token = ContinueToken.decode(continueToken, prefix);
            after = token.after();
            revision = token.revision();
        }
        List<ObjectNode> items = new ArrayList<>();
        String lastKey = null;
        boolean more;
        do {
            int want = limit == 0 ? PAGE : Math.min(PAGE, limit - items.size());
            String start = after;
            long rev = revision;
            RangeResult page = call(() -> kv.range(prefix, want, start, rev));
            revision = page.revision();
            for (KeyValue kv : page.items()) {
                ObjectNode object = decode(kv);
                if (filter.test(object)) {
                    items.add(object);
                }
                lastKey = kv.key();
            }
            after = page.lastKey() == null ? after : page.lastKey();
            more = page.more();
        } while (more && (limit == 0 || items.size() < limit));
        String next = more && lastKey != null ? new ContinueToken(revision, lastKey).encode() : null;
        return new ObjectList(items, revision, next);
    }

    private static void checkVersion(ResourceType type, String name, String expected, KeyValue current) {
        if (expected != null && !expected.equals(String.valueOf(current.modRevision()))) {
            throw conflict(type, name);
        }
    }

    private static ApiException conflict(ResourceType type, String name) {
        return ApiException.conflict(type, name,
                "the object has been modified; please apply your changes to the latest version and try again");
    }

    private static ObjectNode decode(KeyValue kv) {
        return withVersion(Json.readStored(kv.value()), kv.modRevision());
    }

    private static ObjectNode withVersion(ObjectNode object, long revision) {
        Json.child(object, "metadata").put("resourceVersion", String.valueOf(revision));
        return object;
    }

    private static byte[] encode(ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        Json.child(copy, "metadata").remove("resourceVersion");
        return Json.bytes(copy);
    }

    /** Runs a store call, turning store failures into API errors. */
    static <T> T call(java.util.function.Supplier<T> storeCall) {
        try {
            return storeCall.get();
        } catch (CompactedException e) {
            throw ApiException.expired("The resourceVersion for the provided list is too old.");
        } catch (InvalidRequestException e) {
            throw ApiException.tooLarge(e.getMessage());
        } catch (StoreException e) {
            throw ApiException.unavailable("storage is unavailable: " + e.getMessage());
        }
    }

    /** Where a list continues: the snapshot's revision and the last key returned. */
    record ContinueToken(long revision, String after) {
        String encode() {
            String json = "{\"rv\":" + revision + ",\"start\":" + Json.MAPPER.writeValueAsString(after) + "}";
            return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
        }

        static ContinueToken decode(String token, String prefix) {
            try {
                var node = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(token));
                String after = node.get("start").asString();
                long rev = node.get("rv").asLong();
                if (!after.startsWith(prefix) || rev <= 0) {
                    throw new IllegalArgumentException("token does not belong to this list");
                }
                return new ContinueToken(rev, after);
            } catch (RuntimeException e) {
                throw ApiException.badRequest("continue key is not valid: " + e.getMessage());
            }
        }
    }
}
