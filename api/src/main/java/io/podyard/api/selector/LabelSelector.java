package io.podyard.api.selector;

import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A Kubernetes label selector: a conjunction of requirements on an object's labels. Immutable and
 * safe to share.
 *
 * <p>Two sources, with Kubernetes' two meanings of "no selector":
 * <ul>
 *   <li>{@link #parse(String)} reads the {@code ?labelSelector=} syntax; a blank string selects everything.
 *   <li>{@link #from(io.fabric8.kubernetes.api.model.LabelSelector)} converts a selector field of an
 *       object; a null selector selects nothing, an empty one everything.
 * </ul>
 */
public final class LabelSelector {
    private static final LabelSelector EVERYTHING = new LabelSelector(List.of(), false);
    private static final LabelSelector NOTHING = new LabelSelector(List.of(), true);

    private final List<Requirement> requirements;
    private final boolean selectsNothing;

    private LabelSelector(List<Requirement> requirements, boolean selectsNothing) {
        this.requirements = List.copyOf(requirements);
        this.selectsNothing = selectsNothing;
    }

    /**
     * Parses the query-string syntax, e.g. {@code app=web,tier in (a,b),!legacy,replicas>1}.
     *
     * @param selector the selector text; null or blank selects everything, as an absent parameter does
     * @throws SelectorException with the API server's message when Kubernetes would reject the selector
     */
    public static LabelSelector parse(String selector) {
        return selector == null ? EVERYTHING : new LabelSelector(LabelParser.parse(selector), false);
    }

    /**
     * Converts the selector field of a Deployment, Service, NetworkPolicy and the like, as
     * metav1.LabelSelectorAsSelector does. A null selector selects nothing; one with neither
     * matchLabels nor matchExpressions selects everything.
     *
     * @throws SelectorException for an unknown operator, an invalid key or value, In/NotIn without
     *     values or Exists/DoesNotExist with values
     */
    public static LabelSelector from(io.fabric8.kubernetes.api.model.LabelSelector selector) {
        if (selector == null) {
            return NOTHING;
        }
        Map<String, String> labels = Objects.requireNonNullElse(selector.getMatchLabels(), Map.of());
        List<LabelSelectorRequirement> expressions =
                Objects.requireNonNullElse(selector.getMatchExpressions(), List.of());
        List<Requirement> requirements = new ArrayList<>();
        // A JSON null decodes to "" in Go, so a null key, operator or value here is the empty string.
        labels.forEach((key, value) ->
                requirements.add(Requirement.of(orEmpty(key), Operator.EQUALS, List.of(orEmpty(value)))));
        for (LabelSelectorRequirement expression : expressions) {
            List<String> values = expression.getValues() == null
                    ? null
                    : expression.getValues().stream().map(LabelSelector::orEmpty).toList();
            Operator operator = operator(orEmpty(expression.getOperator()));
            requirements.add(Requirement.of(orEmpty(expression.getKey()), operator, values));
        }
        requirements.sort(Comparator.comparing(Requirement::key));
        return new LabelSelector(requirements, false);
    }

    /** Whether an object with these labels is selected; a null map is an object without labels. */
    public boolean matches(Map<String, String> labels) {
        if (selectsNothing) {
            return false;
        }
        Map<String, String> present = labels == null ? Map.of() : labels;
        for (Requirement requirement : requirements) {
            if (!requirement.matches(present)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The canonical text: requirements sorted by key, set values sorted, joined by commas. Like
     * Kubernetes, a selector that selects nothing renders as the empty string, so the text of a
     * selector made {@link #from} null parses back to one that selects everything.
     */
    @Override
    public String toString() {
        return requirements.stream().map(Requirement::toString).collect(Collectors.joining(","));
    }

    private static Operator operator(String name) {
        return switch (name) {
            case "In" -> Operator.IN;
            case "NotIn" -> Operator.NOT_IN;
            case "Exists" -> Operator.EXISTS;
            case "DoesNotExist" -> Operator.DOES_NOT_EXIST;
            default -> throw new SelectorException(FieldErrors.quote(name) + " is not a valid label selector operator");
        };
    }

    private static String orEmpty(String text) {
        return Objects.requireNonNullElse(text, "");
    }
}
