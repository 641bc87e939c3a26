package io.podyard.proxy;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;

/**
 * The {@code kube-dns} Service in kube-system that pods' resolv.conf points at: ClusterIP
 * {@code clusterDnsIp}, ports 53/UDP "dns" and 53/TCP "dns-tcp", no selector, and one EndpointSlice
 * (managed by Podyard's proxy, so the EndpointSlice controller leaves it alone) whose endpoint is the
 * DNS listener every node runs on the same link-local address.
 */
final class KubeDnsService {
    static final String NAMESPACE = "kube-system";
    static final String NAME = "kube-dns";
    static final String SLICE = "kube-dns-podyard";

    private KubeDnsService() {
    }

    static void ensure(KubernetesClient client, String clusterDnsIp, String listenIp, int port) {
        Service service = new ServiceBuilder().withNewMetadata().withNamespace(NAMESPACE).withName(NAME)
                .withLabels(Map.of("k8s-app", "kube-dns", "kubernetes.io/name", "CoreDNS")).endMetadata()
                .withNewSpec().withType("ClusterIP").withClusterIP(clusterDnsIp).withClusterIPs(clusterDnsIp)
                .withPorts(new ServicePortBuilder().withName("dns").withProtocol("UDP").withPort(53)
                                .withNewTargetPort(port).build(),
                        new ServicePortBuilder().withName("dns-tcp").withProtocol("TCP").withPort(53)
                                .withNewTargetPort(port).build())
                .endSpec().build();
        if (client.services().inNamespace(NAMESPACE).withName(NAME).get() == null) {
            createIgnoringConflict(() -> client.resource(service).create());
        }
        EndpointSlice slice = new EndpointSliceBuilder().withNewMetadata().withNamespace(NAMESPACE).withName(SLICE)
                .withLabels(Map.of(ServiceSnapshot.SERVICE_NAME_LABEL, NAME,
                        "endpointslice.kubernetes.io/managed-by", "podyard-proxy"))
                .endMetadata().withAddressType("IPv4")
                .withPorts(new EndpointPortBuilder().withName("dns").withProtocol("UDP").withPort(port).build(),
                        new EndpointPortBuilder().withName("dns-tcp").withProtocol("TCP").withPort(port).build())
                .addNewEndpoint().withAddresses(listenIp).withNewConditions().withReady(true).withServing(true)
                .withTerminating(false).endConditions().endEndpoint().build();
        EndpointSlice existing = client.discovery().v1().endpointSlices().inNamespace(NAMESPACE).withName(SLICE).get();
        if (existing == null) {
            createIgnoringConflict(() -> client.resource(slice).create());
        } else if (!existing.getEndpoints().equals(slice.getEndpoints()) || !existing.getPorts().equals(slice.getPorts())) {
            existing.setEndpoints(slice.getEndpoints());
            existing.setPorts(slice.getPorts());
            client.resource(existing).update();
        }
    }

    private static void createIgnoringConflict(Runnable create) {
        try {
            create.run();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }
}
