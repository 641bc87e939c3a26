package io.podyard.apiserver.services;

import io.fabric8.kubernetes.api.model.StatusCause;
import io.podyard.api.resource.ResourceType;
import io.podyard.apiserver.rest.ApiException;
import io.podyard.apiserver.rest.Json;
import io.podyard.apiserver.services.AllocationTable.Claim;
import io.podyard.apiserver.services.AllocationTable.Owner;
import io.podyard.store.KeyValueStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.random.RandomGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cluster IPs and node ports for Services, as Kubernetes' Service registry allocates them: on
 * create and update (before the write; a failed write gives back what it took), released when the
 * Service goes. Each address and port is a compare-and-swap record ({@link AllocationTable}), so
 * nothing is handed out twice; what a crash between the two writes leaves behind is put right by
 * {@link AllocationRepair}.
 */
public final class ServiceAllocator {
    private final ServiceNetwork network;
    private final AllocationTable ips;
    private final AllocationTable ports;
    private final RandomGenerator random = new SecureRandom();

    public ServiceAllocator(KeyValueStore kv, ServiceNetwork network) {
        this.network = network;
        this.ips = new AllocationTable(kv, "serviceips");
        this.ports = new AllocationTable(kv, "nodeports");
    }

    public ServiceNetwork network() {
        return network;
    }

    /** What one request took, to give back if its write fails or to settle once it succeeded. */
    public static final class Attempt {
        private final List<String> claimedIps = new ArrayList<>();
        private final List<Integer> claimedPorts = new ArrayList<>();
        private ServiceHolds before = new ServiceHolds(Set.of(), Set.of());
        private String uid = "";
    }

    public Attempt newAttempt() {
        return new Attempt();
    }

    /**
     * Before an update is validated: drops what a type change leaves behind, carries over what
     * the client left out, refuses a changed cluster IP (422).
     */
    public void prepareUpdate(ResourceType type, JsonNode old, ObjectNode updated) {
        List<StatusCause> causes = ServiceUpdates.prepare(old, updated);
        if (!causes.isEmpty()) {
            throw ApiException.invalid(type, Json.text(old.path("metadata"), "name"), causes);
        }
    }

    /**
     * Fills in and claims the cluster IP and node ports of a validated Service ({@code old} is the
     * stored one on update, else null). With {@code dryRun} nothing is claimed.
     */
    public void allocate(ResourceType type, JsonNode old, ObjectNode service, Attempt attempt, boolean dryRun) {
        ObjectNode meta = Json.child(service, "metadata");
        Owner owner = new Owner(Json.text(meta, "namespace"), Json.text(meta, "name"), Json.text(meta, "uid"));
        attempt.uid = owner.uid();
        attempt.before = old == null ? new ServiceHolds(Set.of(), Set.of()) : ServiceHolds.of(old);
        ObjectNode spec = Json.child(service, "spec");
        String serviceType = spec.path("type").asString("ClusterIP");
        List<StatusCause> causes = new ArrayList<>();
        if (ServiceHolds.needsClusterIp(serviceType)) {
            clusterIp(spec, owner, attempt, dryRun, causes);
        }
        if (causes.isEmpty() && ServiceHolds.needsNodePorts(serviceType)) {
            nodePorts(spec, owner, attempt, dryRun, causes);
        }
        if (!causes.isEmpty()) {
            undo(attempt);
            throw ApiException.invalid(type, owner.name(), causes);
        }
    }

