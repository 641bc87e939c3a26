package io.podyard.proxy.nftables;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.podyard.proxy.Backend;
import io.podyard.proxy.ServiceSnapshot;
import io.podyard.proxy.nftables.Ruleset.Chain;
import io.podyard.proxy.nftables.Ruleset.NftSet;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The ruleset for a set of Services, shaped like kube-proxy's nftables mode: base chains hooked at
 * nat prerouting/output (DNAT) and postrouting (masquerade), a verdict map from ClusterIP . protocol .
 * port to a per-Service chain, one from protocol . NodePort to a per-Service external chain, a chain
 * endpoints picked by {@code numgen random} (one DNAT rule with a map; with ClientIP affinity a chain
 * per endpoint and sets with timeouts instead), a set of endpoint-to-itself pairs for hairpin
 * masquerade, and filter chains that reject traffic to Services without endpoints before it is
 * routed. Pure: no I/O.
 */
public final class NftRules {
    static final String MARK = "0x4000";
    static final String MARK_FOR_MASQUERADE = "mark-for-masquerade";
    static final String REJECT_CHAIN = "reject-chain";
    static final String SERVICE_IPS = "service-ips";
    static final String SERVICE_NODEPORTS = "service-nodeports";
    static final String NO_ENDPOINT_SERVICES = "no-endpoint-services";
    static final String NO_ENDPOINT_NODEPORTS = "no-endpoint-nodeports";
    static final String CLUSTER_IPS = "cluster-ips";
    static final String HAIRPIN = "hairpin";
    private static final String IP_PORT_VERDICT = "type ipv4_addr . inet_proto . inet_service : verdict;";
    private static final String PORT_VERDICT = "type inet_proto . inet_service : verdict;";
    private static final String NODE_LOCAL = "fib daddr type local ip daddr != 127.0.0.0/8";

    private final NftConfig config;
    private final Map<String, Chain> chains = new LinkedHashMap<>();
    private final Map<String, NftSet> sets = new LinkedHashMap<>();
    private final Map<String, List<String>> elements = new LinkedHashMap<>();

    private NftRules(NftConfig config) {
        this.config = config;
    }

    /** The ruleset that routes every ClusterIP Service port of {@code snapshot}. */
    public static Ruleset build(ServiceSnapshot snapshot, NftConfig config) {
        List<Fragment> fragments = new ArrayList<>();
        fragments.add(base(config));
        for (Service service : snapshot.services()) {
            fragments.add(service(service, snapshot.slices(service), config));
        }
        return assemble(config, fragments);
    }

    /**
     * The chains, sets and set elements one part of the ruleset contributes: the base chains, or one
     * Service (see {@link IncrementalRules}, which keeps a Service's fragment while it does not change).
     */
    record Fragment(Map<String, Chain> chains, Map<String, NftSet> sets, Map<String, List<String>> elements) {
    }

    static Fragment base(NftConfig config) {
        NftRules rules = new NftRules(config);
        rules.base();
        return rules.fragment();
    }

    static Fragment service(Service service, List<EndpointSlice> slices, NftConfig config) {
        NftRules rules = new NftRules(config);
        if (routed(service)) {
            for (ServicePort port : service.getSpec().getPorts()) {
                String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
                List<Backend> backends = Backend.usable(Backend.forPort(slices, port.getName(), protocol));
                rules.servicePort(ServicePortRules.of(service, port, backends));
            }
        }
        return rules.fragment();
    }

    static Ruleset assemble(NftConfig config, List<Fragment> fragments) {
        Map<String, Chain> chains = new LinkedHashMap<>();
        Map<String, NftSet> sets = new LinkedHashMap<>();
        Map<String, TreeSet<String>> elements = new HashMap<>();
        for (Fragment fragment : fragments) {
            chains.putAll(fragment.chains());
            fragment.sets().forEach(sets::putIfAbsent);
            fragment.elements().forEach((set, added) ->
                    elements.computeIfAbsent(set, k -> new TreeSet<>()).addAll(added));
        }
        Map<String, NftSet> filled = new LinkedHashMap<>();
        sets.forEach((name, set) -> filled.put(name, new NftSet(name, set.kind(), set.spec(), set.dynamic(),
                elements.getOrDefault(name, new TreeSet<>()))));
        return new Ruleset(config.table(), chains, filled);
    }

    /** Services with a ClusterIP (not headless, not ExternalName) and ports. */
    static boolean routed(Service service) {
        var spec = service.getSpec();
        if (spec == null || spec.getPorts() == null || "ExternalName".equals(spec.getType())) {
            return false;
        }
        String ip = spec.getClusterIP();
        return ip != null && !ip.isEmpty() && !ip.equals("None") && ip.indexOf(':') < 0;
    }

