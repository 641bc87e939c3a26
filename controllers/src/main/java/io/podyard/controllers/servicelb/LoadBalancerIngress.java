package io.podyard.controllers.servicelb;

import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.LoadBalancerStatusBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A Service's status.loadBalancer the way k3s' ServiceLB gives it (pure): a LoadBalancer Service
 * is reached on its node ports at every node, so its ingress lists the nodes' addresses
 * (ExternalIP, else InternalIP) of the Ready nodes — of all nodes while none is Ready — sorted;
 * any other type has an empty status.
 */
public final class LoadBalancerIngress {
    private LoadBalancerIngress() {}

    public static LoadBalancerStatus of(Service service, List<Node> nodes) {
        if (!"LoadBalancer".equals(service.getSpec().getType())) {
            return new LoadBalancerStatus();
        }
        List<Node> ready = nodes.stream().filter(LoadBalancerIngress::isReady).toList();
        TreeSet<String> addresses = new TreeSet<>();
        for (Node node : ready.isEmpty() ? nodes : ready) {
            address(node, "ExternalIP").or(() -> address(node, "InternalIP")).ifPresent(addresses::add);
        }
        return new LoadBalancerStatusBuilder().withIngress(addresses.stream()
                .map(ip -> new LoadBalancerIngressBuilder().withIp(ip).withIpMode("VIP").build()).toList()).build();
    }

    /** Whether the two statuses say the same (an absent list and an empty one alike). */
    public static boolean same(LoadBalancerStatus a, LoadBalancerStatus b) {
        return Objects.equals(ingress(a), ingress(b));
    }

    private static List<?> ingress(LoadBalancerStatus s) {
        return s == null || s.getIngress() == null ? List.of() : s.getIngress();
    }

    private static boolean isReady(Node node) {
        List<NodeCondition> conditions = node.getStatus() == null ? null : node.getStatus().getConditions();
        return conditions != null && conditions.stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static java.util.Optional<String> address(Node node, String type) {
        List<NodeAddress> addresses = node.getStatus() == null ? null : node.getStatus().getAddresses();
        return addresses == null ? java.util.Optional.empty()
                : addresses.stream().filter(a -> type.equals(a.getType())).map(NodeAddress::getAddress).findFirst();
    }
}
