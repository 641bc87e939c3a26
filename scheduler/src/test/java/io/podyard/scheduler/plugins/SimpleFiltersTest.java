package io.podyard.scheduler.plugins;

import static io.podyard.scheduler.Fixtures.node;
import static io.podyard.scheduler.Fixtures.on;
import static io.podyard.scheduler.Fixtures.pod;
import static io.podyard.scheduler.Fixtures.snapshot;
import static io.podyard.scheduler.Fixtures.toleration;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.podyard.scheduler.framework.FilterPlugin;
import io.podyard.scheduler.framework.Status;
import io.podyard.scheduler.plugins.nodename.NodeName;
import io.podyard.scheduler.plugins.nodeports.NodePorts;
import io.podyard.scheduler.plugins.nodeunschedulable.NodeUnschedulable;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** NodeUnschedulable, NodeName and NodePorts: one-condition filters. */
class SimpleFiltersTest {
    private static final Node CORDONED = node("n", b -> b.editSpec().withUnschedulable(true).endSpec());

    static Stream<Arguments> filters() {
        return Stream.of(
                Arguments.of("schedulable node", new NodeUnschedulable(), node("n"), pod("p"), List.of(), Status.FIT),
                Arguments.of("cordoned node", new NodeUnschedulable(), CORDONED, pod("p"), List.of(),
                        Status.unresolvable("node(s) were unschedulable")),
                Arguments.of("cordoned node, pod tolerates the cordon", new NodeUnschedulable(), CORDONED,
                        pod("p", b -> b.editSpec().withTolerations(toleration("node.kubernetes.io/unschedulable", "Exists", null, "NoSchedule")).endSpec()),
                        List.of(), Status.FIT),
                Arguments.of("no nodeName", new NodeName(), node("n"), pod("p"), List.of(), Status.FIT),
                Arguments.of("nodeName is this node", new NodeName(), node("n"),
                        pod("p", b -> b.editSpec().withNodeName("n").endSpec()), List.of(), Status.FIT),
                Arguments.of("nodeName is another node", new NodeName(), node("n"),
                        pod("p", b -> b.editSpec().withNodeName("m").endSpec()), List.of(),
                        Status.unresolvable("node(s) didn't match the requested node name")),
                Arguments.of("host port free", new NodePorts(), node("n"), withPort("p", port(8080, "TCP", null)),
                        List.of(withPort("a", port(8081, "TCP", null))), Status.FIT),
                Arguments.of("host port taken", new NodePorts(), node("n"), withPort("p", port(8080, "TCP", null)),
                        List.of(withPort("a", port(8080, "TCP", null))),
                        Status.unschedulable("node(s) didn't have free ports for the requested pod ports")),
                Arguments.of("same port, other protocol", new NodePorts(), node("n"), withPort("p", port(53, "UDP", null)),
                        List.of(withPort("a", port(53, "TCP", null))), Status.FIT),
                Arguments.of("same port, different specific addresses", new NodePorts(), node("n"),
                        withPort("p", port(80, "TCP", "127.0.0.1")), List.of(withPort("a", port(80, "TCP", "10.0.0.1"))), Status.FIT),
                Arguments.of("a wildcard address conflicts with a specific one", new NodePorts(), node("n"),
                        withPort("p", port(80, "TCP", "0.0.0.0")), List.of(withPort("a", port(80, "TCP", "10.0.0.1"))),
                        Status.unschedulable("node(s) didn't have free ports for the requested pod ports")),
                Arguments.of("container ports without hostPort take nothing", new NodePorts(), node("n"),
                        withPort("p", new ContainerPortBuilder().withContainerPort(80).build()),
                        List.of(withPort("a", new ContainerPortBuilder().withContainerPort(80).build())), Status.FIT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void filters(String name, FilterPlugin plugin, Node node, Pod pod, List<Pod> existing, Status expected) {
        List<Pod> bound = existing.stream().map(p -> on("n", p)).toList();
        assertThat(PluginRunner.filter(plugin, pod, snapshot(List.of(node), bound), "n")).isEqualTo(expected);
    }

    private static Pod withPort(String name, ContainerPort port) {
        return pod(name, b -> b.editSpec().withContainers(new ContainerBuilder().withName("c").withImage("x")
                .withPorts(port).build()).endSpec());
    }

    private static ContainerPort port(int hostPort, String protocol, String hostIp) {
        return new ContainerPortBuilder().withContainerPort(hostPort).withHostPort(hostPort).withProtocol(protocol)
                .withHostIP(hostIp).build();
    }
}
