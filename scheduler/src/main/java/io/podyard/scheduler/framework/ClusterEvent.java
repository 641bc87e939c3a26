package io.podyard.scheduler.framework;

/**
 * A change in the cluster that might make a rejected pod schedulable. The queue retries a pod only on
 * the events that a plugin which rejected it registered for, never by polling.
 */
public enum ClusterEvent {
    NODE_ADDED,
    /** A node's labels changed. */
    NODE_LABELS_CHANGED,
    /** A node's taints, cordon or Ready condition changed. */
    NODE_TAINTS_CHANGED,
    /** A node's allocatable resources changed. */
    NODE_ALLOCATABLE_CHANGED,
    /** A pod was bound (or assumed) to a node. */
    ASSIGNED_POD_ADDED,
    /** A bound pod's labels changed. */
    ASSIGNED_POD_LABELS_CHANGED,
    /** A bound pod left its node: deleted, or finished (Succeeded/Failed). */
    ASSIGNED_POD_DELETED,
    /** A namespace was added or its labels changed (namespace selectors of affinity terms). */
    NAMESPACE_CHANGED
}
