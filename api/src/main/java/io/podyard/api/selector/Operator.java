package io.podyard.api.selector;

/** The relations a label requirement can state, as Kubernetes' selection.Operator lists them. */
enum Operator {
    DOES_NOT_EXIST,
    EQUALS,
    DOUBLE_EQUALS,
    IN,
    NOT_EQUALS,
    NOT_IN,
    EXISTS,
    GREATER_THAN,
    LESS_THAN
}
