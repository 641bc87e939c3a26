/**
 * Content-addressed storage for image blobs ({@code blobs/<algorithm>/<hex>}): every blob is written
 * to a temporary file while its digest is computed, verified, fsynced and then renamed into place,
 * so a blob that exists under its digest is complete and correct. Implementation detail of
 * {@link io.podyard.node.images}; only the image service uses it.
 */
package io.podyard.node.images.content;
