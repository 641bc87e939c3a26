package io.podyard.api.selector;

import io.podyard.api.selector.LabelLexer.Kind;
import io.podyard.api.selector.LabelLexer.Token;
import io.podyard.api.validation.Names;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Kubernetes' recursive-descent label selector parser, rule for rule, so that the same strings are
 * accepted, the same quirks kept ({@code x in (a,,)} is rejected while {@code x in (a,,b)} is not)
 * and the same messages produced.
 *
 * <pre>
 * selector    ::= requirement | requirement "," selector
 * requirement ::= ["!"] KEY [ ("in" | "notin") "(" VALUES ")" | ("=" | "==" | "!=" | ">" | "<") VALUE ]
 * </pre>
 */
final class LabelParser {
    private static final String BINARY_OPERATORS = "in, notin, =, ==, !=, gt, lt";

    private final List<Token> tokens;
    private int position;

    private LabelParser(String selector) {
        this.tokens = LabelLexer.tokens(selector);
    }

    /** The requirements, sorted by key as Kubernetes sorts them; none for a blank selector. */
    static List<Requirement> parse(String selector) {
        List<Requirement> requirements = new LabelParser(selector).requirements();
        requirements.sort(Comparator.comparing(Requirement::key));
        return requirements;
    }

    private List<Requirement> requirements() {
        List<Requirement> requirements = new ArrayList<>();
        while (true) {
            Token token = peekValue();
            switch (token.kind()) {
                case END -> {
                    return requirements;
                }
                case IDENTIFIER, NOT -> {
                    try {
                        requirements.add(requirement());
                    } catch (SelectorException e) {
                        throw new SelectorException("unable to parse requirement: " + e.getMessage());
                    }
                    Token after = nextValue();
                    if (after.kind() == Kind.END) {
                        return requirements;
                    }
                    if (after.kind() != Kind.COMMA) {
                        throw fail("found '" + after.literal() + "', expected: ',' or 'end of string'");
                    }
                    Token following = peekValue();
                    if (following.kind() != Kind.IDENTIFIER && following.kind() != Kind.NOT) {
                        throw fail("found '" + following.literal() + "', expected: identifier after ','");
                    }
                }
                default -> throw fail("found '" + token.literal() + "', expected: !, identifier, or 'end of string'");
            }
        }
    }

    private Requirement requirement() {
        Token token = nextValue();
        boolean negated = token.kind() == Kind.NOT;
        if (negated) {
            token = nextValue();
        }
        if (token.kind() != Kind.IDENTIFIER) {
            throw fail("found '" + token.literal() + "', expected: identifier");
        }
        String key = token.literal();
        List<String> keyErrors = Names.qualifiedName(key);
        if (!keyErrors.isEmpty()) {
            // Kubernetes checks the key here without a field path, hence "<nil>".
            throw fail(FieldErrors.invalid("<nil>", key, String.join("; ", keyErrors)));
        }
        if (negated) {
            return Requirement.of(key, Operator.DOES_NOT_EXIST, List.of());
        }
        Kind following = peekValue().kind();
        if (following == Kind.END || following == Kind.COMMA) {
            return Requirement.of(key, Operator.EXISTS, List.of());
        }
        Operator operator = operator();
        List<String> values = operator == Operator.IN || operator == Operator.NOT_IN ? valueSet() : exactValue();
        return Requirement.of(key, operator, values);
    }

    private Operator operator() {
        Token token = tokens.get(position++);
        return switch (token.kind()) {
            case IN -> Operator.IN;
            case NOT_IN -> Operator.NOT_IN;
            case EQUALS -> Operator.EQUALS;
            case DOUBLE_EQUALS -> Operator.DOUBLE_EQUALS;
            case NOT_EQUALS -> Operator.NOT_EQUALS;
            case GREATER -> Operator.GREATER_THAN;
            case LESS -> Operator.LESS_THAN;
            default -> throw fail("found '" + token.literal() + "', expected: " + BINARY_OPERATORS);
        };
    }

    /** {@code (a,b)}; an empty slot, as in {@code ()} or {@code (a,)}, is the empty value. */
    private List<String> valueSet() {
        Token open = nextValue();
        if (open.kind() != Kind.OPEN_PAREN) {
            throw fail("found '" + open.literal() + "' expected: '('");
        }
        Token first = peekValue();
        switch (first.kind()) {
            case CLOSE_PAREN -> {
                position++;
                return List.of("");
            }
            case IDENTIFIER, COMMA -> {
                List<String> values = identifiers();
                position++; // the ')' that identifiers() stopped before
                return values;
            }
            default -> throw fail("found '" + first.literal() + "', expected: ',', ')' or identifier");
        }
    }

    /** Kubernetes' parseIdentifiersList, which returns only when the next token is ')'. */
    private List<String> identifiers() {
        TreeSet<String> values = new TreeSet<>();
        while (true) {
            Token token = nextValue();
            switch (token.kind()) {
                case IDENTIFIER -> {
                    values.add(token.literal());
                    Token after = peekValue();
                    if (after.kind() == Kind.CLOSE_PAREN) {
                        return new ArrayList<>(values);
                    }
                    if (after.kind() != Kind.COMMA) {
                        throw fail("found '" + after.literal() + "', expected: ',' or ')'");
                    }
                }
                case COMMA -> {
                    if (values.isEmpty()) {
                        values.add("");
                    }
                    Kind after = peekValue().kind();
                    if (after == Kind.CLOSE_PAREN) {
                        values.add("");
                        return new ArrayList<>(values);
                    }
                    if (after == Kind.COMMA) {
                        position++;
                        values.add("");
                    }
                }
                default -> throw fail("found '" + token.literal() + "', expected: ',', or identifier");
            }
        }
    }

    /** The single value after {@code =}, {@code ==}, {@code !=}, {@code >} or {@code <}; nothing means "". */
    private List<String> exactValue() {
        Kind next = peekValue().kind();
        if (next == Kind.END || next == Kind.COMMA) {
            return List.of("");
        }
        Token token = nextValue();
        if (token.kind() != Kind.IDENTIFIER) {
            throw fail("found '" + token.literal() + "', expected: identifier");
        }
        return List.of(token.literal());
    }

    // Where a value may stand, "in" and "notin" are ordinary words: "x in (in)" and "in" are valid.
    private Token peekValue() {
        return asValue(tokens.get(position));
    }

    private Token nextValue() {
        return asValue(tokens.get(position++));
    }

    private static Token asValue(Token token) {
        boolean keyword = token.kind() == Kind.IN || token.kind() == Kind.NOT_IN;
        return keyword ? new Token(Kind.IDENTIFIER, token.literal()) : token;
    }

    private static SelectorException fail(String message) {
        return new SelectorException(message);
    }
}
