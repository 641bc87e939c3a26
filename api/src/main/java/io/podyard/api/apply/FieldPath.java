package io.podyard.api.apply;

import java.util.ArrayList;
import java.util.List;

/** A path to a field, list item or set member of an object, printed as Kubernetes prints them in conflicts. */
public record FieldPath(List<PathElement> elements) {
    public static final FieldPath ROOT = new FieldPath(List.of());

    public FieldPath {
        elements = List.copyOf(elements);
    }

    public static FieldPath of(PathElement... elements) {
        return new FieldPath(List.of(elements));
    }

    public FieldPath child(PathElement element) {
        List<PathElement> next = new ArrayList<>(elements);
        next.add(element);
        return new FieldPath(next);
    }

    /** Whether this path lies strictly below {@code prefix}. */
    public boolean isBelow(FieldPath prefix) {
        return elements.size() > prefix.elements.size()
                && elements.subList(0, prefix.elements.size()).equals(prefix.elements);
    }

    public int size() {
        return elements.size();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (PathElement e : elements) {
            sb.append(e);
        }
        return sb.toString();
    }
}
