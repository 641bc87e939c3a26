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
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.podyard.controllers.ControllerOptions;
import io.podyard.controllers.testing.PausableClock;
import io.podyard.controllers.testing.Testbed;
import io.podyard.controllers.testing.TestbedTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** EndpointSlices, Endpoints and LoadBalancer status through the real API, pods' status set by the test. */
class ServiceEndpointsControllerTest extends TestbedTest {
    private static final String NS = "default";
    private final PausableClock clock = new PausableClock();

    @Override
    protected ControllerOptions options() {
        return Testbed.defaultOptions().withClock(clock);
    }

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

    /**
     * Ten pods turning Ready one after another reach the slice in one or two writes, not ten: pod
     * changes wait {@link EndpointSliceController#BATCH} before the Service is synced, so they gather.
     * The controllers' clock is held still during the burst, so however slowly the updates go, the
     * batch cannot end in the middle of them.
     */
    @Test
    void aBurstOfReadinessChangesIsWrittenInFewSliceUpdates() {
        client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName("web")
                .endMetadata().withNewSpec().withSelector(Map.of("app", "web")).addNewPort().withPort(80)
                .withNewTargetPort("http").endPort().endSpec().build()).create();
        int pods = 10;
        List<String> notReady = new ArrayList<>();
        List<String> ready = new ArrayList<>();
        for (int i = 0; i < pods; i++) {
            createPod("p" + i, 8080, null);
            setStatus("p" + i, "10.244.0." + (10 + i), false);
            notReady.add("10.244.0." + (10 + i) + ":8080 false/false/false");
            ready.add("10.244.0." + (10 + i) + ":8080 true/true/false");
        }
        notReady.sort(null);
        ready.sort(null);
        await().until(() -> sliceView().equals(notReady));

        var slices = client.discovery().v1().endpointSlices().inNamespace(NS)
                .withLabel("kubernetes.io/service-name", "web");
        var webPods = client.pods().inNamespace(NS).withLabel("app", "web");
        List<EndpointSlice> modified = new CopyOnWriteArrayList<>();
        AtomicInteger podsModified = new AtomicInteger();
        try (var sliceWatch = slices.withResourceVersion(slices.list().getMetadata().getResourceVersion())
                .watch(onModified(modified::add));
             var podWatch = webPods.withResourceVersion(webPods.list().getMetadata().getResourceVersion())
                .watch(onModified(pod -> podsModified.incrementAndGet()))) {
            clock.pause();
            try {
                for (int i = 0; i < pods; i++) {
                    setStatus("p" + i, "10.244.0." + (10 + i), true);
                }
                // The controllers' informers watch the same server: when this watch has seen every
                // change, theirs have (almost) too.
                await().until(() -> podsModified.get() == pods);
            } finally {
                clock.resume();
            }
            await().until(() -> !modified.isEmpty() && allReady(modified.getLast(), pods));
            assertThat(sliceView()).isEqualTo(ready);
        }
        assertThat(modified).as("slice updates for %d pods turning Ready", pods)
                .extracting(s -> s.getMetadata().getResourceVersion()).hasSizeLessThanOrEqualTo(2);
    }

    private static <T> Watcher<T> onModified(java.util.function.Consumer<T> action) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action event, T object) {
                if (event == Action.MODIFIED) {
                    action.accept(object);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        };
    }

    private static boolean allReady(EndpointSlice slice, int count) {
        return slice.getEndpoints() != null && slice.getEndpoints().size() == count
                && slice.getEndpoints().stream().allMatch(e -> Boolean.TRUE.equals(e.getConditions().getReady()));
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
