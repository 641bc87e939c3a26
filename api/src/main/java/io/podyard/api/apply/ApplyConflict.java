package io.podyard.api.apply;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An apply that would change fields other managers own; the message is Kubernetes' (409 Conflict with
 * a {@code FieldManagerConflict} cause per path).
 */
public final class ApplyConflict extends RuntimeException {
    /** One contested path: {@code manager} is the description Kubernetes prints ({@code "name" using v1 at ...}). */
    public record Conflict(String manager, String path) {}

    private final List<Conflict> conflicts;

    ApplyConflict(List<Conflict> conflicts) {
        super(message(conflicts));
        this.conflicts = List.copyOf(conflicts);
    }

    public List<Conflict> conflicts() {
        return conflicts;
    }

    private static String message(List<Conflict> conflicts) {
        if (conflicts.size() == 1) {
            Conflict c = conflicts.getFirst();
            return "Apply failed with 1 conflict: conflict with " + c.manager() + ": " + c.path();
        }
        Map<String, List<String>> byManager = new TreeMap<>();
        for (Conflict c : conflicts) {
            byManager.computeIfAbsent(c.manager(), k -> new ArrayList<>()).add(c.path());
        }
        List<String> lines = new ArrayList<>();
        byManager.forEach((manager, paths) -> {
            lines.add("conflicts with " + manager + ":");
            paths.forEach(p -> lines.add("- " + p));
        });
        return "Apply failed with " + conflicts.size() + " conflicts: " + String.join("\n", lines);
    }
}
