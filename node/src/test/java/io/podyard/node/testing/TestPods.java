package io.podyard.node.testing;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Arrays;
import java.util.UUID;

/** Pods for tests, with a fresh uid each. */
public final class TestPods {
    private TestPods() {
    }

    public static Pod pod(String name, Container... containers) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default")
                .withUid(UUID.randomUUID().toString()).endMetadata()
                .withNewSpec().withContainers(Arrays.asList(containers)).endSpec().build();
    }

    public static Container container(String name, String... command) {
        return new ContainerBuilder().withName(name).withImage("busybox").withCommand(command).build();
    }
}
