/** Kubernetes API knowledge with no HTTP and no storage: resource types, selectors, validation. */
package io.podyard.api;
