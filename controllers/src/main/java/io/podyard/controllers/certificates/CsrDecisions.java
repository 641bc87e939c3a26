package io.podyard.controllers.certificates;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * What Kubernetes' csrapproving and csrsigning controllers do with a CertificateSigningRequest,
 * as a pure function: a node's client certificate request (signer
 * {@code kubernetes.io/kube-apiserver-client-kubelet}, O=system:nodes, CN=system:node:NAME, client
 * auth usages) from a bootstrap token, an admin or that node itself is approved; an approved request for a client signer this cluster runs is signed, for
 * its expirationSeconds or a year, at least ten minutes; a kubelet-signer request that is not a
 * node's client certificate fails. Anything else waits for a person ({@code kubectl certificate
 * approve}).
 */
final class CsrDecisions {
    static final String KUBELET_CLIENT = "kubernetes.io/kube-apiserver-client-kubelet";
    static final String CLIENT = "kubernetes.io/kube-apiserver-client";
    static final String KUBELET_SERVING = "kubernetes.io/kubelet-serving";
    private static final Set<String> NODE_SERVING_USAGES = Set.of("server auth", "digital signature",
            "key encipherment");
    static final Duration MAX_VALIDITY = Duration.ofDays(365);
    static final Duration MIN_VALIDITY = Duration.ofMinutes(10);
    private static final Set<String> NODE_CLIENT_USAGES = Set.of("client auth", "digital signature",
            "key encipherment");

    sealed interface Decision {
        record Approve() implements Decision {
        }

        record Sign(Duration validity, boolean serving) implements Decision {
            Sign(Duration validity) {
                this(validity, false);
            }
        }

        record Fail(String reason, String message) implements Decision {
        }

        record Nothing() implements Decision {
        }
    }

    private CsrDecisions() {
    }

    static Decision decide(CertificateSigningRequest csr, Function<String, CertificateAuthority.Subject> subjectOf) {
        var spec = csr.getSpec();
        var status = csr.getStatus();
        if (status != null && status.getCertificate() != null && !status.getCertificate().isEmpty()
                || has(csr, "Denied") || has(csr, "Failed")) {
            return new Decision.Nothing();
        }
        String signer = spec.getSignerName();
        if (!KUBELET_CLIENT.equals(signer) && !CLIENT.equals(signer) && !KUBELET_SERVING.equals(signer)) {
            return new Decision.Nothing(); // another signer's request: not ours
        }
        String pem;
        CertificateAuthority.Subject subject;
        try {
            pem = new String(java.util.Base64.getDecoder().decode(spec.getRequest()),
                    java.nio.charset.StandardCharsets.US_ASCII);
            subject = subjectOf.apply(pem);
        } catch (IllegalArgumentException | NullPointerException e) {
            return new Decision.Fail("SignerValidationFailure", "the request is not a PEM certificate request");
        }
        if (KUBELET_SERVING.equals(signer)) {
            return servingDecision(csr, subject);
        }
        boolean nodeClient = isNodeClient(subject, spec.getUsages());
        if (KUBELET_CLIENT.equals(signer) && !nodeClient) {
            return new Decision.Fail("SignerValidationFailure", "subject, usages or key are not those of a node's"
                    + " client certificate (O=system:nodes, CN=system:node:<name>, client auth)");
        }
        if (!has(csr, "Approved")) {
            return nodeClient && mayAskForNodeClient(spec.getUsername(), spec.getGroups(), subject)
                    ? new Decision.Approve() : new Decision.Nothing();
        }
        return new Decision.Sign(validity(spec.getExpirationSeconds()));
    }

    /**
     * A node server's certificate: only the node itself may ask for one in its own name (Kubernetes
     * leaves these to a person because it cannot check the addresses a node claims; Podyard's API
     * server checks a node's certificate against the CA, not its addresses, so the name is what
     * matters), with server-auth usages.
     */
    private static Decision servingDecision(CertificateSigningRequest csr, CertificateAuthority.Subject subject) {
        var spec = csr.getSpec();
        boolean nodeServing = isNodeSubject(subject) && hasUsages(spec.getUsages(), "server auth", NODE_SERVING_USAGES);
        if (!nodeServing) {
            return new Decision.Fail("SignerValidationFailure", "subject or usages are not those of a node's serving"
                    + " certificate (O=system:nodes, CN=system:node:<name>, server auth)");
        }
        if (!has(csr, "Approved")) {
            return subject.commonName().equals(spec.getUsername()) ? new Decision.Approve() : new Decision.Nothing();
        }
        return new Decision.Sign(validity(spec.getExpirationSeconds()), true);
    }

    private static Duration validity(Integer expirationSeconds) {
        if (expirationSeconds == null) {
            return MAX_VALIDITY;
        }
        return Duration.ofSeconds(Math.max(MIN_VALIDITY.toSeconds(), Math.min(MAX_VALIDITY.toSeconds(), expirationSeconds)));
    }

    /**
     * Kubernetes approves a node client request when its requester may create
     * {@code certificatesigningrequests/nodeclient} (bootstrap tokens, cluster admins) or, renewing,
     * {@code selfnodeclient} (the node itself); anyone else's waits for a person.
     */
    static boolean mayAskForNodeClient(String username, List<String> groups, CertificateAuthority.Subject subject) {
        List<String> of = groups == null ? List.of() : groups;
        return of.contains("system:bootstrappers") || of.contains("system:masters")
                || subject.commonName().equals(username);
    }

    static boolean isNodeClient(CertificateAuthority.Subject subject, List<String> usages) {
        return isNodeSubject(subject) && hasUsages(usages, "client auth", NODE_CLIENT_USAGES);
    }

    /** O=system:nodes and CN=system:node:NAME, as a node's certificates name it. */
    private static boolean isNodeSubject(CertificateAuthority.Subject subject) {
        return subject.organizations().equals(List.of("system:nodes"))
                && subject.commonName().startsWith("system:node:")
                && subject.commonName().length() > "system:node:".length();
    }

    /** The usages include {@code required} and nothing outside {@code allowed}. */
    private static boolean hasUsages(List<String> usages, String required, Set<String> allowed) {
        return usages != null && usages.contains(required) && allowed.containsAll(usages);
    }

    private static boolean has(CertificateSigningRequest csr, String type) {
        List<CertificateSigningRequestCondition> conditions = csr.getStatus() == null ? null
                : csr.getStatus().getConditions();
        return conditions != null && conditions.stream()
                .anyMatch(c -> type.equals(c.getType()) && !"False".equals(c.getStatus()));
    }
}
