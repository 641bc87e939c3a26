/**
 * Server-side apply as pure functions on Jackson trees, after Kubernetes' structured-merge-diff:
 * {@link io.podyard.api.apply.FieldSet}s of {@link io.podyard.api.apply.FieldPath}s (encoded as
 * {@code fieldsV1}), the {@link io.podyard.api.apply.ManagedField} entries of an object, and {@link
 * io.podyard.api.apply.FieldManager}, which applies a configuration or records an update given who
 * owns what, raising an {@link io.podyard.api.apply.ApplyConflict} when another manager owns a field the
 * apply would change. List semantics (keyed, set, atomic) come from {@link io.podyard.api.patch.PatchSchema}.
 */
package io.podyard.api.apply;
