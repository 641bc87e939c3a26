package io.podyard.node.runtime;

import io.fabric8.kubernetes.api.model.Sysctl;
import java.util.List;
import java.util.Set;

/**
 * Kubernetes' safe sysctls (namespaced, isolated per pod) and those the node allows on top
 * (kubelet's --allowed-unsafe-sysctls: names, or prefixes ending in "*"). Others are refused with
 * kubelet's words; kubelet rejects such a pod at admission (Failed, SysctlForbidden), Podyard
 * refuses its containers (CreateContainerConfigError).
 */
final class Sysctls {
    static final Set<String> SAFE = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes", "net.ipv4.tcp_rmem",
            "net.ipv4.tcp_wmem");

    private Sysctls() {
    }

    static void verify(List<Sysctl> sysctls, Set<String> allowedUnsafe) {
        for (Sysctl sysctl : sysctls == null ? List.<Sysctl>of() : sysctls) {
            // The API accepts "/" as separator too; kubelet compares the dotted form.
            String name = sysctl.getName() == null ? "" : sysctl.getName().replace('/', '.');
            if (!SAFE.contains(name) && allowedUnsafe.stream().noneMatch(pattern -> pattern.endsWith("*")
                    ? name.startsWith(pattern.substring(0, pattern.length() - 1)) : name.equals(pattern))) {
                throw new ContainerConfigException("forbidden sysctl: \"" + sysctl.getName() + "\" not allowlisted");
            }
        }
    }
}
