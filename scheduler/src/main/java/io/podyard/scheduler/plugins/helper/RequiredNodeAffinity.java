package io.podyard.scheduler.plugins.helper;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.podyard.scheduler.framework.NodeInfo;
import java.util.List;
import java.util.Map;

/**
 * A pod's hard node constraints: its nodeSelector and its required node affinity, both of which a
 * node must satisfy (as Kubernetes' nodeaffinity.RequiredNodeAffinity).
 */
public record RequiredNodeAffinity(Map<String, String> nodeSelector, NodeSelector required) {

    public static RequiredNodeAffinity of(PodSpec spec) {
        Affinity affinity = spec.getAffinity();
        NodeSelector required = affinity == null || affinity.getNodeAffinity() == null
                ? null : affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        return new RequiredNodeAffinity(spec.getNodeSelector() == null ? Map.of() : spec.getNodeSelector(), required);
    }

    public boolean isEmpty() {
        return nodeSelector.isEmpty() && required == null;
    }

    public boolean matches(NodeInfo node) {
        for (Map.Entry<String, String> wanted : nodeSelector.entrySet()) {
            if (!wanted.getValue().equals(node.labels().get(wanted.getKey()))) {
                return false;
            }
        }
        return required == null || anyTermMatches(required.getNodeSelectorTerms(), node);
    }

    /** Terms are ORed; a term's expressions and fields are ANDed; an empty term matches nothing. */
    public static boolean anyTermMatches(List<NodeSelectorTerm> terms, NodeInfo node) {
        if (terms == null) {
            return false;
        }
        for (NodeSelectorTerm term : terms) {
            if (termMatches(term, node)) {
                return true;
            }
        }
        return false;
    }

    public static boolean termMatches(NodeSelectorTerm term, NodeInfo node) {
        List<NodeSelectorRequirement> expressions = term.getMatchExpressions() == null ? List.of() : term.getMatchExpressions();
        List<NodeSelectorRequirement> fields = term.getMatchFields() == null ? List.of() : term.getMatchFields();
        if (expressions.isEmpty() && fields.isEmpty()) {
            return false;
        }
        for (NodeSelectorRequirement expression : expressions) {
            if (!requirementMatches(expression, node.labels())) {
                return false;
            }
        }
        for (NodeSelectorRequirement field : fields) {
            // metadata.name is the only field a node selector may name.
            if (!"metadata.name".equals(field.getKey())
                    || !requirementMatches(field, Map.of("metadata.name", node.name()))) {
                return false;
            }
        }
        return true;
    }

    /** One requirement over a label map: In, NotIn, Exists, DoesNotExist, Gt, Lt (integer compare). */
    public static boolean requirementMatches(NodeSelectorRequirement requirement, Map<String, String> labels) {
        String key = requirement.getKey();
        List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        String actual = labels.get(key);
        return switch (requirement.getOperator() == null ? "" : requirement.getOperator()) {
            case "In" -> actual != null && values.contains(actual);
            case "NotIn" -> actual == null || !values.contains(actual);
            case "Exists" -> actual != null;
            case "DoesNotExist" -> actual == null;
            case "Gt", "Lt" -> compare(requirement.getOperator(), actual, values);
            default -> false;
        };
    }

    private static boolean compare(String operator, String actual, List<String> values) {
        if (actual == null || values.size() != 1) {
            return false;
        }
        try {
            long have = Long.parseLong(actual);
            long bound = Long.parseLong(values.getFirst());
            return operator.equals("Gt") ? have > bound : have < bound;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
