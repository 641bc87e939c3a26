package io.podyard.api.selector;

/** The relations a label requirement can state; {@code text} is Kubernetes' name for each, used in messages. */
enum Operator {
    DOES_NOT_EXIST("!"),
    EQUALS("="),
    DOUBLE_EQUALS("=="),
    IN("in"),
    NOT_EQUALS("!="),
    NOT_IN("notin"),
    EXISTS("exists"),
    GREATER_THAN("gt"),
    LESS_THAN("lt");

    final String text;

    Operator(String text) {
        this.text = text;
    }
}
