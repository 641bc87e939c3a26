package io.podyard.api.apply;

import io.podyard.api.patch.PatchSchema;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Field ownership as Kubernetes' field manager keeps it (structured-merge-diff's {@code Updater}):
 * {@link #apply} merges an applied configuration into the live object, drops what the same manager
 * applied before and no longer applies (unless someone else owns it), and refuses, unless forced, to
 * change fields other managers own; {@link #update} records what a create, update or patch changed as
 * owned by its manager, taking it from the others.
 *
 * @param schema the list semantics of the kind
 * @param tracked the paths this kind of write owns: Kubernetes resets status on the main resource and
 *     everything but status on /status, so those never become anyone's
 */
public record FieldManager(PatchSchema schema, Predicate<FieldPath> tracked) {
    /** Metadata the server sets, which nobody owns (Kubernetes' {@code stripMeta}). */
    private static final List<String> SERVER_METADATA = List.of("name", "namespace", "uid", "resourceVersion",
            "generation", "creationTimestamp", "selfLink", "managedFields", "deletionTimestamp",
            "deletionGracePeriodSeconds");

    public FieldManager {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(tracked, "tracked");
    }

    /** Owns everything but status: writes to a main resource whose status is a subresource. */
    public static Predicate<FieldPath> outsideStatus() {
        FieldPath status = FieldPath.of(new PathElement.Field("status"));
        return p -> !p.equals(status) && !p.isBelow(status);
    }

    /** Owns only status: writes to /status. */
    public static Predicate<FieldPath> onlyStatus() {
        return outsideStatus().negate();
    }

    /** The object an apply leaves and the managedFields it should carry. */
    public record Result(ObjectNode object, List<ManagedField> managedFields) {}

    /**
     * Applies {@code config} for {@code manager} to {@code live} (null when the object does not exist
     * yet). The result's object has no managedFields; they are in the result.
     *
     * @throws ApplyConflict if, without {@code force}, the apply changes fields other managers own
     * @throws IllegalArgumentException if the configuration has a keyed list item without its key
     */
    public Result apply(ObjectNode live, ObjectNode config, String manager, String apiVersion, String time,
            boolean force) {
        return apply(live, config, manager, apiVersion, time, "", force);
    }

    /** {@link #apply(ObjectNode, ObjectNode, String, String, String, boolean)} through a subresource (/status). */
    public Result apply(ObjectNode live, ObjectNode config, String manager, String apiVersion, String time,
            String subresource, boolean force) {
        ObjectNode current = live == null ? JsonNodeFactory.instance.objectNode() : withoutManagedFields(live);
        List<ManagedField> previous = live == null ? List.of() : ManagedField.read(live);
        ObjectNode applied = strip(config);
        FieldSet applying = tracked(FieldPaths.leaves(applied, schema, true).keySet());
        ObjectNode merged = Merge.merge(current, applied, schema);

        List<ManagedField> managers = new ArrayList<>();
        FieldSet last = null;
        for (ManagedField e : previous) {
            if (e.sameManager(manager, ManagedField.APPLY, subresource)) {
                last = e.fields();
            } else {
                managers.add(e);
            }
        }
        managers.add(new ManagedField(manager, ManagedField.APPLY, apiVersion, time, subresource, applying));
        if (last != null) {
            prune(merged, last, managers);
        }
        Comparison changes = compare(current, merged);
        List<ApplyConflict.Conflict> conflicts = new ArrayList<>();
        List<ManagedField> result = new ArrayList<>();
        for (ManagedField e : managers) {
            if (e.sameManager(manager, ManagedField.APPLY, subresource)) {
                result.add(e);
                continue;
            }
            FieldSet contested = e.fields().intersect(changes.changed());
            contested.paths().forEach(p -> conflicts.add(new ApplyConflict.Conflict(e.describe(), p.toString())));
            result.add(e.withFields(e.fields().minus(contested).minus(changes.removed())));
        }
        if (!force && !conflicts.isEmpty()) {
            throw new ApplyConflict(conflicts);
        }
        return new Result(merged, keepTimes(previous, result));
    }

    /**
     * The managedFields after a create ({@code old} null), update or patch by {@code manager} on
     * {@code subresource} (null or empty for the main resource) turned {@code old} into {@code updated}.
     */
    public List<ManagedField> update(ObjectNode old, ObjectNode updated, String manager, String apiVersion,
            String time, String subresource) {
        List<ManagedField> previous = old == null ? List.of() : ManagedField.read(old);
        Comparison changes = compare(old == null ? JsonNodeFactory.instance.objectNode() : old, updated);
        List<ManagedField> result = new ArrayList<>();
        FieldSet mine = FieldSet.EMPTY;
        for (ManagedField e : previous) {
            if (e.sameManager(manager, ManagedField.UPDATE, subresource)) {
                mine = e.fields();
            } else {
                result.add(e.withFields(e.fields().minus(changes.changed()).minus(changes.removed())));
            }
        }
        mine = mine.union(changes.changed()).minus(changes.removed());
        result.add(new ManagedField(manager, ManagedField.UPDATE, apiVersion, time, subresource, mine));
        return keepTimes(previous, result);
    }

    /** Removes from {@code merged} what {@code last} owned and no manager owns now (nor anything below it). */
    private void prune(ObjectNode merged, FieldSet last, List<ManagedField> managers) {
        FieldSet owned = FieldSet.EMPTY;
        for (ManagedField e : managers) {
            owned = owned.union(e.fields());
        }
        List<FieldPath> removed = new ArrayList<>();
        for (FieldPath p : FieldPaths.shallowestFirst(last.minus(owned).paths())) {
            if (!owned.hasBelow(p) && removed.stream().noneMatch(p::isBelow)) {
                Merge.remove(merged, p, schema);
                removed.add(p);
            }
        }
    }

    /** What changed between two objects, among the paths this write tracks. */
    record Comparison(FieldSet changed, FieldSet removed) {}

    Comparison compare(ObjectNode before, ObjectNode after) {
        Map<FieldPath, JsonNode> was = FieldPaths.leaves(strip(before), schema, false);
        Map<FieldPath, JsonNode> now = FieldPaths.leaves(strip(after), schema, false);
        Set<FieldPath> changed = new LinkedHashSet<>();
        Set<FieldPath> removed = new LinkedHashSet<>();
        now.forEach((path, value) -> {
            JsonNode old = was.get(path);
            if (old == null || !old.equals(value)) {
                changed.add(path);
            }
        });
        for (FieldPath path : was.keySet()) {
            if (!now.containsKey(path)) {
                removed.add(path);
            }
        }
        return new Comparison(tracked(changed), tracked(removed));
    }

    private FieldSet tracked(Set<FieldPath> paths) {
        Set<FieldPath> out = new LinkedHashSet<>();
        for (FieldPath p : paths) {
            if (tracked.test(p)) {
                out.add(p);
            }
        }
        return new FieldSet(out);
    }

    /** An entry whose fields did not change keeps its time, so a write that changes nothing stays a no-op. */
    private static List<ManagedField> keepTimes(List<ManagedField> previous, List<ManagedField> next) {
        List<ManagedField> out = new ArrayList<>();
        for (ManagedField e : next) {
            ManagedField kept = e;
            for (ManagedField p : previous) {
                if (p.sameManager(e.manager(), e.operation(), e.subresource()) && p.fields().equals(e.fields())
                        && Objects.equals(p.apiVersion(), e.apiVersion())) {
                    kept = p;
                }
            }
            out.add(kept);
        }
        return out;
    }

    private static ObjectNode withoutManagedFields(ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        if (copy.get("metadata") instanceof ObjectNode meta) {
            meta.remove("managedFields");
        }
        return copy;
    }

    /** The part of an object that can be owned: no apiVersion, kind or server-set metadata. */
    static ObjectNode strip(ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        copy.remove("apiVersion");
        copy.remove("kind");
        if (copy.get("metadata") instanceof ObjectNode meta) {
            SERVER_METADATA.forEach(meta::remove);
            if (meta.isEmpty()) {
                copy.remove("metadata");
            }
        } else {
            copy.remove("metadata");
        }
        return copy;
    }
}
