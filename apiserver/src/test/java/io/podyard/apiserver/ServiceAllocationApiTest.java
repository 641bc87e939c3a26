package io.podyard.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ServiceResource;
import io.podyard.apiserver.services.ServiceCidr;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cluster IPs and node ports as the API server hands them out, keeps and takes back. */
class ServiceAllocationApiTest {
    private static final ServiceCidr RANGE = ServiceCidr.parse("10.96.0.0/12");

    @TempDir
    Path dir;

    private ServerFixture server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server = new ServerFixture(dir);
        client = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Service service(String name, String type, String clusterIp, Integer nodePort) {
        return new ServiceBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withType(type)
                .withClusterIP(clusterIp).withSelector(java.util.Map.of("app", name))
                .addNewPort().withPort(80).withNodePort(nodePort).endPort().endSpec().build();
    }

    private Service create(Service service) {
        return client.services().inNamespace("default").resource(service).create();
    }

    private Service update(Service service) {
        return client.services().inNamespace("default").resource(service).update();
    }

    private ServiceResource<Service> svc(String name) {
        return client.services().inNamespace("default").withName(name);
    }

    private String refusal(Service service) {
        try {
            create(service);
        } catch (KubernetesClientException e) {
            assertThat(e.getCode()).isEqualTo(422);
            return e.getStatus().getMessage();
        }
        throw new AssertionError("the create was accepted");
    }

    @Test
    void aServiceGetsAFreeAddressOfTheRangeButNeverTheReservedOnes() {
        Service web = create(service("web", null, null, null));
        String ip = web.getSpec().getClusterIP();
        assertThat(RANGE.indexOf(ip)).isPresent();
        assertThat(ip).isNotIn("10.96.0.1", "10.96.0.10");
        assertThat(web.getSpec().getClusterIPs()).containsExactly(ip);
        assertThat(web.getSpec().getIpFamilies()).containsExactly("IPv4");
        assertThat(web.getSpec().getIpFamilyPolicy()).isEqualTo("SingleStack");
        Service other = create(service("other", null, null, null));
        assertThat(other.getSpec().getClusterIP()).isNotEqualTo(ip);
    }

    @Test
    void aChosenAddressIsHonouredOnceAndOnlyInRange() {
        assertThat(create(service("a", null, "10.96.0.50", null)).getSpec().getClusterIP()).isEqualTo("10.96.0.50");
        assertThat(refusal(service("b", null, "10.96.0.50", null))).isEqualTo("Service \"b\" is invalid:"
                + " spec.clusterIPs: Invalid value: [\"10.96.0.50\"]: failed to allocate IP 10.96.0.50:"
                + " provided IP is already allocated");
        assertThat(refusal(service("c", null, "10.0.0.1", null))).isEqualTo("Service \"c\" is invalid:"
                + " spec.clusterIPs: Invalid value: [\"10.0.0.1\"]: failed to allocate IP 10.0.0.1: the provided IP"
                + " (10.0.0.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12");
        assertThat(refusal(service("d", null, "10.96.0.1", null))).as("the kubernetes Service holds it")
                .contains("provided IP is already allocated");
    }

    @Test
    void deletingAServiceFreesItsAddressAndNodePort() {
        create(service("a", "NodePort", "10.96.0.60", 30080));
        svc("a").delete();
        Service again = create(service("b", "NodePort", "10.96.0.60", 30080));
        assertThat(again.getSpec().getClusterIP()).isEqualTo("10.96.0.60");
        assertThat(again.getSpec().getPorts().getFirst().getNodePort()).isEqualTo(30080);
    }

    @Test
    void allocationsSurviveARestartAndLeftoversOfACrashAreFreed() {
        create(service("a", null, "10.96.0.70", null));
        // As if the server died between the allocation record and the Service write.
        server.store().create(server.store().keyPrefix() + "_podyard/allocations/serviceips/10.96.0.71",
                "{\"namespace\":\"default\",\"name\":\"lost\",\"uid\":\"0000\"}".getBytes(StandardCharsets.UTF_8));
        server.restart();
        client = server.client();
        assertThat(refusal(service("b", null, "10.96.0.70", null))).contains("provided IP is already allocated");
        assertThat(create(service("c", null, "10.96.0.71", null)).getSpec().getClusterIP()).isEqualTo("10.96.0.71");
    }

