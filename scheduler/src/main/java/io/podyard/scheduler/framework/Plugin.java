package io.podyard.scheduler.framework;

/**
 * A scheduling plugin. Each extension point is its own small interface; a plugin implements the
 * ones it needs, and {@link Profile} declares the order in one list.
 */
public interface Plugin {
    /** The name Kubernetes gives the plugin, shown in explanations. */
    String name();
}
