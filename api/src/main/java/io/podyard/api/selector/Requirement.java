package io.podyard.api.selector;

import io.podyard.api.validation.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One condition of a label selector: a key, an operator and (for the binary operators) a set of
 * values, kept sorted and distinct because Kubernetes treats them as a set.
 */
record Requirement(String key, Operator operator, List<String> values) {

    /**
     * Validates like Kubernetes' labels.NewRequirement and reports every problem at once. Callers
     * guarantee the value count of exact-match and Gt/Lt operators; what is left to check is what a
     * user can get wrong. {@code values} may be null (a selector that omitted them).
     */
    static Requirement of(String key, Operator operator, List<String> values) {
        List<String> errors = new ArrayList<>();
        List<String> keyErrors = Names.qualifiedName(key);
        if (!keyErrors.isEmpty()) {
            errors.add(FieldErrors.invalid("key", key, String.join("; ", keyErrors)));
        }
        List<String> given = values == null ? List.of() : values;
        switch (operator) {
            case IN, NOT_IN -> {
                if (given.isEmpty()) {
                    // Go copies the values with append(nil, ...), so an empty list prints as null.
                    errors.add(FieldErrors.invalidList("values", null,
                            "for 'in', 'notin' operators, values set can't be empty"));
                }
            }
            case EXISTS, DOES_NOT_EXIST -> {
                if (!given.isEmpty()) {
                    errors.add(FieldErrors.invalidList("values", given,
                            "values set must be empty for exists and does not exist"));
                }
            }
            case GREATER_THAN, LESS_THAN -> {
                for (int i = 0; i < given.size(); i++) {
                    if (parseLong(given.get(i)) == null) {
                        errors.add(FieldErrors.invalid("values[" + i + "]", given.get(i),
                                "for 'Gt', 'Lt' operators, the value must be an integer"));
                    }
                }
            }
            case EQUALS, DOUBLE_EQUALS, NOT_EQUALS -> { }
        }
        for (int i = 0; i < given.size(); i++) {
            List<String> valueErrors = Names.labelValue(given.get(i));
            if (!valueErrors.isEmpty()) {
                errors.add(FieldErrors.invalid("values[" + i + "][" + key + "]", given.get(i),
                        String.join("; ", valueErrors)));
            }
        }
        if (!errors.isEmpty()) {
            throw new SelectorException(FieldErrors.aggregate(errors));
        }
        return new Requirement(key, operator, List.copyOf(new TreeSet<>(given)));
    }

    boolean matches(Map<String, String> labels) {
        String value = labels.get(key);
        boolean present = value != null || labels.containsKey(key);
        return switch (operator) {
            case IN, EQUALS, DOUBLE_EQUALS -> present && values.contains(value);
            case NOT_IN, NOT_EQUALS -> !present || !values.contains(value);
            case EXISTS -> present;
            case DOES_NOT_EXIST -> !present;
            case GREATER_THAN, LESS_THAN -> {
                // A label that is not an integer never satisfies Gt or Lt; it is not an error.
                Long actual = present ? parseLong(value) : null;
                long bound = Long.parseLong(values.getFirst());
                yield actual != null && (operator == Operator.GREATER_THAN ? actual > bound : actual < bound);
            }
        };
    }

    /** Kubernetes' rendering, which keeps {@code ==} apart from {@code =}. */
    @Override
    public String toString() {
        String joined = String.join(",", values);
        return switch (operator) {
            case DOES_NOT_EXIST -> "!" + key;
            case EXISTS -> key;
            case IN -> key + " in (" + joined + ")";
            case NOT_IN -> key + " notin (" + joined + ")";
            case GREATER_THAN -> key + ">" + joined;
            case LESS_THAN -> key + "<" + joined;
            case EQUALS -> key + "=" + joined;
            case DOUBLE_EQUALS -> key + "==" + joined;
            case NOT_EQUALS -> key + "!=" + joined;
        };
    }

    /** Go's strconv.ParseInt(s, 10, 64): a sign and leading zeros are fine, non-ASCII digits are not. */
    private static Long parseLong(String text) {
        if (text == null || !text.chars().allMatch(c -> c < 0x80)) {
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
