/**
 * Image layers unpacked once each into snapshot directories, {@code snapshots/<chain ID hex>}, that
 * stack as overlayfs lower directories. Deletions are written as overlayfs whiteouts (a 0:0
 * character device for {@code .wh.name}, {@code trusted.overlay.opaque=y} for
 * {@code .wh..wh..opq}); entries that would write outside the snapshot are rejected. Implementation
 * detail of {@link io.podyard.node.images}.
 */
package io.podyard.node.images.snapshots;
