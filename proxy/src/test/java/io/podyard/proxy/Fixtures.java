package io.podyard.proxy;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;
import java.util.Map;

/** Services and EndpointSlices for tests, written the way the API would hold them. */
public final class Fixtures {
    private Fixtures() {
    }

    public static ServicePort tcp(String name, int port) {
        return new ServicePortBuilder().withName(name).withProtocol("TCP").withPort(port).build();
    }

    public static ServicePort udp(String name, int port) {
        return new ServicePortBuilder().withName(name).withProtocol("UDP").withPort(port).build();
    }

    public static ServicePort nodePort(String name, int port, int nodePort) {
        return new ServicePortBuilder().withName(name).withProtocol("TCP").withPort(port).withNodePort(nodePort).build();
    }

    public static ServiceBuilder service(String namespace, String name, String clusterIp, ServicePort... ports) {
        return new ServiceBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withType("ClusterIP").withClusterIP(clusterIp).withClusterIPs(clusterIp)
                .withPorts(ports).endSpec();
    }

    public static Endpoint ready(String ip, String node) {
        return new EndpointBuilder().withAddresses(ip).withNodeName(node).withNewConditions().withReady(true)
                .withServing(true).withTerminating(false).endConditions().build();
    }

    public static Endpoint notReady(String ip, String node) {
        return new EndpointBuilder().withAddresses(ip).withNodeName(node).withNewConditions().withReady(false)
                .withServing(false).withTerminating(false).endConditions().build();
    }

    public static Endpoint terminatingServing(String ip, String node) {
        return new EndpointBuilder().withAddresses(ip).withNodeName(node).withNewConditions().withReady(false)
                .withServing(true).withTerminating(true).endConditions().build();
    }

    public static Endpoint withHostname(Endpoint endpoint, String hostname) {
        return new EndpointBuilder(endpoint).withHostname(hostname).build();
    }

    /** A slice of {@code service} whose port {@code portName} (TCP) is {@code targetPort}. */
    public static EndpointSlice slice(String namespace, String service, String portName, int targetPort,
            Endpoint... endpoints) {
        return new EndpointSliceBuilder().withNewMetadata().withNamespace(namespace).withName(service + "-abcde")
                .withLabels(Map.of(ServiceSnapshot.SERVICE_NAME_LABEL, service)).endMetadata()
                .withAddressType("IPv4")
                .withPorts(new EndpointPortBuilder().withName(portName).withProtocol("TCP").withPort(targetPort).build())
                .withEndpoints(endpoints).build();
    }

    public static ServiceSnapshot snapshot(List<Service> services, List<EndpointSlice> slices) {
        return ServiceSnapshot.of(services, slices);
    }
}
