package io.podyard.api.table;

import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.podyard.api.selector.LabelSelector;
import io.podyard.api.selector.SelectorException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/** The text helpers Kubernetes' printers share: labels, selectors, container lists, "+ N more...". */
final class Formats {
    private Formats() {}

    /** labels.FormatLabels: {@code a=1,b=2} sorted by key, or {@code <none>}. */
    static String labels(JsonNode node, String... path) {
        Map<String, String> labels = Fields.stringMap(node, path);
        if (labels.isEmpty()) {
            return "<none>";
        }
        return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    /** metav1.FormatLabelSelector: the canonical selector, {@code <none>} if empty, {@code <error>} if invalid. */
    static String labelSelector(JsonNode node, String... path) {
        try {
            String text = LabelSelector.from(fabric8Selector(Fields.at(node, path))).toString();
            return text.isEmpty() ? "<none>" : text;
        } catch (SelectorException e) {
            return "<error>";
        }
    }

    /** LabelSelectorAsSelector(...).String() as printDeployment writes it: empty stays empty. */
    static String selectorOrInvalid(JsonNode node, String... path) {
        try {
            return LabelSelector.from(fabric8Selector(Fields.at(node, path))).toString();
        } catch (SelectorException e) {
            return "<invalid>";
        }
    }

    /** layoutContainerCells: one field of every container, comma separated. */
    static String containers(JsonNode containers, String field) {
        List<String> values = new ArrayList<>();
        for (JsonNode container : containers) {
            values.add(Fields.text(container, field));
        }
        return String.join(",", values);
    }

    /** printBoolPtr: True, False or {@code <unset>}. */
    static String boolPointer(JsonNode node, String... path) {
        return Fields.present(node, path) ? (Fields.bool(node, path) ? "True" : "False") : "<unset>";
    }

    /** Up to {@code max} items and "+ N more...", or {@code <unset>} when there are none. */
    static String listWithMore(List<String> items, int count, int max) {
        String joined = String.join(",", items);
        if (count > max) {
            return joined + " + " + (count - max) + " more...";
        }
        return joined.isEmpty() ? "<unset>" : joined;
    }

    /** The JSON of a metav1.LabelSelector as the fabric8 type the selector package reads; null when absent. */
    private static io.fabric8.kubernetes.api.model.LabelSelector fabric8Selector(JsonNode node) {
        if (!node.isObject()) {
            return null;
        }
        Map<String, String> matchLabels = null;
        if (node.path("matchLabels").isObject()) {
            matchLabels = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> label : node.path("matchLabels").properties()) {
                matchLabels.put(label.getKey(), textOrNull(label.getValue()));
            }
        }
        List<LabelSelectorRequirement> expressions = null;
        if (node.path("matchExpressions").isArray()) {
            expressions = new ArrayList<>();
            for (JsonNode expression : node.path("matchExpressions")) {
                List<String> values = null;
                if (expression.path("values").isArray()) {
                    values = new ArrayList<>();
                    for (JsonNode value : expression.path("values")) {
                        values.add(textOrNull(value));
                    }
                }
                expressions.add(new LabelSelectorRequirement(textOrNull(expression.path("key")),
                        textOrNull(expression.path("operator")), values));
            }
        }
        return new io.fabric8.kubernetes.api.model.LabelSelector(expressions, matchLabels);
    }

    private static String textOrNull(JsonNode node) {
        return node.isString() ? node.asString() : null;
    }
}