    private void clusterIp(ObjectNode spec, Owner owner, Attempt attempt, boolean dryRun, List<StatusCause> causes) {
        String ip = spec.path("clusterIP").asString("");
        if (ip.isEmpty()) {
            Optional<String> picked = pickIp(owner, attempt, dryRun);
            if (picked.isEmpty()) {
                causes.add(ApiException.invalidField("spec.clusterIPs", new ServiceUpdates.GoStrings(List.of()),
                        "failed to allocate IP: range is full"));
                return;
            }
            ip = picked.get();
        } else if (!ip.equals("None")) {
            String problem = claimIp(ip, owner, attempt, dryRun);
            if (problem != null) {
                causes.add(ApiException.invalidField("spec.clusterIPs", new ServiceUpdates.GoStrings(List.of(ip)),
                        "failed to allocate IP " + ip + ": " + problem));
                return;
            }
        }
        spec.put("clusterIP", ip);
        spec.putArray("clusterIPs").add(ip);
        if (!spec.has("ipFamilies")) {
            spec.putArray("ipFamilies").add("IPv4");
        }
        if (!spec.has("ipFamilyPolicy")) {
            spec.put("ipFamilyPolicy", "SingleStack");
        }
    }

    /** Null when {@code ip} is now the owner's, else why not. */
    private String claimIp(String ip, Owner owner, Attempt attempt, boolean dryRun) {
        if (network.serviceCidr().indexOf(ip).isEmpty()) {
            return "the provided IP (" + ip + ") is not in the valid range. The range of valid IPs is "
                    + network.serviceCidr();
        }
        Claim claim = dryRun ? dryClaim(ips, ip, owner) : ips.claim(ip, owner);
        if (claim == Claim.TAKEN) {
            return "provided IP is already allocated";
        }
        if (claim == Claim.CLAIMED && !dryRun) {
            attempt.claimedIps.add(ip);
        }
        return null;
    }

    private Optional<String> pickIp(Owner owner, Attempt attempt, boolean dryRun) {
        ServiceCidr cidr = network.serviceCidr();
        Set<String> reserved = Set.of(network.kubernetesIp(), network.dnsIp());
        for (int pass = 0; pass < 2; pass++) {
            var order = Candidates.order(cidr.size(), Candidates.ipStaticBand(cidr.size()), random).iterator();
            while (order.hasNext()) {
                String ip = cidr.address(order.nextInt());
                if (reserved.contains(ip) || ips.probablyTaken(ip)) {
                    continue;
                }
                if (dryRun) {
                    return Optional.of(ip);
                }
                if (ips.claim(ip, owner) == Claim.CLAIMED) {
                    attempt.claimedIps.add(ip);
                    return Optional.of(ip);
                }
            }
            ips.all(); // the hint may be stale: another server may have released some
        }
        return Optional.empty();
    }

