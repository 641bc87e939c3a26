package io.podyard.controllers.endpointslice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.podyard.controllers.testing.TestbedTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** EndpointSlices, Endpoints and LoadBalancer status through the real API, pods' status set by the test. */
class ServiceEndpointsControllerTest extends TestbedTest {
    private static final String NS = "default";

    private void createPod(String name, int port, String finalizer) {
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(name)
                .withLabels(Map.of("app", "web")).withFinalizers(finalizer == null ? List.of() : List.of(finalizer))
                .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("busybox").addNewPort()
                .withName("http").withContainerPort(port).endPort().endContainer().endSpec().build()).create();
    }

    private void setStatus(String name, String ip, boolean ready) {
        Pod pod = client.pods().inNamespace(NS).withName(name).get();
        pod.getStatus().setPhase("Running");
        pod.getStatus().setPodIP(ip);
        pod.getStatus().setConditions(List.of(new PodConditionBuilder().withType("Ready")
                .withStatus(ready ? "True" : "False").build()));
        client.pods().inNamespace(NS).resource(pod).updateStatus();
    }

    /** Every endpoint of the Service's managed slices as "ip:port ready/serving/terminating", sorted. */
    private List<String> sliceView() {
        Map<String, String> seen = new TreeMap<>();
        for (EndpointSlice s : client.discovery().v1().endpointSlices().inNamespace(NS)
                .withLabel("kubernetes.io/service-name", "web").list().getItems()) {
            for (Endpoint e : s.getEndpoints() == null ? List.<Endpoint>of() : s.getEndpoints()) {
                var c = e.getConditions();
                seen.put(e.getAddresses().getFirst(), e.getAddresses().getFirst() + ":" + s.getPorts().getFirst()
                        .getPort() + " " + c.getReady() + "/" + c.getServing() + "/" + c.getTerminating());
            }
        }
        return new ArrayList<>(seen.values());
    }

    /** The Endpoints as "ready ips | not-ready ips". */
    private String endpointsView() {
        Endpoints ep = client.endpoints().inNamespace(NS).withName("web").get();
        if (ep == null) {
            return "absent";
        }
        List<String> ready = new ArrayList<>();
        List<String> notReady = new ArrayList<>();
        for (var subset : ep.getSubsets()) {
            subset.getAddresses().stream().map(EndpointAddress::getIp).forEach(ready::add);
            subset.getNotReadyAddresses().stream().map(EndpointAddress::getIp).forEach(notReady::add);
        }
        ready.sort(null);
        notReady.sort(null);
        return String.join(",", ready) + " | " + String.join(",", notReady);
    }

    @Test
    void endpointsFollowPodsReadinessAndDeletion() {
        Service web = client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName("web")
                .endMetadata().withNewSpec().withSelector(Map.of("app", "web")).addNewPort().withPort(80)
                .withNewTargetPort("http").endPort().endSpec().build()).create();
        await().until(() -> client.discovery().v1().endpointSlices().inNamespace(NS)
                .withLabel("kubernetes.io/service-name", "web").list().getItems().size() == 1);

        createPod("a", 8080, null);
        createPod("b", 9090, null);
        createPod("t", 8080, "example.com/hold");
        setStatus("a", "10.244.0.2", true);
        setStatus("b", "10.244.0.3", true);
        setStatus("t", "10.244.0.4", false);
        await().until(() -> sliceView().equals(List.of("10.244.0.2:8080 true/true/false",
                "10.244.0.3:9090 true/true/false", "10.244.0.4:8080 false/false/false")));
        await().until(() -> endpointsView().equals("10.244.0.2,10.244.0.3 | 10.244.0.4"));
        EndpointSlice any = client.discovery().v1().endpointSlices().inNamespace(NS)
                .withLabel("kubernetes.io/service-name", "web").list().getItems().getFirst();
        assertThat(any.getMetadata().getLabels()).containsEntry("endpointslice.kubernetes.io/managed-by",
                "endpointslice-controller.k8s.io");
        assertThat(any.getMetadata().getOwnerReferences().getFirst().getUid()).isEqualTo(web.getMetadata().getUid());

        setStatus("t", "10.244.0.4", true);
        client.pods().inNamespace(NS).withName("t").delete(); // held by its finalizer: terminating
        await().until(() -> sliceView().contains("10.244.0.4:8080 false/true/true"));
        await().until(() -> endpointsView().equals("10.244.0.2,10.244.0.3 | "));

        client.pods().inNamespace(NS).withName("t").edit(p -> new PodBuilder(p).editMetadata().withFinalizers()
                .endMetadata().build());
        client.pods().inNamespace(NS).withName("a").delete();
        await().until(() -> sliceView().equals(List.of("10.244.0.3:9090 true/true/false")));
        await().until(() -> endpointsView().equals("10.244.0.3 | "));

        client.services().inNamespace(NS).withName("web").delete();
        await().until(() -> endpointsView().equals("absent"));
        await().until(() -> sliceView().isEmpty() && client.discovery().v1().endpointSlices().inNamespace(NS)
                .withLabel("kubernetes.io/service-name", "web").list().getItems().isEmpty());
    }

    @Test
    void aServiceWithoutSelectorKeepsTheSlicesItsUserWrites() {
        client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName("manual")
                .endMetadata().withNewSpec().addNewPort().withPort(80).endPort().endSpec().build()).create();
        createPod("a", 8080, null);
        setStatus("a", "10.244.0.2", true);
        // A selecting Service's slices appear meanwhile; the others' never do.
        client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName("web")
                .endMetadata().withNewSpec().withSelector(Map.of("app", "web")).addNewPort().withPort(80).endPort()
                .endSpec().build()).create();
        await().until(() -> sliceView().size() == 1);
        assertThat(client.discovery().v1().endpointSlices().inNamespace(NS)
                .withLabel("kubernetes.io/service-name", "manual").list().getItems()).isEmpty();
        assertThat(client.endpoints().inNamespace(NS).withName("manual").get()).isNull();
        // The kubernetes Service has no selector either: its Endpoints stay as the API server wrote them.
        assertThat(client.endpoints().inNamespace(NS).withName("kubernetes").get().getSubsets()).hasSize(1);
    }

    @Test
    void aLoadBalancerServiceListsTheNodesAddresses() {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1").endMetadata().withNewStatus()
                .addNewAddress().withType("InternalIP").withAddress("192.0.2.10").endAddress()
                .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build()).create();
        client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName("lb")
                .endMetadata().withNewSpec().withType("LoadBalancer").withSelector(Map.of("app", "web")).addNewPort()
                .withPort(80).endPort().endSpec().build()).create();
        await().ignoreExceptions().until(() -> {
            var status = client.services().inNamespace(NS).withName("lb").get().getStatus().getLoadBalancer();
            return status.getIngress() != null && status.getIngress().size() == 1
                    && status.getIngress().getFirst().getIp().equals("192.0.2.10");
        });
        client.services().inNamespace(NS).withName("lb").edit(s -> new ServiceBuilder(s).editSpec()
                .withType("ClusterIP").endSpec().build());
        await().until(() -> {
            var status = client.services().inNamespace(NS).withName("lb").get().getStatus();
            var ingress = status == null || status.getLoadBalancer() == null ? null
                    : status.getLoadBalancer().getIngress();
            return ingress == null || ingress.isEmpty();
        });
    }
}
