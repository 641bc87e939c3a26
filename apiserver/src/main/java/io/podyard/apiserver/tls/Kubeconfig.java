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
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: podyard
                  cluster:
                    server: "%s"
                    certificate-authority-data: %s
                users:
                - name: podyard-admin
                  user:
                    client-certificate-data: %s
                    client-key-data: %s
                contexts:
                - name: podyard
                  context:
                    cluster: podyard
                    user: podyard-admin
                current-context: podyard
                """.formatted(checkedServer(serverUrl),
                base64(Pem.certificate(credentials.caCertificate())),
                base64(Pem.certificate(admin.certificate())),
                base64(Pem.privateKey(admin.key())));
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
