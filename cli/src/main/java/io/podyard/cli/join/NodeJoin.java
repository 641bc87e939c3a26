package io.podyard.cli.join;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.podyard.apiserver.tls.ClientCertificates;
import io.podyard.apiserver.tls.Kubeconfig;
import io.podyard.client.ApiClients;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * TLS bootstrap of a node, as kubelet does it: with the cluster's CA (found by its pin) and a
 * bootstrap token, the node asks for its own client certificate through a CertificateSigningRequest
 * for {@code system:node:<name>} in {@code system:nodes}, waits for the cluster to approve and sign
 * it, and writes a kubeconfig with the new key and certificate. The token is used for nothing else;
 * from then on the node is itself, and as itself it asks for its node server's certificate
 * ({@link #ensureServingCertificate}), so the API server can reach it for logs and exec.
 */
public final class NodeJoin {
    public static final String KUBECONFIG = "kubelet.kubeconfig";
    static final String SIGNER = "kubernetes.io/kube-apiserver-client-kubelet";
    static final String SERVING_SIGNER = "kubernetes.io/kubelet-serving";
    private static final List<String> CLIENT_USAGES = List.of("digital signature", "key encipherment", "client auth");
    private static final List<String> SERVING_USAGES = List.of("digital signature", "key encipherment", "server auth");
    private static final Duration POLL = Duration.ofMillis(200);

    private NodeJoin() {
    }

    /** @return the kubeconfig written under {@code dataDir} */
    public static Path join(URI server, String token, String caPin, String nodeName, Path dataDir, Duration timeout)
            throws IOException, InterruptedException {
        X509Certificate ca = CaDiscovery.discover(server, caPin);
        String caPem = ClientCertificates.pem(ca);
        String user = "system:node:" + nodeName;
        ClientCertificates.KeyAndRequest request = ClientCertificates.request(user, List.of("system:nodes"));
        try (KubernetesClient client = ApiClients.create(new ConfigBuilder()
                .withMasterUrl(server.toString()).withCaCertData(base64(caPem)).withOauthToken(token)
                .withAutoConfigure(false).build())) {
            String certificate = certificate(client, SIGNER, request.requestPem(), CLIENT_USAGES, timeout);
            Path kubeconfig = dataDir.resolve(KUBECONFIG);
            Kubeconfig.write(kubeconfig, Kubeconfig.render(server.toString(), caPem, user, certificate,
                    request.keyPem()));
            return kubeconfig;
        }
    }

    /**
     * The node server's certificate, asked for in the node's own name (signer kubelet-serving) and
     * written with the CA that checks its callers to {@code pki} as {@code kubelet.crt}/{@code .key}
     * and {@code ca.crt}, where the node server reads them. Nothing is asked when they are there.
     */
    public static void ensureServingCertificate(KubernetesClient node, String caPem, String nodeName, Path pki,
                                                Duration timeout) throws IOException, InterruptedException {
        if (Files.exists(pki.resolve("kubelet.crt")) && Files.exists(pki.resolve("kubelet.key"))) {
            return;
        }
        ClientCertificates.KeyAndRequest request = ClientCertificates.request("system:node:" + nodeName,
                List.of("system:nodes"));
        String certificate = certificate(node, SERVING_SIGNER, request.requestPem(), SERVING_USAGES, timeout);
        ClientCertificates.writeOwnerOnly(pki.resolve("kubelet.key"), request.keyPem());
        ClientCertificates.writeOwnerOnly(pki.resolve("kubelet.crt"), certificate);
        ClientCertificates.writeOwnerOnly(pki.resolve("ca.crt"), caPem);
    }

    /** Creates a CSR and waits for the cluster to sign it; a denied or failed one is an error. */
    private static String certificate(KubernetesClient client, String signer, String requestPem, List<String> usages,
                                      Duration timeout) throws IOException, InterruptedException {
        var csrs = client.certificates().v1().certificateSigningRequests();
        CertificateSigningRequest created = csrs.resource(new CertificateSigningRequestBuilder()
                .withNewMetadata().withGenerateName("node-csr-").endMetadata()
                .withNewSpec().withSignerName(signer).withRequest(base64(requestPem)).withUsages(usages).endSpec()
                .build()).create();
        String name = created.getMetadata().getName();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            CertificateSigningRequest csr = csrs.withName(name).get();
            if (csr == null) {
                throw new IOException("certificate signing request " + name + " was deleted before it was signed");
            }
            var status = csr.getStatus();
            if (status != null && status.getConditions() != null) {
                for (var condition : status.getConditions()) {
                    if ("Denied".equals(condition.getType()) || "Failed".equals(condition.getType())) {
                        throw new IOException("certificate signing request " + name + " " + condition.getType()
                                .toLowerCase() + ": " + condition.getReason() + ": " + condition.getMessage());
                    }
                }
            }
            if (status != null && status.getCertificate() != null && !status.getCertificate().isEmpty()) {
                return new String(Base64.getDecoder().decode(status.getCertificate()), StandardCharsets.US_ASCII);
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("certificate signing request " + name + " was not signed within " + timeout
                        + " (is the controller manager running? `kubectl certificate approve " + name + "`)");
            }
            Thread.sleep(POLL);
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }
}
