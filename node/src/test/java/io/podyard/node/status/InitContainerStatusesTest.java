package io.podyard.node.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.podyard.api.resource.BuiltinResources;
import io.podyard.api.table.IncludeObject;
import io.podyard.api.table.Tables;
import io.podyard.node.runtime.ContainerState;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pods with init containers and sidecars: phase, Initialized and Ready, each container's state,
 * and the STATUS and READY columns `kubectl get pod` prints from that status (the API server's
 * Table printer), as a table.
 */
class InitContainerStatusesTest {
    static final Instant NOW = Instant.parse("2025-01-01T00:01:00Z");
    static final Instant EXIT = NOW.minusSeconds(5);
    static final JsonMapper JSON = JsonMapper.builder().build();

    /** Init containers i1, i2 (names starting with "side" are sidecars) and app container a. */
    static Pod pod(String policy, String... inits) {
        var builder = new PodBuilder().withNewMetadata().withName("p").withNamespace("default").withUid("u1")
                .withCreationTimestamp("2025-01-01T00:00:00Z").endMetadata().withNewSpec().withRestartPolicy(policy)
                .addNewContainer().withName("a").withImage("busybox").endContainer().endSpec();
        for (String init : inits) {
            builder.editSpec().addNewInitContainer().withName(init).withImage("busybox")
                    .withRestartPolicy(init.startsWith("side") ? "Always" : null).endInitContainer().endSpec();
        }
        return builder.build();
    }

    static Pod withStartupProbe(Pod pod) {
        pod.getSpec().getInitContainers().getFirst().setStartupProbe(new ProbeBuilder().withNewExec()
                .withCommand("true").endExec().build());
        return pod;
    }

    /** Observations written as "name=running", "name=exit:CODE@ATTEMPT", "name=created". */
    static PodObservation seen(String... containers) {
        Map<String, ContainerObservation> observed = new HashMap<>();
        for (String c : containers) {
            String[] parts = c.split("=");
            String state = parts[1];
            int attempt = state.contains("@") ? Integer.parseInt(state.substring(state.indexOf('@') + 1)) : 0;
            ContainerState s = state.startsWith("running") ? new ContainerState.Running(7, EXIT.minusSeconds(30))
                    : state.startsWith("created") ? new ContainerState.Created(EXIT)
                    : new ContainerState.Exited(Integer.parseInt(state.substring(5, state.indexOf('@') < 0
                    ? state.length() : state.indexOf('@'))), EXIT.minusSeconds(1), EXIT, false);
            observed.put(parts[0], new ContainerObservation("u1_" + parts[0] + "_" + attempt, attempt, s, "img"));
        }
        return new PodObservation(Optional.of("10.244.1.5"), Optional.empty(), observed, Map.of(), NOW);
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("nothing ran yet", pod("Always", "i1", "i2"), seen(),
                        "Pending", "False", "False", "waiting PodInitializing", "Init:0/2", "0/1"),
                Arguments.of("the first init container runs", pod("Always", "i1", "i2"), seen("i1=running"),
                        "Pending", "False", "False", "waiting PodInitializing", "Init:0/2", "0/1"),
                Arguments.of("the second init container runs", pod("Always", "i1", "i2"),
                        seen("i1=exit:0", "i2=running"),
                        "Pending", "False", "False", "waiting PodInitializing", "Init:1/2", "0/1"),
                Arguments.of("a failing init container backs off", pod("Always", "i1", "i2"),
                        seen("i1=exit:1@1"),
                        "Pending", "False", "False", "waiting PodInitializing", "Init:CrashLoopBackOff", "0/1"),
                Arguments.of("an init container's first failure shows its exit until the restart",
                        pod("OnFailure", "i1"), seen("i1=exit:1@0"),
                        "Pending", "False", "False", "waiting PodInitializing", "Init:Error", "0/1"),
                Arguments.of("a failed init container under Never fails the pod", pod("Never", "i1", "i2"),
                        seen("i1=exit:2"),
                        "Failed", "False", "False", "waiting PodInitializing", "Init:Error", "0/1"),
                Arguments.of("initialized, the app container runs", pod("Always", "i1", "i2"),
                        seen("i1=exit:0", "i2=exit:0", "a=running"),
                        "Running", "True", "True", "running", "Running", "1/1"),
                Arguments.of("a sidecar runs beside the app container", pod("Always", "side"),
                        seen("side=running", "a=running"),
                        "Running", "True", "True", "running", "Running", "2/2"),
                Arguments.of("a sidecar waiting for its startup probe", withStartupProbe(pod("Always", "side")),
                        seen("side=running"),
                        "Pending", "False", "False", "waiting PodInitializing", "Init:0/1", "0/2"),
                Arguments.of("an app that finished under Never while its sidecar still runs",
                        pod("Never", "side"), seen("side=running", "a=exit:0"),
                        "Running", "True", "False", "terminated 0", "Completed", "1/2"),
                Arguments.of("the sidecar stopped after the app finished: the pod succeeded",
                        pod("Never", "side"), seen("side=exit:143", "a=exit:0"),
                        "Succeeded", "True", "False", "terminated 0", "Completed", "0/2"),
                Arguments.of("the app failed under OnFailure... and restarts, sidecar running",
                        pod("OnFailure", "side"), seen("side=running", "a=exit:1@1"),
                        "Running", "True", "False", "waiting CrashLoopBackOff", "CrashLoopBackOff", "1/2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void statuses(String name, Pod pod, PodObservation seen, String phase, String initialized, String ready,
                  String app, String kubectlStatus, String kubectlReady) {
        PodStatus status = PodStatuses.build(pod, seen, "192.0.2.1", NOW);
        pod.setStatus(status);

        assertThat(status.getPhase()).isEqualTo(phase);
        assertThat(PodStatusesTest.condition(status, "Initialized").getStatus()).isEqualTo(initialized);
        assertThat(PodStatusesTest.condition(status, "Ready").getStatus()).isEqualTo(ready);
        assertThat(status.getInitContainerStatuses()).extracting(ContainerStatus::getName)
                .containsExactlyElementsOf(pod.getSpec().getInitContainers().stream().map(c -> c.getName()).toList());
        assertThat(PodStatusesTest.describe(status.getContainerStatuses().getFirst())).isEqualTo(app);
        List<String> cells = kubectlRow(pod);
        assertThat(cells.get(2)).isEqualTo(kubectlStatus);
        assertThat(cells.get(1)).isEqualTo(kubectlReady);
    }

    /** The row `kubectl get pod` prints: the API server's Table for the pod. */
    static List<String> kubectlRow(Pod pod) {
        ObjectNode object = (ObjectNode) JSON.readTree(io.fabric8.kubernetes.client.utils.Serialization.asJson(pod));
        var type = BuiltinResources.registry().byKind("v1", "Pod").orElseThrow();
        ObjectNode table = Tables.table(type, List.of(object), NOW, IncludeObject.NONE, null, null);
        List<String> cells = new java.util.ArrayList<>();
        table.get("rows").get(0).get("cells").forEach(c -> cells.add(c.asString()));
        return cells;
    }
}
