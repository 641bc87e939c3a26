package io.podyard.api.table;

import static io.podyard.api.table.TableFixtures.ago;
import static io.podyard.api.table.TableFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Deployment, ReplicaSet, StatefulSet, DaemonSet and ControllerRevision columns. */
class WorkloadColumnsTest {
    private static final String TEMPLATE = """
            template:{metadata:{labels:{app:'web'}}, spec:{containers:[{name:'web', image:'nginx:1.27'},
                                                                    {name:'log', image:'fluent-bit'}]}}""";

    static Stream<Arguments> headers() {
        return Stream.of(
                Arguments.of("Deployment", List.of("Name", "Ready", "Up-to-date", "Available", "Age",
                        "Containers*", "Images*", "Selector*")),
                Arguments.of("ReplicaSet", List.of("Name", "Desired", "Current", "Ready", "Age",
                        "Containers*", "Images*", "Selector*")),
                Arguments.of("StatefulSet", List.of("Name", "Ready", "Age", "Containers*", "Images*")),
                Arguments.of("DaemonSet", List.of("Name", "Desired", "Current", "Ready", "Up-to-date", "Available",
                        "Node Selector", "Age", "Containers*", "Images*", "Selector*")),
                Arguments.of("ControllerRevision", List.of("Name", "Controller", "Revision", "Age")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headers")
    void columns(String kind, List<String> header) {
        assertThat(TableFixtures.header("apps/v1", kind)).isEqualTo(header);
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("deployment rolling out", "Deployment", """
                        {metadata:{name:'web', creationTimestamp:'%s'},
                         spec:{replicas:3, selector:{matchLabels:{app:'web'},
                               matchExpressions:[{key:'tier', operator:'In', values:['front', 'edge']}]}, %s},
                         status:{replicas:3, readyReplicas:2, updatedReplicas:1, availableReplicas:2}}"""
                                .formatted(ago("5m"), TEMPLATE),
                        List.of("web", "2/3", 1L, 2L, "5m", "web,log", "nginx:1.27,fluent-bit",
                                "app=web,tier in (edge,front)")),
                Arguments.of("new deployment without status or selector", "Deployment",
                        "{metadata:{name:'new', creationTimestamp:'%s'}, spec:{replicas:1}}".formatted(ago("3s")),
                        List.of("new", "0/1", 0L, 0L, "3s", "", "", "")),
                Arguments.of("deployment with an invalid selector", "Deployment",
                        "{metadata:{name:'bad'}, spec:{selector:{matchExpressions:[{key:'a', operator:'Like'}]}}}",
                        List.of("bad", "0/0", 0L, 0L, "<unknown>", "", "", "<invalid>")),
                Arguments.of("replica set", "ReplicaSet", """
                        {metadata:{name:'web-7d4b9', creationTimestamp:'%s'},
                         spec:{replicas:3, selector:{matchLabels:{app:'web', 'pod-template-hash':'7d4b9'}}, %s},
                         status:{replicas:3, readyReplicas:3}}""".formatted(ago("2h5m"), TEMPLATE),
                        List.of("web-7d4b9", 3L, 3L, 3L, "125m", "web,log", "nginx:1.27,fluent-bit",
                                "app=web,pod-template-hash=7d4b9")),
                Arguments.of("replica set without selector", "ReplicaSet",
                        "{metadata:{name:'rs'}, spec:{replicas:0, selector:{}}}",
                        List.of("rs", 0L, 0L, 0L, "<unknown>", "", "", "<none>")),
                Arguments.of("replica set with an invalid selector", "ReplicaSet",
                        "{metadata:{name:'rs'}, spec:{selector:{matchLabels:{'bad key':'x'}}}}",
                        List.of("rs", 0L, 0L, 0L, "<unknown>", "", "", "<error>")),
                Arguments.of("stateful set", "StatefulSet", """
                        {metadata:{name:'db', creationTimestamp:'%s'}, spec:{replicas:3, %s},
                         status:{replicas:3, readyReplicas:1}}""".formatted(ago("8d2h"), TEMPLATE),
                        List.of("db", "1/3", "8d", "web,log", "nginx:1.27,fluent-bit")),
                Arguments.of("daemon set", "DaemonSet", """
                        {metadata:{name:'agent', creationTimestamp:'%s'},
                         spec:{selector:{matchLabels:{app:'agent'}},
                               template:{spec:{nodeSelector:{'kubernetes.io/os':'linux', disk:'ssd'},
                                               containers:[{name:'agent', image:'agent:2'}]}}},
                         status:{desiredNumberScheduled:5, currentNumberScheduled:5, numberReady:4,
                                 updatedNumberScheduled:3, numberAvailable:4}}""".formatted(ago("26h")),
                        List.of("agent", 5L, 5L, 4L, 3L, 4L, "disk=ssd,kubernetes.io/os=linux", "26h", "agent",
                                "agent:2", "app=agent")),
                Arguments.of("daemon set without node selector", "DaemonSet",
                        "{metadata:{name:'agent'}, spec:{template:{spec:{containers:[]}}}}",
                        List.of("agent", 0L, 0L, 0L, 0L, 0L, "<none>", "<unknown>", "", "", "<none>")),
                Arguments.of("revision of a stateful set", "ControllerRevision", """
                        {metadata:{name:'db-5f7c8', creationTimestamp:'%s', ownerReferences:[
                           {apiVersion:'v1', kind:'Pod', name:'not-controller'},
                           {apiVersion:'apps/v1', kind:'StatefulSet', name:'db', controller:true}]},
                         revision:2}""".formatted(ago("1m")),
                        List.of("db-5f7c8", "statefulset.apps/db", 2L, "60s")),
                Arguments.of("revision owned by a core kind", "ControllerRevision",
                        "{metadata:{name:'r', ownerReferences:[{apiVersion:'v1', kind:'Pod', name:'p', controller:true}]},"
                                + " revision:1}",
                        List.of("r", "pod/p", 1L, "<unknown>")),
                Arguments.of("revision without controller", "ControllerRevision",
                        "{metadata:{name:'r'}, revision:7}",
                        List.of("r", "<none>", 7L, "<unknown>")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void cells(String description, String kind, String object, List<Object> expected) {
        assertThat(TableFixtures.cells("apps/v1", kind, json(object))).isEqualTo(expected);
    }

    @Test
    void unparseableOwnerApiVersionFailsAsInKubernetes() {
        String revision = "{metadata:{name:'r', ownerReferences:[{apiVersion:'a/b/c', kind:'X', name:'x', controller:true}]}}";

        assertThatThrownBy(() -> TableFixtures.cells("apps/v1", "ControllerRevision", json(revision)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unexpected GroupVersion string: a/b/c");
    }
}
