/**
 * Label and field selectors as the Kubernetes API server parses and applies them: {@link
 * io.podyard.api.selector.LabelSelector} for {@code ?labelSelector=} and the label selectors inside
 * objects, {@link io.podyard.api.selector.FieldSelector} for {@code ?fieldSelector=}.
 */
package io.podyard.api.selector;
