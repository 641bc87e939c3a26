/**
 * The OCI image format and Docker's v2 schema2 variant as values: media types, descriptors,
 * manifests, indexes (manifest lists), the image config, platform choice and chain IDs. Pure code;
 * parsing fails with {@link io.podyard.node.images.InvalidContentException} saying what is wrong.
 */
package io.podyard.node.images.oci;
