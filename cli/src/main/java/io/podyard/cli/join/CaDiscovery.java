package io.podyard.cli.join;

import io.podyard.apiserver.tls.ClientCertificates;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Finds the cluster CA of a server a node is about to join, trusting nothing but a pin: one TLS
 * handshake (no request, so no token leaves the machine), then the CA in the server's chain whose
 * public key has the pin ({@code --ca-cert-hash sha256:…}, as kubeadm's) and that signed the
 * server's certificate. Everything after that is verified against this CA.
 */
public final class CaDiscovery {
    private static final int TIMEOUT_MILLIS = 10_000;

    private CaDiscovery() {
    }

    public static X509Certificate discover(URI server, String pin) throws IOException {
        AtomicReference<X509Certificate[]> presented = new AtomicReference<>();
        X509TrustManager capture = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                throw new UnsupportedOperationException("client side only");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                presented.set(chain.clone()); // judged below, against the pin, before anything is sent
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {capture}, null);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
                socket.connect(new InetSocketAddress(server.getHost(), server.getPort() < 0 ? 443 : server.getPort()),
                        TIMEOUT_MILLIS);
                socket.setSoTimeout(TIMEOUT_MILLIS);
                socket.startHandshake();
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
        X509Certificate[] chain = presented.get();
        if (chain == null || chain.length == 0) {
            throw new IOException(server + " presented no certificate");
        }
        for (X509Certificate candidate : chain) {
            if (candidate.getBasicConstraints() >= 0 && ClientCertificates.pin(candidate).equals(pin)) {
                try {
                    chain[0].verify(candidate.getPublicKey());
                    candidate.checkValidity();
                    return candidate;
                } catch (GeneralSecurityException e) {
                    throw new IOException("the server's certificate is not signed by the pinned CA", e);
                }
            }
        }
        throw new IOException(server + " does not present a CA with the pin " + pin
                + ": it is not the cluster this join command was made for");
    }
}