    private void nodePorts(ObjectNode spec, Owner owner, Attempt attempt, boolean dryRun, List<StatusCause> causes) {
        boolean allocateNew = !"LoadBalancer".equals(spec.path("type").asString())
                || spec.path("allocateLoadBalancerNodePorts").asBoolean(true);
        Map<String, Integer> byPortAndProtocol = new HashMap<>();
        Map<Integer, Integer> byPortNumber = new HashMap<>();
        JsonNode list = spec.path("ports");
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof ObjectNode port)) {
                continue;
            }
            String field = "spec.ports[" + i + "].nodePort";
            int nodePort = port.path("nodePort").asInt(0);
            String protocol = port.path("protocol").asString("TCP");
            if (nodePort > 0) {
                if (byPortAndProtocol.putIfAbsent(nodePort + "/" + protocol, i) != null) {
                    causes.add(new io.fabric8.kubernetes.api.model.StatusCauseBuilder()
                            .withReason("FieldValueDuplicate").withField(field)
                            .withMessage("Duplicate value: \"" + nodePort + "/" + protocol + "\"").build());
                    continue;
                }
                String problem = claimPort(nodePort, owner, attempt, dryRun);
                if (problem != null) {
                    causes.add(ApiException.invalidField(field, nodePort, problem));
                }
            } else if (allocateNew) {
                // Ports of one number over different protocols share one node port, as in Kubernetes.
                OptionalInt picked = byPortNumber.containsKey(port.path("port").asInt())
                        ? OptionalInt.of(byPortNumber.get(port.path("port").asInt())) : pickPort(owner, attempt, dryRun);
                if (picked.isEmpty()) {
                    causes.add(ApiException.invalidField(field, 0, "failed to allocate a nodePort: range is full"));
                    continue;
                }
                port.put("nodePort", picked.getAsInt());
                byPortAndProtocol.put(picked.getAsInt() + "/" + protocol, i);
            }
            if (port.path("nodePort").asInt(0) > 0) {
                byPortNumber.putIfAbsent(port.path("port").asInt(), port.path("nodePort").asInt());
            }
        }
    }

    private String claimPort(int nodePort, Owner owner, Attempt attempt, boolean dryRun) {
        if (!network.nodePorts().contains(nodePort)) {
            return "provided port is not in the valid range. The range of valid ports is " + network.nodePorts();
        }
        String item = String.valueOf(nodePort);
        Claim claim = dryRun ? dryClaim(ports, item, owner) : ports.claim(item, owner);
        if (claim == Claim.TAKEN) {
            return "provided port is already allocated";
        }
        if (claim == Claim.CLAIMED && !dryRun) {
            attempt.claimedPorts.add(nodePort);
        }
        return null;
    }

    private OptionalInt pickPort(Owner owner, Attempt attempt, boolean dryRun) {
        PortRange range = network.nodePorts();
        for (int pass = 0; pass < 2; pass++) {
            var order = Candidates.order(range.size(), Candidates.portStaticBand(range.size()), random).iterator();
            while (order.hasNext()) {
                int port = range.first() + order.nextInt();
                String item = String.valueOf(port);
                if (ports.probablyTaken(item)) {
                    continue;
                }
                if (dryRun) {
                    return OptionalInt.of(port);
                }
                if (ports.claim(item, owner) == Claim.CLAIMED) {
                    attempt.claimedPorts.add(port);
                    return OptionalInt.of(port);
                }
            }
            ports.all();
        }
        return OptionalInt.empty();
    }

    private static Claim dryClaim(AllocationTable table, String item, Owner owner) {
        return table.all().entrySet().stream().filter(e -> e.getKey().equals(item)).findFirst()
                .map(e -> e.getValue().uid().equals(owner.uid()) ? Claim.ALREADY_OURS : Claim.TAKEN)
                .orElse(Claim.CLAIMED);
    }

    /** The write failed: gives back everything the attempt took. */
    public void undo(Attempt attempt) {
        attempt.claimedIps.forEach(ip -> ips.release(ip, attempt.uid));
        attempt.claimedPorts.forEach(port -> ports.release(String.valueOf(port), attempt.uid));
        attempt.claimedIps.clear();
        attempt.claimedPorts.clear();
    }

    /** The write succeeded as {@code stored}: gives back what the Service held before or took and no longer holds. */
    public void settle(Attempt attempt, JsonNode stored) {
        ServiceHolds now = ServiceHolds.of(stored);
        List<String> oldIps = new ArrayList<>(attempt.before.ips());
        oldIps.addAll(attempt.claimedIps);
        List<Integer> oldPorts = new ArrayList<>(attempt.before.nodePorts());
        oldPorts.addAll(attempt.claimedPorts);
        oldIps.stream().filter(ip -> !now.ips().contains(ip)).forEach(ip -> ips.release(ip, attempt.uid));
        oldPorts.stream().filter(p -> !now.nodePorts().contains(p))
                .forEach(p -> ports.release(String.valueOf(p), attempt.uid));
    }

    /** The Service is gone: its cluster IP and node ports are free again. */
    public void release(JsonNode service) {
        String uid = Json.text(service.path("metadata"), "uid");
        ServiceHolds holds = ServiceHolds.of(service);
        holds.ips().forEach(ip -> ips.release(ip, uid));
        holds.nodePorts().forEach(p -> ports.release(String.valueOf(p), uid));
    }

    AllocationTable ips() {
        return ips;
    }

    AllocationTable ports() {
        return ports;
    }
}
