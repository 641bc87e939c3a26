/**
 * Loading images from files: an OCI image layout directory, an OCI archive (a tar of a layout) and
 * a docker-archive ({@code docker save}: {@code manifest.json} plus layer tars). Blobs are copied
 * into the content store only when it lacks them. Implementation detail of
 * {@link io.podyard.node.images}.
 */
package io.podyard.node.images.archive;
