package io.podyard.apiserver.rest;

import io.podyard.api.apply.ApplyConflict;
import io.podyard.api.apply.FieldManager;
import io.podyard.api.apply.FieldPath;
import io.podyard.api.apply.ManagedField;
import io.podyard.api.patch.PatchSchema;
import io.podyard.api.patch.PatchSchemas;
import io.podyard.api.resource.ResourceType;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import tools.jackson.databind.node.ObjectNode;

/**
 * The field-ownership bookkeeping of one write, as Kubernetes' field manager does it: an update
 * (create, update, patch) records what it changed as its manager's; an apply merges its configuration
 * and knows the managedFields it leaves. {@link #record} stamps them on the object about to be stored.
 */
final class OwnedWrite {
    private static final int MAX_MANAGER_LENGTH = 128;

    private final ResourceType type;
    private final String subresource;
    private final String manager;
    private final FieldManager fields;
    private final InstantSource clock;
    private final ObjectNode config;
    private final boolean force;
    private List<ManagedField> applied;

    private OwnedWrite(ResourceType type, String subresource, String manager, InstantSource clock, ObjectNode config,
            boolean force) {
        this.type = type;
        this.subresource = subresource;
        this.manager = manager;
        this.clock = clock;
        this.config = config;
        this.force = force;
        PatchSchema schema = PatchSchemas.forKind(type.apiVersion(), type.kind()).orElse(PatchSchema.EMPTY);
        Predicate<FieldPath> tracked = "status".equals(subresource) ? FieldManager.onlyStatus()
                : type.hasSubresource("status") ? FieldManager.outsideStatus() : p -> true;
        this.fields = new FieldManager(schema, tracked);
    }

    /**
     * A create, update or patch: the manager is the {@code fieldManager} query parameter, else the
     * program name of the User-Agent ({@code kubectl-edit/v1.32.0 (linux/amd64) ...} → {@code kubectl-edit}).
     */
    static OwnedWrite update(ResourceType type, String subresource, Map<String, String> query, String userAgent,
            InstantSource clock) {
        String manager = query.get("fieldManager");
        if (manager == null || manager.isEmpty()) {
            manager = userAgent == null ? "" : userAgent.split("/", 2)[0];
        }
        return new OwnedWrite(type, subresource, checked(manager), clock, null, false);
    }

    /** A server-side apply of {@code body} (YAML or JSON): {@code fieldManager} is required, {@code force} optional. */
    static OwnedWrite apply(ResourceType type, String subresource, Map<String, String> query, byte[] body,
            InstantSource clock) {
        String manager = query.get("fieldManager");
        if (manager == null || manager.isEmpty()) {
            throw ApiException.unprocessable("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value:"
                    + " is required for apply patch");
        }
        ObjectNode config = Json.parseObject(Json.yamlToJson(body));
        return new OwnedWrite(type, subresource, checked(manager), clock, config, Queries.flag(query, "force"));
    }

    private static String checked(String manager) {
        if (manager.length() > MAX_MANAGER_LENGTH) {
            throw ApiException.unprocessable("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Too long: may not"
                    + " be more than " + MAX_MANAGER_LENGTH + " bytes");
        }
        return manager;
    }

    boolean isApply() {
        return config != null;
    }

    /**
     * The applied configuration merged into {@code live} (null when the object does not exist: then
     * the configuration with its type and name); 409 on conflicts unless forced, 422 for an unkeyed item.
     */
    ObjectNode merge(ObjectNode live) {
        FieldManager.Result result;
        try {
            result = fields.apply(live, config, manager, type.apiVersion(), now(), subresource == null ? "" : subresource,
                    force);
        } catch (ApplyConflict e) {
            throw ApiException.applyConflict(e);
        } catch (IllegalArgumentException e) {
            throw ApiException.unprocessable(e.getMessage());
        }
        applied = result.managedFields();
        ObjectNode object = result.object();
        if (live == null) {
            for (String field : new String[] {"apiVersion", "kind"}) {
                if (config.has(field)) {
                    object.set(field, config.get(field));
                }
            }
            if (config.get("metadata") instanceof ObjectNode meta) {
                ObjectNode target = Json.child(object, "metadata");
                for (String field : new String[] {"name", "namespace", "generateName"}) {
                    if (meta.has(field)) {
                        target.set(field, meta.get(field));
                    }
                }
            }
        }
        return object;
    }

    /** {@code ready} (the object about to be stored after {@code old}, null on create) with its managedFields. */
    ObjectNode record(ObjectNode old, ObjectNode ready) {
        List<ManagedField> managed;
        try {
            managed = isApply() ? applied : fields.update(old, ready, manager, type.apiVersion(), now(), subresource);
        } catch (IllegalArgumentException e) {
            // Entries someone wrote that do not parse: start over, as Kubernetes resets invalid managedFields.
            managed = fields.update(null, ready, manager, type.apiVersion(), now(), subresource);
        }
        Json.child(ready, "metadata").set("managedFields", ManagedField.write(managed));
        return ready;
    }

    private String now() {
        return ObjectLifecycle.timestamp(clock.instant());
    }
}
