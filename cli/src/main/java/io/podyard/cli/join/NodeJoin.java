package io.podyard.cli.join;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.podyard.apiserver.tls.ClientCertificates;
import io.podyard.apiserver.tls.Kubeconfig;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
 * from then on the node is itself.
 */
public final class NodeJoin {
    public static final String KUBECONFIG = "kubelet.kubeconfig";
    static final String SIGNER = "kubernetes.io/kube-apiserver-client-kubelet";
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
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl(server.toString()).withCaCertData(base64(caPem)).withOauthToken(token)
                .withAutoConfigure(false).build()).build()) {
            var csrs = client.certificates().v1().certificateSigningRequests();
            CertificateSigningRequest created = csrs.resource(new CertificateSigningRequestBuilder()
                    .withNewMetadata().withGenerateName("node-csr-").endMetadata()
                    .withNewSpec().withSignerName(SIGNER).withRequest(base64(request.requestPem()))
                    .withUsages("digital signature", "key encipherment", "client auth").endSpec().build()).create();
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
                    String certificate = new String(Base64.getDecoder().decode(status.getCertificate()),
                            StandardCharsets.US_ASCII);
                    Path kubeconfig = dataDir.resolve(KUBECONFIG);
                    Kubeconfig.write(kubeconfig, Kubeconfig.render(server.toString(), caPem, user, certificate,
                            request.keyPem()));
                    return kubeconfig;
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("certificate signing request " + name + " was not signed within " + timeout
                            + " (is the controller manager running? `kubectl certificate approve " + name + "`)");
                }
                Thread.sleep(POLL);
            }
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }
}
