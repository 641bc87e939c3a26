package io.podyard.api.table;

import static io.podyard.api.table.TableFixtures.NOW;
import static io.podyard.api.table.TableFixtures.ago;
import static io.podyard.api.table.TableFixtures.json;
import static io.podyard.api.table.TableFixtures.type;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

/** READY, STATUS and RESTARTS of pods in each stage of their life, as printPod reports them. */
class PodColumnsTest {
    private static final String APP = "{name:'app', image:'nginx'}";
    private static final String SIDE = "{name:'side', image:'envoy'}";

    /** A pod created an hour ago with the given spec and status, and extra metadata fields. */
    private static String pod(String meta, String spec, String status) {
        return "{metadata:{name:'web', creationTimestamp:'%s'%s}, spec:%s, status:%s}"
                .formatted(ago("1h"), meta.isEmpty() ? "" : ", " + meta, spec, status);
    }

    private static String pod(String spec, String status) {
        return pod("", spec, status);
    }

    private static String containers(String... containers) {
        return "{containers:[" + String.join(", ", containers) + "]}";
    }

    static Stream<Arguments> statuses() {
        String one = containers(APP);
        String two = containers(APP, SIDE);
        String initOne = "{initContainers:[{name:'init', image:'busybox'}], containers:[%s]}".formatted(APP);
        String initTwo = "{initContainers:[{name:'a'}, {name:'b'}], containers:[%s]}".formatted(APP);
        return Stream.of(
                Arguments.of("pending, not yet scheduled", pod(one, "{phase:'Pending'}"),
                        "0/1", "Pending", "0"),
                Arguments.of("pending, creating containers", pod(one, """
                        {phase:'Pending', containerStatuses:[{name:'app', ready:false, restartCount:0,
                          state:{waiting:{reason:'ContainerCreating'}}}]}"""),
                        "0/1", "ContainerCreating", "0"),
                Arguments.of("scheduling gated", pod(one, """
                        {phase:'Pending', conditions:[{type:'PodScheduled', status:'False', reason:'SchedulingGated'}]}"""),
                        "0/1", "SchedulingGated", "0"),
                Arguments.of("running, one of two ready", pod(two, """
                        {phase:'Running', containerStatuses:[
                          {name:'app', ready:true, restartCount:0, state:{running:{startedAt:'%s'}}},
                          {name:'side', ready:false, restartCount:0, state:{running:{startedAt:'%s'}}}]}"""
                                .formatted(ago("50m"), ago("50m"))),
                        "1/2", "Running", "0"),
                Arguments.of("running after restarts", pod(one, """
                        {phase:'Running', containerStatuses:[{name:'app', ready:true, restartCount:3,
                          state:{running:{}}, lastState:{terminated:{exitCode:1, finishedAt:'%s'}}}]}"""
                                .formatted(ago("5m"))),
                        "1/1", "Running", "3 (5m ago)"),
                Arguments.of("restarts without a finish time", pod(one, """
                        {phase:'Running', containerStatuses:[{name:'app', ready:true, restartCount:2, state:{running:{}}}]}"""),
                        "1/1", "Running", "2"),
                Arguments.of("crash loop back-off", pod(one, """
                        {phase:'Running', containerStatuses:[{name:'app', ready:false, restartCount:4,
                          state:{waiting:{reason:'CrashLoopBackOff', message:'back-off 40s'}},
                          lastState:{terminated:{exitCode:1, reason:'Error', finishedAt:'%s'}}}]}"""
                                .formatted(ago("2m"))),
                        "0/1", "CrashLoopBackOff", "4 (2m ago)"),
                Arguments.of("first container's state has the last word", pod(two, """
                        {phase:'Running', containerStatuses:[
                          {name:'app', ready:false, state:{waiting:{reason:'ImagePullBackOff'}}},
                          {name:'side', ready:false, state:{waiting:{reason:'CrashLoopBackOff'}}}]}"""),
                        "0/2", "ImagePullBackOff", "0"),
                Arguments.of("exit code without a reason", pod(one, """
                        {phase:'Running', containerStatuses:[{name:'app', state:{terminated:{exitCode:137}}}]}"""),
                        "0/1", "ExitCode:137", "0"),
                Arguments.of("signal without a reason", pod(one, """
                        {phase:'Running', containerStatuses:[{name:'app', state:{terminated:{exitCode:0, signal:9}}}]}"""),
                        "0/1", "Signal:9", "0"),
                Arguments.of("init container running", pod(initOne, """
                        {phase:'Pending', initContainerStatuses:[{name:'init', state:{running:{}}}],
                         containerStatuses:[{name:'app', state:{waiting:{reason:'PodInitializing'}}}]}"""),
                        "0/1", "Init:0/1", "0"),
                Arguments.of("init container waiting to initialize", pod(initOne, """
                        {phase:'Pending', initContainerStatuses:[{name:'init', state:{waiting:{reason:'PodInitializing'}}}]}"""),
                        "0/1", "Init:0/1", "0"),
                Arguments.of("second init container running", pod(initTwo, """
                        {phase:'Pending', initContainerStatuses:[
                          {name:'a', state:{terminated:{exitCode:0, reason:'Completed'}}},
                          {name:'b', state:{running:{}}}]}"""),
                        "0/1", "Init:1/2", "0"),
                Arguments.of("init container crash looping", pod(initOne, """
                        {phase:'Pending', initContainerStatuses:[{name:'init', restartCount:2,
                          state:{waiting:{reason:'CrashLoopBackOff'}},
                          lastState:{terminated:{exitCode:1, finishedAt:'%s'}}}]}""".formatted(ago("30s"))),
                        "0/1", "Init:CrashLoopBackOff", "2 (30s ago)"),
                Arguments.of("init container failed", pod(initOne, """
                        {phase:'Failed', initContainerStatuses:[{name:'init', state:{terminated:{exitCode:1, reason:'Error'}}}]}"""),
                        "0/1", "Init:Error", "0"),
                Arguments.of("init container exit code", pod(initOne, """
                        {phase:'Pending', initContainerStatuses:[{name:'init', state:{terminated:{exitCode:2}}}]}"""),
                        "0/1", "Init:ExitCode:2", "0"),
                Arguments.of("init container signal", pod(initOne, """
                        {phase:'Pending', initContainerStatuses:[{name:'init', state:{terminated:{exitCode:143, signal:15}}}]}"""),
                        "0/1", "Init:Signal:15", "0"),
                Arguments.of("sidecar started and ready counts as a container", pod("""
                        {initContainers:[{name:'side', restartPolicy:'Always'}], containers:[%s]}""".formatted(APP), """
                        {phase:'Running', conditions:[{type:'Initialized', status:'True'}],
                         initContainerStatuses:[{name:'side', started:true, ready:true, restartCount:1, state:{running:{}},
                           lastState:{terminated:{exitCode:1, finishedAt:'%s'}}}],
                         containerStatuses:[{name:'app', ready:true, state:{running:{}}}]}""".formatted(ago("10m"))),
                        "2/2", "Running", "1 (10m ago)"),
                Arguments.of("completed", pod(one, """
                        {phase:'Succeeded', containerStatuses:[{name:'app', ready:false,
                          state:{terminated:{exitCode:0, reason:'Completed', finishedAt:'%s'}}}]}""".formatted(ago("1m"))),
                        "0/1", "Completed", "0"),
                Arguments.of("completed while another container runs, ready", pod(two, """
                        {phase:'Running', conditions:[{type:'Ready', status:'True'}], containerStatuses:[
                          {name:'app', ready:false, state:{terminated:{exitCode:0, reason:'Completed'}}},
                          {name:'side', ready:true, state:{running:{}}}]}"""),
                        "1/2", "Running", "0"),
                Arguments.of("completed while another container runs, not ready", pod(two, """
                        {phase:'Running', containerStatuses:[
                          {name:'app', ready:false, state:{terminated:{exitCode:0, reason:'Completed'}}},
                          {name:'side', ready:true, state:{running:{}}}]}"""),
                        "1/2", "NotReady", "0"),
                Arguments.of("failed", pod(one, """
                        {phase:'Failed', containerStatuses:[{name:'app', state:{terminated:{exitCode:1, reason:'Error'}}}]}"""),
                        "0/1", "Error", "0"),
                Arguments.of("evicted", pod(one, "{phase:'Failed', reason:'Evicted', message:'low on memory'}"),
                        "0/1", "Evicted", "0"),
                Arguments.of("terminating", pod("deletionTimestamp:'%s'".formatted(ago("5s")), one, """
                        {phase:'Running', containerStatuses:[{name:'app', ready:true, state:{running:{}}}]}"""),
                        "1/1", "Terminating", "0"),
                Arguments.of("deleted after it completed", pod("deletionTimestamp:'%s'".formatted(ago("5s")), one, """
                        {phase:'Succeeded', containerStatuses:[{name:'app', state:{terminated:{exitCode:0, reason:'Completed'}}}]}"""),
                        "0/1", "Completed", "0"),
                Arguments.of("deleted on a lost node", pod("deletionTimestamp:'%s'".formatted(ago("5s")), one,
                        "{phase:'Running', reason:'NodeLost'}"),
                        "0/1", "Unknown", "0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statuses")
    void summarizesStatus(String description, String pod, String ready, String status, String restarts) {
        assertThat(TableFixtures.cells("v1", "Pod", json(pod)).subList(0, 5))
                .containsExactly("web", ready, status, restarts, "60m");
    }

    static Stream<Arguments> wideCells() {
        return Stream.of(
                Arguments.of("unscheduled", "{containers:[]}", "{phase:'Pending'}",
                        List.of("<none>", "<none>", "<none>", "<none>")),
                Arguments.of("scheduled with IPs", "{nodeName:'node-1', containers:[]}",
                        "{podIP:'10.0.0.5', podIPs:[{ip:'10.0.0.5'}, {ip:'fd00::5'}]}",
                        List.of("10.0.0.5", "node-1", "<none>", "<none>")),
                Arguments.of("only podIPs", "{nodeName:'node-1', containers:[]}", "{podIPs:[{ip:'fd00::5'}]}",
                        List.of("fd00::5", "node-1", "<none>", "<none>")),
                Arguments.of("nominated, with readiness gates", """
                        {readinessGates:[{conditionType:'example.com/lb'}, {conditionType:'example.com/dns'}],
                         containers:[]}""", """
                        {nominatedNodeName:'node-2', conditions:[{type:'example.com/lb', status:'True'},
                          {type:'example.com/dns', status:'False'}]}""",
                        List.of("<none>", "<none>", "node-2", "1/2")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wideCells")
    void wideCellsFollow(String description, String spec, String status, List<Object> wide) {
        assertThat(TableFixtures.cells("v1", "Pod", json(pod(spec, status))).subList(5, 9)).isEqualTo(wide);
    }

    @Test
    void columnsAreKubernetes() {
        assertThat(TableFixtures.header("v1", "Pod")).containsExactly(
                "Name", "Ready", "Status", "Restarts", "Age", "IP*", "Node*", "Nominated Node*", "Readiness Gates*");
    }

    static Stream<Arguments> rowConditions() {
        return Stream.of(
                Arguments.of("Running", null),
                Arguments.of("Succeeded",
                        "[{type:'Completed', status:'True', reason:'Succeeded', message:'The pod has completed successfully.'}]"),
                Arguments.of("Failed", "[{type:'Completed', status:'True', reason:'Failed', message:'The pod failed.'}]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rowConditions")
    void finishedPodsCarryACompletedCondition(String phase, String conditions) {
        ObjectNode pod = json(pod(containers(APP), "{phase:'%s'}".formatted(phase)));

        ObjectNode table = Tables.table(type("v1", "Pod"), List.of(pod), NOW, IncludeObject.NONE, null, null);

        if (conditions == null) {
            assertThat(table.at("/rows/0").has("conditions")).isFalse();
        } else {
            assertThat(table.at("/rows/0/conditions")).isEqualTo(TableFixtures.MAPPER.readTree(conditions));
        }
    }
}
