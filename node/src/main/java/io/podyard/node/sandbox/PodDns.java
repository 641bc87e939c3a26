package io.podyard.node.sandbox;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** A pod's resolv.conf from its dnsPolicy and dnsConfig, the way kubelet's dns.Configurer builds it. */
public final class PodDns {
    /** Kubelet's limits (validation.MaxDNSNameservers, MaxDNSSearchPaths). */
    static final int MAX_NAMESERVERS = 3;
    static final int MAX_SEARCHES = 32;

    private PodDns() {
    }

    public static ResolvConf forPod(Pod pod, DnsSettings settings) {
        PodSpec spec = pod.getSpec();
        String namespace = pod.getMetadata().getNamespace() == null ? "default" : pod.getMetadata().getNamespace();
        ResolvConf base = switch (policy(spec)) {
            case "None" -> ResolvConf.EMPTY;
            case "Default" -> settings.host();
            default -> clusterFirst(namespace, settings);
        };
        PodDNSConfig custom = spec.getDnsConfig();
        if (custom != null) {
            base = append(base, custom);
        }
        return fitLimits(base);
    }

    /** ClusterFirst on the host network means the host's DNS, as in kubelet. */
    private static String policy(PodSpec spec) {
        String policy = spec.getDnsPolicy() == null || spec.getDnsPolicy().isEmpty() ? "ClusterFirst"
                : spec.getDnsPolicy();
        if (policy.equals("ClusterFirst") && Boolean.TRUE.equals(spec.getHostNetwork())) {
            return "Default";
        }
        return policy;
    }

    /** Only the cluster DNS servers: they forward what they cannot answer. Without any, the host's. */
    private static ResolvConf clusterFirst(String namespace, DnsSettings settings) {
        if (settings.clusterDns().isEmpty()) {
            return settings.host();
        }
        List<String> searches = new ArrayList<>();
        String domain = settings.clusterDomain();
        if (!domain.isEmpty()) {
            searches.add(namespace + ".svc." + domain);
            searches.add("svc." + domain);
            searches.add(domain);
        }
        searches.addAll(settings.host().searches());
        return new ResolvConf(settings.clusterDns(), distinct(searches), List.of("ndots:5"));
    }

    private static ResolvConf append(ResolvConf base, PodDNSConfig custom) {
        List<String> nameservers = new ArrayList<>(base.nameservers());
        nameservers.addAll(nullToEmpty(custom.getNameservers()));
        List<String> searches = new ArrayList<>(base.searches());
        searches.addAll(nullToEmpty(custom.getSearches()));
        return new ResolvConf(distinct(nameservers), distinct(searches), mergeOptions(base.options(),
                nullToEmpty(custom.getOptions())));
    }

    /** Options by name; the pod's value replaces the base's, first position kept. */
    static List<String> mergeOptions(List<String> base, List<PodDNSConfigOption> overrides) {
        Map<String, String> byName = new LinkedHashMap<>();
        for (String option : base) {
            int colon = option.indexOf(':');
            byName.put(colon < 0 ? option : option.substring(0, colon), colon < 0 ? "" : option.substring(colon + 1));
        }
        for (PodDNSConfigOption option : overrides) {
            if (option.getName() != null && !option.getName().isEmpty()) {
                byName.put(option.getName(), option.getValue() == null ? "" : option.getValue());
            }
        }
        List<String> merged = new ArrayList<>();
        byName.forEach((name, value) -> merged.add(value.isEmpty() ? name : name + ":" + value));
        return merged;
    }

    private static ResolvConf fitLimits(ResolvConf conf) {
        return new ResolvConf(head(conf.nameservers(), MAX_NAMESERVERS), head(conf.searches(), MAX_SEARCHES),
                conf.options());
    }

    private static List<String> head(List<String> list, int max) {
        return list.size() <= max ? list : list.subList(0, max);
    }

    private static List<String> distinct(List<String> list) {
        return List.copyOf(new LinkedHashSet<>(list));
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
