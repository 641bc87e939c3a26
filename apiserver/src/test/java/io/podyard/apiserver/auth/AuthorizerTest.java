package io.podyard.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AuthorizerTest {
    private static final User BOOTSTRAP = new User("system:bootstrap:abcdef",
            List.of("system:bootstrappers", "system:authenticated"));
    private static final User NODE = new User("system:node:a", List.of("system:nodes", "system:authenticated"));

    static Stream<Arguments> cases() {
        String csrs = "/apis/certificates.k8s.io/v1/certificatesigningrequests";
        return Stream.of(
                Arguments.of(BOOTSTRAP, "POST", csrs, null),
                Arguments.of(BOOTSTRAP, "GET", csrs, null),
                Arguments.of(BOOTSTRAP, "GET", csrs + "/node-csr-x", null),
                Arguments.of(BOOTSTRAP, "GET", "/apis/certificates.k8s.io/v1", null),
                Arguments.of(BOOTSTRAP, "GET", "/api", null),
                Arguments.of(BOOTSTRAP, "PUT", csrs + "/node-csr-x/approval", "certificatesigningrequests"
                        + ".certificates.k8s.io \"node-csr-x\" is forbidden: User \"system:bootstrap:abcdef\" cannot"
                        + " update resource \"certificatesigningrequests/approval\" in API group \"certificates.k8s.io\""
                        + " at the cluster scope"),
                Arguments.of(BOOTSTRAP, "DELETE", csrs + "/node-csr-x", "certificatesigningrequests"
                        + ".certificates.k8s.io \"node-csr-x\" is forbidden: User \"system:bootstrap:abcdef\" cannot"
                        + " delete resource \"certificatesigningrequests\" in API group \"certificates.k8s.io\" at the"
                        + " cluster scope"),
                Arguments.of(BOOTSTRAP, "GET", "/api/v1/namespaces/kube-system/secrets", "secrets is forbidden: User"
                        + " \"system:bootstrap:abcdef\" cannot list resource \"secrets\" in API group \"\" in the"
                        + " namespace \"kube-system\""),
                Arguments.of(BOOTSTRAP, "POST", "/api/v1/nodes", "nodes is forbidden: User \"system:bootstrap:abcdef\""
                        + " cannot create resource \"nodes\" in API group \"\" at the cluster scope"),
                Arguments.of(NODE, "POST", "/api/v1/nodes", null),
                Arguments.of(Authenticator.ADMIN, "DELETE", "/api/v1/namespaces/default/pods/x", null));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void bootstrapTokensMayOnlyAskForCertificates(User user, String method, String path, String denied) {
        assertThat(Authorizer.deny(user, method, path).orElse(null)).isEqualTo(denied);
    }
}
