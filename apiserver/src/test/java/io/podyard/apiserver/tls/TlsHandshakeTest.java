package io.podyard.apiserver.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PEM files are enough for mutual TLS between two JDK endpoints over loopback. */
class TlsHandshakeTest {
    private static final char[] IN_MEMORY = new char[0];

    @TempDir Path dataDir;

    @Test
    void adminClientAndApiServerAuthenticateEachOther() throws Exception {
        // Certificates must be valid for the JDK's own clock, which the handshake consults.
        ClusterCredentials credentials = ClusterCredentials.loadOrCreate(dataDir, List.of(), InstantSource.system());
        SSLContext server = context(credentials.servingKeyPem(), credentials.servingCertPem(), credentials.caPem());
        SSLContext client = context(credentials.adminKeyPem(), credentials.adminCertPem(), credentials.caPem());

        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            listener.setNeedClientAuth(true);
            CompletableFuture<X500Principal> seenByServer = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                    accepted.setSoTimeout(10_000);
                    accepted.startHandshake();
                    accepted.getOutputStream().write(1);
                    return (X500Principal) accepted.getSession().getPeerPrincipal();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            try (Socket tcp = new Socket()) {
                tcp.connect(new InetSocketAddress("127.0.0.1", listener.getLocalPort()), 10_000);
                tcp.setSoTimeout(10_000);
                // Named as pods name it, so the client checks a DNS SAN as well as the CA signature.
                try (SSLSocket tls = (SSLSocket) client.getSocketFactory()
                        .createSocket(tcp, "kubernetes.default.svc", listener.getLocalPort(), false)) {
                    SSLParameters parameters = tls.getSSLParameters();
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    tls.setSSLParameters(parameters);

                    assertThat(tls.getInputStream().read()).isEqualTo(1);
                    assertThat(tls.getSession().getPeerPrincipal())
                            .isEqualTo(credentials.servingCertificate().getSubjectX500Principal());
                }
            }

            X509Certificate admin = JdkPem.certificate(credentials.adminCertPem());
            assertThat(seenByServer.get(10, TimeUnit.SECONDS)).isEqualTo(admin.getSubjectX500Principal());
        }
    }

    /** A context presenting {@code key} with {@code cert} and trusting only {@code ca}, built from the PEMs by the JDK. */
    private static SSLContext context(Path key, Path cert, Path ca) throws Exception {
        X509Certificate certificate = JdkPem.certificate(cert);
        PrivateKey privateKey = JdkPem.privateKey(key, certificate.getPublicKey().getAlgorithm());
        KeyStore identity = KeyStore.getInstance("PKCS12");
        identity.load(null, null);
        identity.setKeyEntry("identity", privateKey, IN_MEMORY, new Certificate[] {certificate});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(identity, IN_MEMORY);

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("ca", JdkPem.certificate(ca));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);

        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }
}