    private void base() {
        chain("nat-prerouting", "type nat hook prerouting priority -100; policy accept;", List.of("jump services"));
        chain("nat-output", "type nat hook output priority -100; policy accept;", List.of("jump services"));
        chain("nat-postrouting", "type nat hook postrouting priority 100; policy accept;", List.of("jump masquerading"));
        // Before DNAT (and before routing, where the Service CIDR's local route would deliver it to the
        // node itself, which may listen on the port).
        List<String> checks = List.of("ct state new jump service-endpoints-check",
                "ct state new jump nodeport-endpoints-check");
        chain("filter-prerouting", "type filter hook prerouting priority -110; policy accept;", checks);
        chain("filter-output", "type filter hook output priority -110; policy accept;", checks);
        chain("service-endpoints-check", "", List.of("ip daddr . meta l4proto . th dport vmap @" + NO_ENDPOINT_SERVICES));
        chain("nodeport-endpoints-check", "", List.of(NODE_LOCAL + " meta l4proto . th dport vmap @" + NO_ENDPOINT_NODEPORTS));
        chain(REJECT_CHAIN, "", List.of("meta l4proto tcp reject with tcp reset", "reject"));
        chain(MARK_FOR_MASQUERADE, "", List.of("meta mark set meta mark | " + MARK));
        // Hairpin: a pod whose connection to a Service came back to itself (source = DNATed destination).
        chain("masquerading", "", List.of("ct status dnat ip saddr . ip daddr @" + HAIRPIN + " masquerade fully-random",
                "meta mark & " + MARK + " == 0 return",
                "meta mark set meta mark ^ " + MARK, "masquerade fully-random"));
        List<String> services = new ArrayList<>();
        config.clusterCidr().ifPresent(cidr ->
                services.add("ip daddr @" + CLUSTER_IPS + " ip saddr != " + cidr + " jump " + MARK_FOR_MASQUERADE));
        services.add("ip daddr . meta l4proto . th dport vmap @" + SERVICE_IPS);
        services.add(NODE_LOCAL + " meta l4proto . th dport vmap @" + SERVICE_NODEPORTS);
        chain("services", "", services);
        set(CLUSTER_IPS, "set", "type ipv4_addr;", false);
        set(SERVICE_IPS, "map", IP_PORT_VERDICT, false);
        set(SERVICE_NODEPORTS, "map", PORT_VERDICT, false);
        set(NO_ENDPOINT_SERVICES, "map", IP_PORT_VERDICT, false);
        set(NO_ENDPOINT_NODEPORTS, "map", PORT_VERDICT, false);
        set(HAIRPIN, "set", "type ipv4_addr . ipv4_addr;", false);
    }

    private void servicePort(ServicePortRules port) {
        String serviceKey = port.clusterIp() + " . " + port.protocol() + " . " + port.port();
        String nodePortKey = port.protocol() + " . " + port.nodePort();
        element(CLUSTER_IPS, port.clusterIp());
        List<String> externalKeys = port.externalIps().stream()
                .map(ip -> ip + " . " + port.protocol() + " . " + port.port()).toList();
        if (port.endpoints().isEmpty()) {
            element(NO_ENDPOINT_SERVICES, serviceKey + " : goto " + REJECT_CHAIN);
            externalKeys.forEach(key -> element(NO_ENDPOINT_SERVICES, key + " : goto " + REJECT_CHAIN));
            if (port.nodePort() != 0) {
                element(NO_ENDPOINT_NODEPORTS, nodePortKey + " : goto " + REJECT_CHAIN);
            }
            return;
        }
        String hash = hash(port.key());
        String clusterChain = balance("svc-" + hash + "-" + port.key(), port, port.endpoints());
        String localChain = null;
        boolean external = port.nodePort() != 0 || !externalKeys.isEmpty();
        if (port.internalLocal() || (port.externalLocal() && external)) {
            List<Backend> local = port.localEndpoints(config.nodeName());
            // No local endpoint: the traffic is dropped, as kube-proxy does, not sent to another node.
            localChain = local.isEmpty() ? chain("lcl-" + hash + "-" + port.key(), "", List.of("drop"))
                    : balance("lcl-" + hash + "-" + port.key(), port, local);
        }
        element(SERVICE_IPS, serviceKey + " : goto " + (port.internalLocal() ? localChain : clusterChain));
        if (external) {
            List<String> rules = new ArrayList<>();
            if (port.externalLocal()) {
                // Pods and the node itself keep using every endpoint; outside clients keep their address.
                config.clusterCidr().ifPresent(cidr -> rules.add("ip saddr " + cidr + " goto " + clusterChain));
                rules.add("fib saddr type local jump " + MARK_FOR_MASQUERADE);
                rules.add("fib saddr type local goto " + clusterChain);
                rules.add("goto " + localChain);
            } else {
                rules.add("jump " + MARK_FOR_MASQUERADE);
                rules.add("goto " + clusterChain);
            }
            String externalChain = chain("ext-" + hash + "-" + port.key(), "", rules);
            if (port.nodePort() != 0) {
                element(SERVICE_NODEPORTS, nodePortKey + " : goto " + externalChain);
            }
            // Load-balancer ingress and external IPs at the Service port, as kube-proxy routes them.
            externalKeys.forEach(key -> element(SERVICE_IPS, key + " : goto " + externalChain));
        }
    }

