package io.podyard.api.defaults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class DefaultsTest {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    static Stream<Arguments> pullPolicies() {
        return Stream.of(
                Arguments.of("nginx", "Always"),
                Arguments.of("nginx:latest", "Always"),
                Arguments.of("nginx:1.27", "IfNotPresent"),
                Arguments.of("127.0.0.1:5000/web", "Always"),
                Arguments.of("127.0.0.1:5000/web:1", "IfNotPresent"),
                Arguments.of("registry/web@sha256:abc", "IfNotPresent"));
    }

    @ParameterizedTest
    @MethodSource("pullPolicies")
    void imagePullPolicyFollowsTheTag(String image, String policy) {
        assertThat(Defaults.pullPolicy(image)).isEqualTo(policy);
    }

    static Stream<Arguments> objects() {
        return Stream.of(
                Arguments.of("Pod", "{\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"i:1\",\"ports\":[{\"containerPort\":80}]}]}}",
                        "{\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"i:1\",\"ports\":[{\"containerPort\":80,"
                                + "\"protocol\":\"TCP\"}],\"terminationMessagePath\":\"/dev/termination-log\","
                                + "\"terminationMessagePolicy\":\"File\",\"imagePullPolicy\":\"IfNotPresent\",\"resources\":{}}],"
                                + "\"restartPolicy\":\"Always\",\"dnsPolicy\":\"ClusterFirst\",\"terminationGracePeriodSeconds\":30,"
                                + "\"schedulerName\":\"default-scheduler\",\"securityContext\":{}}}"),
                Arguments.of("Pod", "{\"spec\":{\"restartPolicy\":\"Never\",\"containers\":[]}}",
                        "{\"spec\":{\"restartPolicy\":\"Never\",\"containers\":[],\"dnsPolicy\":\"ClusterFirst\","
                                + "\"terminationGracePeriodSeconds\":30,\"schedulerName\":\"default-scheduler\",\"securityContext\":{}}}"),
                Arguments.of("Service", "{\"spec\":{\"ports\":[{\"port\":80}]}}",
                        "{\"spec\":{\"ports\":[{\"port\":80,\"protocol\":\"TCP\",\"targetPort\":80}],\"type\":\"ClusterIP\","
                                + "\"sessionAffinity\":\"None\",\"internalTrafficPolicy\":\"Cluster\"}}"),
                Arguments.of("Deployment", "{\"spec\":{\"template\":{\"spec\":{\"containers\":[]}}}}",
                        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[],\"restartPolicy\":\"Always\","
                                + "\"dnsPolicy\":\"ClusterFirst\",\"terminationGracePeriodSeconds\":30,"
                                + "\"schedulerName\":\"default-scheduler\",\"securityContext\":{}}},\"replicas\":1,"
                                + "\"revisionHistoryLimit\":10,\"progressDeadlineSeconds\":600,\"strategy\":{\"type\":"
                                + "\"RollingUpdate\",\"rollingUpdate\":{\"maxUnavailable\":\"25%\",\"maxSurge\":\"25%\"}}}}"),
                Arguments.of("Deployment", "{\"spec\":{\"replicas\":0,\"strategy\":{\"type\":\"Recreate\"}}}",
                        "{\"spec\":{\"replicas\":0,\"strategy\":{\"type\":\"Recreate\"},\"revisionHistoryLimit\":10,"
                                + "\"progressDeadlineSeconds\":600}}"),
                Arguments.of("Secret", "{\"data\":{}}", "{\"data\":{},\"type\":\"Opaque\"}"),
                Arguments.of("Secret", "{\"type\":\"kubernetes.io/tls\"}", "{\"type\":\"kubernetes.io/tls\"}"),
                Arguments.of("ConfigMap", "{\"data\":{}}", "{\"data\":{}}"));
    }

    @ParameterizedTest
    @MethodSource("objects")
    void fillsWhatKubernetesFillsAndKeepsWhatTheUserSet(String kind, String in, String out) {
        ObjectNode object = (ObjectNode) MAPPER.readTree(in);
        Defaults.apply(kind, object);
        assertThat(object).isEqualTo(MAPPER.readTree(out));
    }
}
