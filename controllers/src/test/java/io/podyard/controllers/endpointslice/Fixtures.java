package io.podyard.controllers.endpointslice;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.Map;

/** Services and pods for the pure endpoint tests. */
public final class Fixtures {
    private Fixtures() {}

    /** A Service selecting app=web, port 80 ("http") to {@code target} (a number or a port name). */
    public static Service web(Object target) {
        IntOrString t = target instanceof Integer i ? new IntOrString(i) : new IntOrString(String.valueOf(target));
        return new ServiceBuilder().withNewMetadata().withName("web").withNamespace("default").withUid("svc-uid")
                .endMetadata().withNewSpec().withSelector(Map.of("app", "web")).addNewPort().withName("http")
                .withPort(80).withProtocol("TCP").withTargetPort(t).endPort().endSpec().build();
    }

    public static PodBuilder pod(String name, String ip, boolean ready) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withUid(name + "-uid")
                .withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().withNodeName("node-1").addNewContainer().withName("c").addNewPort().withName("http")
                .withContainerPort(8080).withProtocol("TCP").endPort().endContainer().endSpec()
                .withNewStatus().withPhase(ip == null ? "Pending" : "Running").withPodIP(ip)
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus();
    }

    public static Pod ready(String name, String ip) {
        return pod(name, ip, true).build();
    }

    public static Pod terminating(String name, String ip) {
        return pod(name, ip, true).editMetadata().withDeletionTimestamp("2025-01-01T00:00:00Z").endMetadata().build();
    }
}
