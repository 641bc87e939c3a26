package io.podyard.apiserver.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.podyard.apiserver.rest.ApiException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class StreamTargetTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String NODE = """
            {"metadata":{"name":"n1"},"status":{"addresses":[{"type":"Hostname","address":"host"},
             {"type":"InternalIP","address":"10.0.0.5"}],"daemonEndpoints":{"kubeletEndpoint":{"Port":10250}}}}""";
    private static final String RUNNING = "{\"name\":\"main\",\"containerID\":\"podyard://u_main_0\","
            + "\"state\":{\"running\":{}}}";

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    private static JsonNode pod(String containers, String nodeName, String phase, String statuses) {
        return json("{\"metadata\":{\"name\":\"p\"},\"spec\":{\"nodeName\":\"" + nodeName + "\",\"containers\":["
                + containers + "]},\"status\":{\"phase\":\"" + phase + "\",\"containerStatuses\":[" + statuses + "]}}");
    }

    static Stream<Arguments> resolved() {
        String one = "{\"name\":\"main\"}";
        String restarted = "{\"name\":\"main\",\"containerID\":\"podyard://u_main_1\",\"state\":{\"running\":{}},"
                + "\"lastState\":{\"terminated\":{\"containerID\":\"podyard://u_main_0\"}}}";
        String backOff = "{\"name\":\"main\",\"containerID\":\"podyard://u_main_1\",\"state\":{\"waiting\":"
                + "{\"reason\":\"CrashLoopBackOff\"}},\"lastState\":{\"terminated\":{\"containerID\":\"podyard://u_main_1\"}}}";
        return Stream.of(
                Arguments.of("the only container is the default", StreamTarget.Kind.LOG,
                        pod(one, "n1", "Running", RUNNING), null, false, new StreamTarget("10.0.0.5", 10250, "main", false)),
                Arguments.of("previous of a restarted container: the attempt before", StreamTarget.Kind.LOG,
                        pod(one, "n1", "Running", restarted), "main", true,
                        new StreamTarget("10.0.0.5", 10250, "main", true)),
                Arguments.of("previous in back-off: the newest attempt, which is lastState", StreamTarget.Kind.LOG,
                        pod(one, "n1", "Running", backOff), null, true, new StreamTarget("10.0.0.5", 10250, "main", false)),
                Arguments.of("exec", StreamTarget.Kind.EXEC, pod(one, "n1", "Running", ""), "main", false,
                        new StreamTarget("10.0.0.5", 10250, "main", false)),
                Arguments.of("port-forward names no container", StreamTarget.Kind.PORT_FORWARD,
                        pod(one + ",{\"name\":\"b\"}", "n1", "Running", ""), null, false,
                        new StreamTarget("10.0.0.5", 10250, "", false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resolved")
    void resolves(String name, StreamTarget.Kind kind, JsonNode pod, String container, boolean previous,
                  StreamTarget expected) {
        assertThat(StreamTarget.resolve(kind, pod, json(NODE), container, previous)).isEqualTo(expected);
    }

    static Stream<Arguments> refused() {
        String two = "{\"name\":\"a\"},{\"name\":\"b\"}";
        String one = "{\"name\":\"main\"}";
        String waiting = "{\"name\":\"main\",\"state\":{\"waiting\":{\"reason\":\"ContainerCreating\"}}}";
        return Stream.of(
                Arguments.of(StreamTarget.Kind.LOG, pod(two, "n1", "Running", ""), null, false, 400,
                        "a container name must be specified for pod p, choose one of: [a b]"),
                Arguments.of(StreamTarget.Kind.LOG, pod(one, "n1", "Running", RUNNING), "x", false, 400,
                        "container x is not valid for pod p"),
                Arguments.of(StreamTarget.Kind.LOG, pod(one, "", "Pending", ""), null, false, 400,
                        "pod p does not have a host assigned"),
                Arguments.of(StreamTarget.Kind.LOG, pod(one, "n1", "Pending", waiting), null, false, 400,
                        "container \"main\" in pod \"p\" is waiting to start: ContainerCreating"),
                Arguments.of(StreamTarget.Kind.LOG, pod(one, "n1", "Running", RUNNING), null, true, 400,
                        "previous terminated container \"main\" in pod \"p\" not found"),
                Arguments.of(StreamTarget.Kind.EXEC, pod(one, "n1", "Succeeded", ""), null, false, 400,
                        "cannot exec into a container in a completed pod; current phase is Succeeded"),
                Arguments.of(StreamTarget.Kind.ATTACH, pod(one, "n1", "Failed", ""), null, false, 400,
                        "cannot attach to a container in a completed pod; current phase is Failed"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refuses(StreamTarget.Kind kind, JsonNode pod, String container, boolean previous, int code, String message) {
        assertThatThrownBy(() -> StreamTarget.resolve(kind, pod, json(NODE), container, previous))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }
}
