package io.podyard.node.images.snapshots;

import io.podyard.node.images.UnsafeLayerException;
import java.util.ArrayList;
import java.util.List;

/**
 * A layer entry's path as components below the snapshot root. Absolute paths and {@code ./} are
 * taken relative to the root, as every image tool writes them; a {@code ..} component is refused
 * outright rather than resolved, since no well-formed layer needs one.
 */
record EntryPath(String entry, List<String> components) {

    static EntryPath parse(String entry) {
        if (entry.indexOf('\0') >= 0) {
            throw new UnsafeLayerException(entry.replace('\0', '?'), "the name contains a NUL byte");
        }
        List<String> components = new ArrayList<>();
        for (String component : entry.split("/")) {
            if (component.isEmpty() || component.equals(".")) {
                continue;
            }
            if (component.equals("..")) {
                throw new UnsafeLayerException(entry, "the path contains \"..\"");
            }
            components.add(component);
        }
        return new EntryPath(entry, List.copyOf(components));
    }

    boolean isRoot() {
        return components.isEmpty();
    }

    String base() {
        return components.getLast();
    }

    List<String> parents() {
        return components.subList(0, components.size() - 1);
    }

    String relative() {
        return String.join("/", components);
    }
}
