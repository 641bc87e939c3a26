package io.podyard.node.sandbox;

import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/** A pod's host name, domain and /etc/hosts, as kubelet derives and writes them. */
public final class PodHosts {
    private static final int MAX_HOSTNAME = 63;

    private PodHosts() {
    }

    /** spec.hostname, else the pod's name; cut to 63 characters without a trailing '-' or '.'. */
    public static String hostname(Pod pod) {
        String hostname = pod.getSpec().getHostname();
        if (hostname == null || hostname.isEmpty()) {
            hostname = pod.getMetadata().getName();
        }
        if (hostname.length() > MAX_HOSTNAME) {
            hostname = hostname.substring(0, MAX_HOSTNAME);
            while (hostname.endsWith("-") || hostname.endsWith(".")) {
                hostname = hostname.substring(0, hostname.length() - 1);
            }
        }
        return hostname;
    }

    /** "subdomain.namespace.svc.clusterDomain" when spec.subdomain is set, else empty. */
    public static String domain(Pod pod, String clusterDomain) {
        String subdomain = pod.getSpec().getSubdomain();
        if (subdomain == null || subdomain.isEmpty() || clusterDomain.isEmpty()) {
            return "";
        }
        return subdomain + "." + pod.getMetadata().getNamespace() + ".svc." + clusterDomain;
    }

    /** The managed hosts file: loopback and IPv6 names, the pod's own names, then hostAliases. */
    public static String hostsFile(String hostname, String domain, List<String> podIps, List<HostAlias> aliases) {
        StringBuilder out = new StringBuilder();
        out.append("# Kubernetes-managed hosts file.\n");
        out.append("127.0.0.1\tlocalhost\n");
        out.append("::1\tlocalhost ip6-localhost ip6-loopback\n");
        out.append("fe00::0\tip6-localnet\n");
        out.append("fe00::0\tip6-mcastprefix\n");
        out.append("fe00::1\tip6-allnodes\n");
        out.append("fe00::2\tip6-allrouters\n");
        for (String ip : podIps) {
            if (domain.isEmpty()) {
                out.append(ip).append('\t').append(hostname).append('\n');
            } else {
                out.append(ip).append('\t').append(hostname).append('.').append(domain).append('\t')
                        .append(hostname).append('\n');
            }
        }
        if (aliases != null && !aliases.isEmpty()) {
            out.append("\n# Entries added by HostAliases.\n");
            for (HostAlias alias : aliases) {
                List<String> names = alias.getHostnames() == null ? List.of() : alias.getHostnames();
                out.append(alias.getIp()).append('\t').append(String.join("\t", names)).append('\n');
            }
        }
        return out.toString();
    }
}
