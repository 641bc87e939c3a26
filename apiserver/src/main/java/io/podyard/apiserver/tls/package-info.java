/**
 * TLS bootstrap: the cluster CA, the API server's serving certificate, the admin client
 * certificate and token under {@code <dataDir>/pki}, and the admin kubeconfig.
 */
package io.podyard.apiserver.tls;
