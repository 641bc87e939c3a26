/**
 * A client for OCI distribution registries: manifests by tag or digest, blobs, the bearer-token
 * challenge flow and basic auth, plain HTTP for loopback and insecure registries, and registry
 * errors carried with the registry's own message. Implementation detail of
 * {@link io.podyard.node.images}.
 */
package io.podyard.node.images.registry;
