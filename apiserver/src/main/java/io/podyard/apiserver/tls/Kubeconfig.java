package io.podyard.apiserver.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** The admin's kubeconfig: one cluster, one user and one context, all named for Podyard. */
public final class Kubeconfig {
    private Kubeconfig() {}

    /**
     * A kubeconfig that reaches {@code serverUrl} as podyard-admin, with the CA and the admin's
     * certificate and key embedded, so the file works on any machine it is copied to.
     *
     * @throws IllegalArgumentException if {@code serverUrl} is not an https URL with a host
     */
    public static String render(String serverUrl, ClusterCredentials credentials) {
        KeyAndCert admin = credentials.admin();
        return render(serverUrl, Pem.certificate(credentials.caCertificate()), "podyard-admin",
                Pem.certificate(admin.certificate()), Pem.privateKey(admin.key()));
    }

    /**
     * A kubeconfig that reaches {@code serverUrl} as {@code user} with a client certificate, the
     * CA, certificate and key (all PEM) embedded.
     *
     * @throws IllegalArgumentException if {@code serverUrl} is not an https URL with a host
     */
    public static String render(String serverUrl, String caPem, String user, String certificatePem, String keyPem) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: podyard
                  cluster:
                    server: "%s"
                    certificate-authority-data: %s
                users:
                - name: "%s"
                  user:
                    client-certificate-data: %s
                    client-key-data: %s
                contexts:
                - name: podyard
                  context:
                    cluster: podyard
                    user: "%s"
                current-context: podyard
                """.formatted(checkedServer(serverUrl), base64(caPem), checkedUser(user), base64(certificatePem),
                base64(keyPem), user);
    }

    /** User names go in double-quoted YAML scalars: Kubernetes names (system:node:x) have no quote or backslash. */
    private static String checkedUser(String user) {
        if (!user.matches("[A-Za-z0-9:._@-]+")) {
            throw new IllegalArgumentException("user name \"" + user + "\" has characters a kubeconfig cannot hold");
        }
        return user;
    }

    /** Replaces {@code file} atomically; it holds the admin's private key, so only its owner may read it. */
    public static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.write(file, content.getBytes(UTF_8), AtomicFiles.OWNER_ONLY);
    }

    /** URI syntax admits no quote, backslash or whitespace, so a parsed URL is safe in a double-quoted YAML scalar. */
    private static String checkedServer(String serverUrl) {
        URI uri;
        try {
            uri = new URI(serverUrl);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("server URL \"" + serverUrl + "\" is not a URL: " + e.getMessage(), e);
        }
        if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("server URL \"" + serverUrl + "\" must be https://host[:port]");
        }
        return serverUrl;
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(US_ASCII));
    }
}
