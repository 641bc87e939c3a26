package io.podyard.cli;

import io.podyard.apiserver.tls.ClientCertificates;
import io.podyard.apiserver.tls.ClusterCredentials;
import io.podyard.controllers.certificates.CertificateAuthority;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.InstantSource;

/** The cluster's CA, from the API server's PKI, as the CSR signing controller uses it. */
final class ClusterCa implements CertificateAuthority {
    private final ClusterCredentials credentials;
    private final InstantSource clock;

    ClusterCa(ClusterCredentials credentials, InstantSource clock) {
        this.credentials = credentials;
        this.clock = clock;
    }

    @Override
    public Subject subject(String requestPem) {
        ClientCertificates.Subject subject = ClientCertificates.subject(requestPem);
        return new Subject(subject.commonName(), subject.organizations());
    }

    @Override
    public String sign(String requestPem, Duration validity, boolean serving) {
        try {
            return serving ? credentials.signServingRequest(requestPem, validity, clock.instant())
                    : credentials.signClientRequest(requestPem, validity, clock.instant());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cluster CA's key", e);
        }
    }
}
