/** The Kubernetes REST API over HTTPS, on Vert.x, backed by the store. */
package io.podyard.apiserver;
