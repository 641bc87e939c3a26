package io.podyard.node.registration;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.podyard.node.sandbox.Ipv4Cidr;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates this node's Node object (status included, which the API server keeps on a Node
 * create) or brings an existing one up to date: labels, podCIDR when it has none, status.
 * The podCIDR is an explicit one from the options, else the node's own, else chosen by
 * {@link PodCidrs} from the cluster CIDR.
 */
public final class NodeRegistration {
    private static final Logger LOG = LoggerFactory.getLogger(NodeRegistration.class);
    public static final int NODE_PREFIX = 24;

    private NodeRegistration() {
    }

    /** Registers the node and returns its podCIDR. */
    public static Ipv4Cidr register(KubernetesClient client, String nodeName, NodeFacts facts, Ipv4Cidr clusterCidr,
                                    Optional<Ipv4Cidr> podCidr, NodeStatus status) {
        for (int attempt = 0; ; attempt++) {
            try {
                Node existing = client.nodes().withName(nodeName).get();
                if (existing == null) {
                    Ipv4Cidr cidr = podCidr.orElseGet(() -> PodCidrs.choose(clusterCidr, NODE_PREFIX,
                            otherCidrs(client, nodeName), Optional.empty()));
                    client.nodes().resource(NodeDocument.node(nodeName, facts, cidr.toString(), status)).create();
                    LOG.info("registered node {} with podCIDR {}", nodeName, cidr);
                    return cidr;
                }
                String own = existing.getSpec() == null ? null : existing.getSpec().getPodCIDR();
                Ipv4Cidr cidr = own != null && !own.isEmpty() ? Ipv4Cidr.parse(own)
                        : podCidr.orElseGet(() -> PodCidrs.choose(clusterCidr, NODE_PREFIX,
                                otherCidrs(client, nodeName), Optional.empty()));
                if (podCidr.isPresent() && !podCidr.get().equals(cidr)) {
                    LOG.warn("node {} keeps its podCIDR {} (asked for {})", nodeName, cidr, podCidr.get());
                }
                client.nodes().withName(nodeName).edit(node -> {
                    Map<String, String> labels = new HashMap<>(node.getMetadata().getLabels() == null ? Map.of()
                            : node.getMetadata().getLabels());
                    labels.putAll(NodeDocument.labels(nodeName, facts));
                    node.getMetadata().setLabels(labels);
                    if (node.getSpec().getPodCIDR() == null || node.getSpec().getPodCIDR().isEmpty()) {
                        node.getSpec().setPodCIDR(cidr.toString());
                        node.getSpec().setPodCIDRs(List.of(cidr.toString()));
                    }
                    return node;
                });
                writeStatus(client, nodeName, status);
                return cidr;
            } catch (KubernetesClientException e) {
                if ((e.getCode() != 409 && e.getCode() != 404) || attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    /** Replaces the node's status (a merge patch of the whole status: lists are replaced). */
    public static void writeStatus(KubernetesClient client, String nodeName, NodeStatus status) {
        String patch = "{\"status\":" + client.getKubernetesSerialization().asJson(status) + "}";
        client.nodes().withName(nodeName).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }

    private static List<String> otherCidrs(KubernetesClient client, String nodeName) {
        return client.nodes().list().getItems().stream()
                .filter(n -> !nodeName.equals(n.getMetadata().getName()))
                .filter(n -> n.getSpec() != null && n.getSpec().getPodCIDR() != null)
                .map(n -> n.getSpec().getPodCIDR()).toList();
    }
}
