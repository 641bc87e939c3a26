/**
 * The three patch types the Kubernetes API accepts, as pure functions on Jackson trees: {@link
 * io.podyard.api.patch.JsonPatch} (RFC 6902), {@link io.podyard.api.patch.MergePatch} (RFC 7386) and
 * {@link io.podyard.api.patch.StrategicMergePatch}, whose list semantics come from the {@link
 * io.podyard.api.patch.PatchSchema} that {@link io.podyard.api.patch.PatchSchemas} gives each built-in
 * kind. Inputs are never changed; failures are {@link io.podyard.api.patch.PatchException}s.
 */
package io.podyard.api.patch;
