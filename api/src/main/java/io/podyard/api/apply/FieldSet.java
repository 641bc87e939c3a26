package io.podyard.api.apply;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A set of owned paths, and its {@code fieldsV1} encoding: a tree of {@code f:}/{@code k:}/{@code v:}/
 * {@code i:} keys in which {@code ".": {}} marks a node that is itself a member and also has members
 * below it; a member with nothing below is an empty object.
 */
public record FieldSet(Set<FieldPath> paths) {
    public static final FieldSet EMPTY = new FieldSet(Set.of());

    public FieldSet {
        paths = Collections.unmodifiableSet(new LinkedHashSet<>(paths));
    }

    public boolean isEmpty() {
        return paths.isEmpty();
    }

    public boolean contains(FieldPath path) {
        return paths.contains(path);
    }

    /** Whether some member lies strictly below {@code path}. */
    public boolean hasBelow(FieldPath path) {
        for (FieldPath p : paths) {
            if (p.isBelow(path)) {
                return true;
            }
        }
        return false;
    }

    public FieldSet union(FieldSet other) {
        Set<FieldPath> out = new LinkedHashSet<>(paths);
        out.addAll(other.paths);
        return new FieldSet(out);
    }

    public FieldSet minus(FieldSet other) {
        Set<FieldPath> out = new LinkedHashSet<>(paths);
        out.removeAll(other.paths);
        return new FieldSet(out);
    }

    public FieldSet intersect(FieldSet other) {
        Set<FieldPath> out = new LinkedHashSet<>(paths);
        out.retainAll(other.paths);
        return new FieldSet(out);
    }

    /** This set without {@code path} and everything below it. */
    public FieldSet without(FieldPath path) {
        Set<FieldPath> out = new LinkedHashSet<>();
        for (FieldPath p : paths) {
            if (!p.equals(path) && !p.isBelow(path)) {
                out.add(p);
            }
        }
        return new FieldSet(out);
    }

    /** The {@code fieldsV1} object of this set, keys sorted as Kubernetes writes them. */
    public ObjectNode toFieldsV1() {
        Node root = new Node();
        for (FieldPath path : paths) {
            Node n = root;
            for (PathElement e : path.elements()) {
                n = n.children.computeIfAbsent(e.fieldsV1Key(), k -> new Node());
            }
            n.member = true;
        }
        return root.encode();
    }

    /** Parses a {@code fieldsV1} object; IllegalArgumentException if it is malformed. */
    public static FieldSet fromFieldsV1(JsonNode fields) {
        Set<FieldPath> out = new LinkedHashSet<>();
        if (fields != null && !fields.isNull()) {
            decode(fields, FieldPath.ROOT, out);
        }
        return new FieldSet(out);
    }

    private static void decode(JsonNode node, FieldPath path, Set<FieldPath> out) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("fieldsV1 must be nested objects, at " + path);
        }
        if (node.isEmpty() && path.size() > 0) {
            out.add(path);
            return;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (e.getKey().equals(".")) {
                out.add(path);
            } else {
                decode(e.getValue(), path.child(PathElement.parse(e.getKey())), out);
            }
        }
    }

    /** A node of the fieldsV1 tree being built. */
    private static final class Node {
        final Map<String, Node> children = new java.util.TreeMap<>();
        boolean member;

        ObjectNode encode() {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            if (member && !children.isEmpty()) {
                out.putObject(".");
            }
            children.forEach((key, child) -> out.set(key, child.encode()));
            return out;
        }
    }
}