    /** A chain that picks one of {@code endpoints} at random (a remembered one first, with affinity). */
    private String balance(String name, ServicePortRules port, List<Backend> endpoints) {
        List<String> rules = new ArrayList<>();
        for (Backend endpoint : endpoints) {
            element(HAIRPIN, endpoint.ip() + " . " + endpoint.ip());
        }
        if (port.affinitySeconds() == 0) {
            // One rule, no chain per endpoint: fewer chains keep every nft run (which loads them all) short.
            String dnat = "meta l4proto " + port.protocol() + " dnat ip to ";
            if (endpoints.size() == 1) {
                rules.add(dnat + endpoints.getFirst().ip() + ":" + endpoints.getFirst().port());
            } else {
                List<String> arms = new ArrayList<>();
                for (int i = 0; i < endpoints.size(); i++) {
                    arms.add(i + " : " + endpoints.get(i).ip() + " . " + endpoints.get(i).port());
                }
                rules.add(dnat + "numgen random mod " + endpoints.size() + " map { " + String.join(", ", arms) + " }");
            }
            return chain(name, "", rules);
        }
        List<String> targets = new ArrayList<>();
        for (Backend endpoint : endpoints) {
            String endpointChain = endpointChain(port, endpoint);
            if (port.affinitySeconds() > 0) {
                rules.add("ip saddr @" + affinitySet(endpointChain, port) + " goto " + endpointChain);
            }
            targets.add(endpointChain);
        }
        if (targets.size() == 1) {
            rules.add("goto " + targets.getFirst());
        } else {
            List<String> arms = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                arms.add(i + " : goto " + targets.get(i));
            }
            rules.add("numgen random mod " + targets.size() + " vmap { " + String.join(", ", arms) + " }");
        }
        return chain(name, "", rules);
    }

    private String endpointChain(ServicePortRules port, Backend endpoint) {
        String target = endpoint.ip() + "/" + endpoint.port();
        String name = "ep-" + hash(port.key() + "__" + target) + "-" + port.key() + "__" + target;
        if (chains.containsKey(name)) {
            return name;
        }
        List<String> rules = new ArrayList<>();
        if (port.affinitySeconds() > 0) {
            rules.add("update @" + affinitySet(name, port) + " { ip saddr }");
        }
        rules.add("meta l4proto " + port.protocol() + " dnat to " + endpoint.ip() + ":" + endpoint.port());
        return chain(name, "", rules);
    }

    /** The timeout is in the name: a changed timeout is a new set, never an in-place redefinition. */
    private String affinitySet(String endpointChain, ServicePortRules port) {
        String name = "aff-" + hash(endpointChain) + "-" + port.affinitySeconds();
        set(name, "set", "type ipv4_addr; flags dynamic,timeout; timeout " + port.affinitySeconds() + "s;", true);
        return name;
    }

    private String chain(String name, String base, List<String> rules) {
        String safe = name.length() > 200 ? name.substring(0, 200) : name;
        chains.put(safe, new Chain(safe, base, rules));
        return safe;
    }

    private void set(String name, String kind, String spec, boolean dynamic) {
        sets.putIfAbsent(name, new NftSet(name, kind, spec, dynamic, new TreeSet<>()));
    }

    private void element(String set, String element) {
        elements.computeIfAbsent(set, k -> new ArrayList<>()).add(element);
    }

    private Fragment fragment() {
        Map<String, List<String>> frozen = new HashMap<>();
        elements.forEach((set, list) -> frozen.put(set, List.copyOf(list)));
        return new Fragment(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(chains)),
                java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sets)), frozen);
    }

    /** Eight base-32 characters of SHA-256, as kube-proxy prefixes its chain names. */
    static String hash(String key) {
        byte[] digest = SHA256.get().digest(key.getBytes(StandardCharsets.UTF_8));
        String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        StringBuilder out = new StringBuilder();
        long bits = 0;
        for (int i = 0; i < 5; i++) {
            bits = (bits << 8) | (digest[i] & 0xff);
        }
        for (int i = 7; i >= 0; i--) {
            out.append(alphabet.charAt((int) ((bits >> (i * 5)) & 31)));
        }
        return out.toString();
    }

    /** Looking the algorithm up costs more than hashing a short key; one digest per thread. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });
}
