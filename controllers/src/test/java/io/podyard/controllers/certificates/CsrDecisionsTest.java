package io.podyard.controllers.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder;
import io.podyard.controllers.certificates.CertificateAuthority.Subject;
import io.podyard.controllers.certificates.CsrDecisions.Decision;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CsrDecisionsTest {
    /** Requests are named by their subject here; the CA would parse real PKCS#10. */
    private static final Map<String, Subject> SUBJECTS = Map.of(
            "node", new Subject("system:node:a", List.of("system:nodes")),
            "admin", new Subject("mallory", List.of("system:masters")),
            "anonymous-node", new Subject("system:node:", List.of("system:nodes")));

    private static CertificateSigningRequest csr(String subject, String signer, List<String> usages, String condition,
                                                 Long expirationSeconds, String certificate) {
        return csr(subject, signer, usages, condition, expirationSeconds, certificate, "system:bootstrap:abcdef",
                List.of("system:bootstrappers", "system:authenticated"));
    }

    private static CertificateSigningRequest csr(String subject, String signer, List<String> usages, String condition,
                                                 Long expirationSeconds, String certificate, String username,
                                                 List<String> groups) {
        var builder = new CertificateSigningRequestBuilder().withNewMetadata().withName("csr").endMetadata()
                .withNewSpec().withUsername(username).withGroups(groups).withSignerName(signer).withUsages(usages).withExpirationSeconds(
                        expirationSeconds == null ? null : expirationSeconds.intValue())
                .withRequest(Base64.getEncoder().encodeToString(subject.getBytes(StandardCharsets.US_ASCII)))
                .endSpec().withNewStatus().withCertificate(certificate).endStatus();
        if (condition != null) {
            builder.editStatus().addNewCondition().withType(condition).withStatus("True").endCondition().endStatus();
        }
        return builder.build();
    }

    static Stream<Arguments> cases() {
        String kubelet = CsrDecisions.KUBELET_CLIENT;
        List<String> client = List.of("digital signature", "key encipherment", "client auth");
        return Stream.of(
                Arguments.of("a node's request is approved", csr("node", kubelet, client, null, null, null),
                        new Decision.Approve()),
                Arguments.of("the node renewing its own is approved", csr("node", kubelet, client, null, null, null,
                        "system:node:a", List.of("system:nodes")), new Decision.Approve()),
                Arguments.of("another node's request for it waits for a person", csr("node", kubelet, client, null,
                        null, null, "system:node:b", List.of("system:nodes")), new Decision.Nothing()),
                Arguments.of("an admin's is approved", csr("node", kubelet, client, null, null, null, "podyard-admin",
                        List.of("system:masters")), new Decision.Approve()),
                Arguments.of("then signed for a year", csr("node", kubelet, client, "Approved", null, null),
                        new Decision.Sign(Duration.ofDays(365))),
                Arguments.of("or for what it asks", csr("node", kubelet, client, "Approved", 3600L, null),
                        new Decision.Sign(Duration.ofHours(1))),
                Arguments.of("but at least ten minutes", csr("node", kubelet, client, "Approved", 60L, null),
                        new Decision.Sign(Duration.ofMinutes(10))),
                Arguments.of("once", csr("node", kubelet, client, "Approved", null, "Y2VydA=="), new Decision.Nothing()),
                Arguments.of("never when denied", csr("node", kubelet, client, "Denied", null, null),
                        new Decision.Nothing()),
                Arguments.of("server auth is not a node client", csr("node", kubelet, List.of("server auth"), null,
                        null, null), new Decision.Fail("SignerValidationFailure", "")),
                Arguments.of("masters through the kubelet signer fail", csr("admin", kubelet, client, null, null, null),
                        new Decision.Fail("SignerValidationFailure", "")),
                Arguments.of("a node without a name fails", csr("anonymous-node", kubelet, client, null, null, null),
                        new Decision.Fail("SignerValidationFailure", "")),
                Arguments.of("other client requests wait for a person", csr("admin", CsrDecisions.CLIENT, client, null,
                        null, null), new Decision.Nothing()),
                Arguments.of("and are signed once approved", csr("admin", CsrDecisions.CLIENT, client, "Approved",
                        null, null), new Decision.Sign(Duration.ofDays(365))),
                Arguments.of("another signer's requests are not ours", csr("node", "example.com/signer", client, null,
                        null, null), new Decision.Nothing()),
                Arguments.of("a node's own serving request is approved", csr("node", CsrDecisions.KUBELET_SERVING,
                        List.of("digital signature", "key encipherment", "server auth"), null, null, null,
                        "system:node:a", List.of("system:nodes")), new Decision.Approve()),
                Arguments.of("and signed for serving", csr("node", CsrDecisions.KUBELET_SERVING,
                        List.of("digital signature", "server auth"), "Approved", null, null, "system:node:a",
                        List.of("system:nodes")), new Decision.Sign(Duration.ofDays(365), true)),
                Arguments.of("a serving request in another node's name waits", csr("node",
                        CsrDecisions.KUBELET_SERVING, List.of("server auth"), null, null, null, "system:node:b",
                        List.of("system:nodes")), new Decision.Nothing()),
                Arguments.of("a serving request for client auth fails", csr("node", CsrDecisions.KUBELET_SERVING,
                        List.of("client auth"), null, null, null, "system:node:a", List.of("system:nodes")),
                        new Decision.Fail("SignerValidationFailure", "")),
                Arguments.of("garbage fails", csr("garbage", kubelet, client, null, null, null),
                        new Decision.Fail("SignerValidationFailure", "")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesAsKubernetesApproverAndSigner(String name, CertificateSigningRequest csr, Decision expected) {
        Decision decision = CsrDecisions.decide(csr, pem -> {
            Subject subject = SUBJECTS.get(pem);
            if (subject == null) {
                throw new IllegalArgumentException("not a request");
            }
            return subject;
        });
        if (expected instanceof Decision.Fail fail) {
            assertThat(decision).isInstanceOfSatisfying(Decision.Fail.class,
                    f -> assertThat(f.reason()).isEqualTo(fail.reason()));
        } else {
            assertThat(decision).isEqualTo(expected);
        }
    }
}
