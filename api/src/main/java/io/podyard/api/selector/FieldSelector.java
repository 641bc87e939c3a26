package io.podyard.api.selector;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A Kubernetes field selector ({@code ?fieldSelector=}): a conjunction of {@code field=value},
 * {@code field==value} and {@code field!=value} terms. Values may escape {@code \,}, {@code \=} and
 * {@code \\}; field names are taken literally, whitespace included, as Kubernetes takes them.
 *
 * <p>Which fields a resource supports is not this class's business: the caller checks {@link
 * #fields()} and reports {@code field label not supported: X} for the rest.
 */
public final class FieldSelector {
    // "!=" and "==" come before "=" so that no '=' is left on the value.
    private static final List<String> OPERATORS = List.of("!=", "==", "=");

    private final List<Term> terms;

    private FieldSelector(List<Term> terms) {
        this.terms = List.copyOf(terms);
    }

    /**
     * Parses the query-string syntax, e.g. {@code metadata.name=web,status.phase!=Running}.
     *
     * @param selector the selector text; null or empty selects everything, as an absent parameter does
     * @throws SelectorException with the API server's message when Kubernetes would reject the selector
     */
    public static FieldSelector parse(String selector) {
        if (selector == null) {
            return new FieldSelector(List.of());
        }
        // Kubernetes sorts the raw terms before parsing; the sorted order is the canonical one.
        List<String> parts = splitTerms(selector);
        Collections.sort(parts);
        List<Term> terms = new ArrayList<>();
        for (String part : parts) {
            if (!part.isEmpty()) {
                terms.add(term(selector, part));
            }
        }
        return new FieldSelector(terms);
    }

    /**
     * Whether an object is selected. {@code fieldValue} gives the object's value of a field path
     * such as {@code metadata.name}, or null when it has none, which compares as the empty string
     * just as a missing field does in Kubernetes.
     */
    public boolean matches(Function<String, String> fieldValue) {
        for (Term term : terms) {
            String actual = Objects.requireNonNullElse(fieldValue.apply(term.field()), "");
            if (actual.equals(term.value()) == term.negated()) {
                return false;
            }
        }
        return true;
    }

    /** The field paths the selector refers to, sorted, for the caller to check against what it supports. */
    public Set<String> fields() {
        return Collections.unmodifiableSortedSet(
                terms.stream().map(Term::field).collect(Collectors.toCollection(TreeSet::new)));
    }

    /** Canonical text: terms in sorted order, {@code ==} written as {@code =}, values escaped. */
    @Override
    public String toString() {
        return terms.stream().map(Term::toString).collect(Collectors.joining(","));
    }

    private record Term(String field, boolean negated, String value) {
        @Override
        public String toString() {
            String escaped = value.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=");
            return field + (negated ? "!=" : "=") + escaped;
        }
    }

    /** Splits at commas that are not escaped; escapes stay in the terms for {@link #unescape}. */
    private static List<String> splitTerms(String selector) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        boolean escaped = false;
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == ',') {
                parts.add(selector.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(selector.substring(start));
        return parts;
    }

    /** Splits a term at its first operator; field names cannot escape, so the first one wins. */
    private static Term term(String selector, String part) {
        for (int i = 0; i < part.length(); i++) {
            for (String operator : OPERATORS) {
                if (part.startsWith(operator, i)) {
                    String value = unescape(part.substring(i + operator.length()));
                    return new Term(part.substring(0, i), operator.equals("!="), value);
                }
            }
        }
        throw new SelectorException("invalid selector: '" + selector + "'; can't understand '" + part + "'");
    }

    private static String unescape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        boolean escaped = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (escaped) {
                if (c != '\\' && c != ',' && c != '=') {
                    String sequence = "\\" + Character.toString(value.codePointAt(i));
                    throw new SelectorException("invalid field selector: invalid escape sequence: " + sequence);
                }
                out.append(c);
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == ',' || c == '=') {
                // Go prints the rune with %v, i.e. as its code point number.
                throw new SelectorException("invalid field selector: unescaped character in value: " + (int) c);
            } else {
                out.append(c);
            }
        }
        if (escaped) {
            throw new SelectorException("invalid field selector: invalid escape sequence: \\");
        }
        return out.toString();
    }
}
