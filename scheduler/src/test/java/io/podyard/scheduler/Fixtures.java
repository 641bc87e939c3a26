package io.podyard.scheduler;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.podyard.scheduler.framework.ClusterSnapshot;
import io.podyard.scheduler.framework.NodeInfo;
import io.podyard.scheduler.framework.PodInfo;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** Terse builders for the nodes and pods of scheduling tables. */
public final class Fixtures {
    private Fixtures() {
    }

    /** A Ready node with 4 cpu, 8 GiB, 100 GiB disk, 110 pods and a hostname label. */
    public static Node node(String name) {
        return node(name, UnaryOperator.identity());
    }

    public static Node node(String name, UnaryOperator<NodeBuilder> edit) {
        NodeBuilder builder = new NodeBuilder()
                .withNewMetadata().withName(name).withUid(UUID.randomUUID().toString())
                .addToLabels("kubernetes.io/hostname", name).endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus()
                .withAllocatable(resources("cpu", "4", "memory", "8Gi", "ephemeral-storage", "100Gi", "pods", "110"))
                .withCapacity(resources("cpu", "4", "memory", "8Gi", "ephemeral-storage", "100Gi", "pods", "110"))
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .endStatus();
        return edit.apply(builder).build();
    }

    public static Node nodeWith(String name, Map<String, String> labels) {
        return node(name, b -> b.editMetadata().addToLabels(labels).endMetadata());
    }

    public static Node nodeWithAllocatable(String name, String... amounts) {
        return node(name, b -> b.editStatus().withAllocatable(resources(amounts)).endStatus());
    }

    public static Map<String, Quantity> resources(String... amounts) {
        Map<String, Quantity> map = new LinkedHashMap<>();
        for (int i = 0; i < amounts.length; i += 2) {
            map.put(amounts[i], new Quantity(amounts[i + 1]));
        }
        return map;
    }

    public static Pod pod(String name) {
        return pod(name, UnaryOperator.identity());
    }

    public static Pod pod(String name, UnaryOperator<PodBuilder> edit) {
        PodBuilder builder = new PodBuilder()
                .withNewMetadata().withName(name).withNamespace("default").withUid(UUID.randomUUID().toString()).endMetadata()
                .withNewSpec().withSchedulerName("default-scheduler")
                .addToContainers(container("main")).endSpec();
        return edit.apply(builder).build();
    }

    /** A pod whose one container requests these amounts, e.g. {@code requesting("web", "cpu", "500m")}. */
    public static Pod requesting(String name, String... amounts) {
        return pod(name, b -> b.editSpec().withContainers(container("main", amounts)).endSpec());
    }

    public static Container container(String name, String... requests) {
        ContainerBuilder builder = new ContainerBuilder().withName(name).withImage("busybox");
        if (requests.length > 0) {
            builder.withNewResources().withRequests(resources(requests)).endResources();
        }
        return builder.build();
    }

    public static Pod labelled(String name, Map<String, String> labels) {
        return pod(name, b -> b.editMetadata().addToLabels(labels).endMetadata());
    }

    /** The pod bound to a node, as the cache holds it. */
    public static Pod on(String node, Pod pod) {
        return new PodBuilder(pod).editSpec().withNodeName(node).endSpec().build();
    }

    public static Taint taint(String key, String value, String effect) {
        return new TaintBuilder().withKey(key).withValue(value).withEffect(effect).build();
    }

    public static Toleration toleration(String key, String operator, String value, String effect) {
        return new TolerationBuilder().withKey(key).withOperator(operator).withValue(value).withEffect(effect).build();
    }

    public static Namespace namespace(String name, Map<String, String> labels) {
        return new NamespaceBuilder().withNewMetadata().withName(name).withLabels(new HashMap<>(labels)).endMetadata().build();
    }

    public static ClusterSnapshot snapshot(List<Node> nodes, List<Pod> pods) {
        return ClusterSnapshot.of(nodes, pods, List.of(namespace("default", Map.of("kubernetes.io/metadata.name", "default"))));
    }

    public static NodeInfo info(Node node, Pod... pods) {
        NodeInfo info = NodeInfo.of(node);
        for (Pod pod : pods) {
            info = info.withPod(PodInfo.of(pod));
        }
        return info;
    }
}
