package io.podyard.controllers.certificates;

import java.time.Duration;
import java.util.List;

/**
 * The cluster CA as the CSR controller needs it. The controller manager does not hold the CA's key
 * itself: whoever starts it (the server, beside the API server that owns the PKI) passes this in.
 */
public interface CertificateAuthority {
    /** Who a PKCS#10 request names: CN is the user, each O a group. */
    record Subject(String commonName, List<String> organizations) {
        public Subject {
            organizations = List.copyOf(organizations);
        }
    }

    /** @throws IllegalArgumentException for text that is not one PEM certificate request */
    Subject subject(String requestPem);

    /**
     * A certificate for the request's subject and key, PEM: for TLS servers with {@code serving}, else
     * for clients.
     *
     * @throws IllegalArgumentException for a request that is malformed or not signed by its own key
     */
    String sign(String requestPem, Duration validity, boolean serving);
}
