package io.podyard.api.table;

/** A meta/v1 TableRowCondition; Kubernetes marks finished pods with {@code Completed=True}. */
record RowCondition(String type, String status, String reason, String message) {}
