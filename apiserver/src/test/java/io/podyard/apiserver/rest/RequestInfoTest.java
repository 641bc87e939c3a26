package io.podyard.apiserver.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequestInfoTest {

    static Stream<Arguments> paths() {
        return Stream.of(
                Arguments.of("/api/v1/pods", new RequestInfo("", "v1", null, "pods", null, null)),
                Arguments.of("/api/v1/namespaces/default/pods", new RequestInfo("", "v1", "default", "pods", null, null)),
                Arguments.of("/api/v1/namespaces/default/pods/web", new RequestInfo("", "v1", "default", "pods", "web", null)),
                Arguments.of("/api/v1/namespaces/default/pods/web/status",
                        new RequestInfo("", "v1", "default", "pods", "web", "status")),
                Arguments.of("/api/v1/namespaces", new RequestInfo("", "v1", null, "namespaces", null, null)),
                Arguments.of("/api/v1/namespaces/team", new RequestInfo("", "v1", "team", "namespaces", "team", null)),
                Arguments.of("/api/v1/namespaces/team/status",
                        new RequestInfo("", "v1", "team", "namespaces", "team", "status")),
                Arguments.of("/api/v1/namespaces/team/finalize",
                        new RequestInfo("", "v1", "team", "namespaces", "team", "finalize")),
                Arguments.of("/api/v1/nodes/n1/status", new RequestInfo("", "v1", null, "nodes", "n1", "status")),
                Arguments.of("/apis/apps/v1/namespaces/ns/deployments/d/scale",
                        new RequestInfo("apps", "v1", "ns", "deployments", "d", "scale")),
                Arguments.of("/apis/apps/v1/deployments/", new RequestInfo("apps", "v1", null, "deployments", null, null)),
                Arguments.of("/api", null),
                Arguments.of("/api/v1", null),
                Arguments.of("/apis/apps/v1", null),
                Arguments.of("/healthz", null),
                Arguments.of("/api/v1/namespaces/ns/pods/a/b/c", null));
    }

    @ParameterizedTest
    @MethodSource("paths")
    void parsesLikeKubernetes(String path, RequestInfo expected) {
        assertThat(RequestInfo.parse(path)).isEqualTo(expected);
    }
}
