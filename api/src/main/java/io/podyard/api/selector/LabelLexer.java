package io.podyard.api.selector;

import java.util.ArrayList;
import java.util.List;

/** Splits a label selector into tokens at exactly the places Kubernetes' lexer does. */
final class LabelLexer {
    enum Kind {
        END, IDENTIFIER, IN, NOT_IN, NOT, EQUALS, DOUBLE_EQUALS, NOT_EQUALS, GREATER, LESS,
        OPEN_PAREN, CLOSE_PAREN, COMMA
    }

    /** {@code literal} is what the user wrote; error messages quote it. */
    record Token(Kind kind, String literal) {}

    private final String input;
    private int position;

    private LabelLexer(String input) {
        this.input = input;
    }

    /** All tokens, ending with one {@link Kind#END}. Lexing never fails; the parser judges the tokens. */
    static List<Token> tokens(String input) {
        LabelLexer lexer = new LabelLexer(input);
        List<Token> tokens = new ArrayList<>();
        Token token;
        do {
            token = lexer.next();
            tokens.add(token);
        } while (token.kind() != Kind.END);
        return tokens;
    }

    private Token next() {
        while (position < input.length() && isWhitespace(input.charAt(position))) {
            position++;
        }
        if (position == input.length()) {
            return new Token(Kind.END, "");
        }
        return isSymbol(input.charAt(position)) ? symbol() : word();
    }

    // Kubernetes grows an operator one character at a time while the text is still an operator, so
    // "!==" lexes as "!=" then "=", and "=(" as "=" then "(". Every single symbol is an operator.
    private Token symbol() {
        int end = position + 1;
        while (end < input.length() && symbolKind(input.substring(position, end + 1)) != null) {
            end++;
        }
        String literal = input.substring(position, end);
        position = end;
        return new Token(symbolKind(literal), literal);
    }

    private Token word() {
        int start = position;
        while (position < input.length() && !endsWord(input.charAt(position))) {
            position++;
        }
        String literal = input.substring(start, position);
        Kind kind = switch (literal) {
            case "in" -> Kind.IN;
            case "notin" -> Kind.NOT_IN;
            default -> Kind.IDENTIFIER;
        };
        return new Token(kind, literal);
    }

    private static Kind symbolKind(String text) {
        return switch (text) {
            case ")" -> Kind.CLOSE_PAREN;
            case "," -> Kind.COMMA;
            case "!" -> Kind.NOT;
            case "==" -> Kind.DOUBLE_EQUALS;
            case "=" -> Kind.EQUALS;
            case ">" -> Kind.GREATER;
            case "<" -> Kind.LESS;
            case "!=" -> Kind.NOT_EQUALS;
            case "(" -> Kind.OPEN_PAREN;
            default -> null;
        };
    }

    private static boolean isSymbol(char c) {
        return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
    }

    private static boolean endsWord(char c) {
        return isSymbol(c) || isWhitespace(c);
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
