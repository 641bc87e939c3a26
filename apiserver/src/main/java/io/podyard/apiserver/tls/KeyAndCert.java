package io.podyard.apiserver.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** A certificate and the private key that belongs to its public key. */
record KeyAndCert(X509Certificate certificate, PrivateKey key) {}