    @Test
    void theClusterIpCannotChangeButAnUpdateWithoutItKeepsIt() {
        Service a = create(service("a", null, null, null));
        String ip = a.getSpec().getClusterIP();
        Service changed = svc("a").get();
        changed.getSpec().setClusterIP("10.96.0.80");
        changed.getSpec().setClusterIPs(null);
        assertThatThrownBy(() -> update(changed)).isInstanceOfSatisfying(KubernetesClientException.class,
                e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getMessage()).contains("spec.clusterIP: Invalid value: \"10.96.0.80\":"
                            + " field is immutable");
                });
        Service without = svc("a").get();
        without.getSpec().setClusterIP(null);
        without.getSpec().setClusterIPs(null);
        assertThat(update(without).getSpec().getClusterIP()).isEqualTo(ip);
    }

    @Test
    void nodePortsComeFromTheirRangeAndGoBackWhenTheTypeChanges() {
        Service np = create(service("np", "NodePort", null, null));
        int port = np.getSpec().getPorts().getFirst().getNodePort();
        assertThat(port).isBetween(30000, 32767);
        assertThat(refusal(service("taken", "NodePort", null, port))).isEqualTo("Service \"taken\" is invalid:"
                + " spec.ports[0].nodePort: Invalid value: " + port + ": provided port is already allocated");
        assertThat(refusal(service("low", "NodePort", null, 8080))).isEqualTo("Service \"low\" is invalid:"
                + " spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range."
                + " The range of valid ports is 30000-32767");
        Service lb = create(service("lb", "LoadBalancer", null, null));
        assertThat(lb.getSpec().getPorts().getFirst().getNodePort()).isBetween(30000, 32767).isNotEqualTo(port);

        Service back = svc("np").get();
        back.getSpec().setType("ClusterIP");
        Service updated = update(back);
        assertThat(updated.getSpec().getPorts().getFirst().getNodePort()).isNull();
        assertThat(create(service("reuse", "NodePort", null, port)).getSpec().getPorts().getFirst().getNodePort())
                .isEqualTo(port);
    }

    @Test
    void headlessAndExternalNameServicesTakeNoAddress() {
        Service headless = create(service("headless", null, "None", null));
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        Service external = create(new ServiceBuilder().withNewMetadata().withName("ext").endMetadata().withNewSpec()
                .withType("ExternalName").withExternalName("db.example.com").endSpec().build());
        assertThat(external.getSpec().getClusterIP()).isNull();
        assertThat(refusal(new ServiceBuilder().withNewMetadata().withName("bad").endMetadata().withNewSpec()
                .withType("ExternalName").withExternalName("not_a_name").endSpec().build()))
                .startsWith("Service \"bad\" is invalid: spec.externalName: Invalid value: \"not_a_name\"");
        // ClusterIP → ExternalName drops the address and frees it; back again gets a new one.
        Service a = create(service("a", null, "10.96.0.90", null));
        a.getSpec().setType("ExternalName");
        a.getSpec().setExternalName("example.com");
        assertThat(update(a).getSpec().getClusterIP()).isNull();
        assertThat(create(service("b", null, "10.96.0.90", null)).getSpec().getClusterIP()).isEqualTo("10.96.0.90");
    }

    @Test
    void theKubernetesServicePointsAtTheApiServerAndClusterDnsMayTakeItsAddress() {
        Service kubernetes = svc("kubernetes").get();
        assertThat(kubernetes.getSpec().getClusterIP()).isEqualTo("10.96.0.1");
        assertThat(kubernetes.getSpec().getPorts().getFirst().getPort()).isEqualTo(443);
        Endpoints endpoints = client.endpoints().inNamespace("default").withName("kubernetes").get();
        assertThat(endpoints.getSubsets().getFirst().getAddresses().getFirst().getIp()).isEqualTo("127.0.0.1");
        assertThat(endpoints.getSubsets().getFirst().getPorts().getFirst().getPort())
                .isEqualTo(server.controlPlane().port());
        EndpointSlice slice = client.discovery().v1().endpointSlices().inNamespace("default").withName("kubernetes")
                .get();
        assertThat(slice.getEndpoints().getFirst().getAddresses()).containsExactly("127.0.0.1");

        Service dns = client.services().inNamespace("kube-system").resource(new ServiceBuilder().withNewMetadata()
                .withName("kube-dns").endMetadata().withNewSpec().withClusterIP("10.96.0.10").addNewPort()
                .withName("dns").withPort(53).withProtocol("UDP").endPort().endSpec().build()).create();
        assertThat(dns.getSpec().getClusterIP()).isEqualTo("10.96.0.10");
    }
}
