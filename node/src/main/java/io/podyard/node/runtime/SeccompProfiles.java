package io.podyard.node.runtime;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A container's seccomp filter from its seccompProfile (container over pod): none for Unconfined
 * (Kubernetes' default) and for privileged containers; for RuntimeDefault a <em>blocklist</em>:
 * everything is allowed except the syscalls that moby/containerd's default profile refuses
 * (kernel modules, mount and namespaces, keyrings, ptrace, clock, reboot, bpf, perf, …), which fail
 * with EPERM — unless the container has the capability that profile would allow them for.
 * containerd's own profile is an allowlist of ~350 calls; a blocklist of the dangerous ones is
 * smaller and needs no update for new harmless syscalls. Localhost reads
 * {@code <seccompDir>/<localhostProfile>} (an OCI seccomp JSON) as containerd does.
 */
final class SeccompProfiles {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long MAX_PROFILE = 1 << 20;

    /** Syscalls moby's default profile grants only with a capability; the key is that capability. */
    static final Map<String, List<String>> BY_CAPABILITY = orderedMap(
            "CAP_SYS_ADMIN", List.of("bpf", "fanotify_init", "fsconfig", "fsmount", "fsopen", "fspick", "lookup_dcookie",
                    "mount", "mount_setattr", "move_mount", "name_to_handle_at", "open_tree", "perf_event_open",
                    "quotactl", "quotactl_fd", "setdomainname", "sethostname", "setns", "syslog", "umount", "umount2",
                    "unshare"),
            "CAP_SYS_BOOT", List.of("reboot"),
            "CAP_SYS_CHROOT", List.of("chroot"),
            "CAP_SYS_MODULE", List.of("delete_module", "init_module", "finit_module"),
            "CAP_SYS_PACCT", List.of("acct"),
            "CAP_SYS_PTRACE", List.of("kcmp", "pidfd_getfd", "process_madvise", "process_vm_readv",
                    "process_vm_writev", "ptrace"),
            "CAP_SYS_RAWIO", List.of("iopl", "ioperm"),
            "CAP_SYS_TIME", List.of("settimeofday", "stime", "clock_settime", "clock_adjtime"),
            "CAP_SYS_NICE", List.of("get_mempolicy", "mbind", "set_mempolicy"),
            "CAP_DAC_READ_SEARCH", List.of("open_by_handle_at"));
    /** Refused whatever the capabilities. */
    static final List<String> ALWAYS_BLOCKED = List.of("add_key", "create_module", "get_kernel_syms", "kexec_file_load",
            "kexec_load", "keyctl", "nfsservctl", "query_module", "request_key", "swapoff", "swapon", "sysfs",
            "_sysctl", "uselib", "userfaultfd", "ustat", "vm86", "vm86old");

    private SeccompProfiles() {
    }

    /** The effective profile type: the container's, else the pod's, else Unconfined. */
    static String type(Pod pod, Container container) {
        return profile(pod, container).map(SeccompProfile::getType).orElse("Unconfined");
    }

    /** The OCI seccomp section for the container, empty when it runs unconfined. */
    static Optional<Object> forContainer(Pod pod, Container container, List<String> capabilities, boolean privileged,
                                         Optional<JsonNode> localhost) {
        if (privileged) {
            return Optional.empty();
        }
        return switch (type(pod, container)) {
            case "RuntimeDefault" -> Optional.of(runtimeDefault(capabilities));
            case "Localhost" -> localhost.map(p -> p);
            default -> Optional.empty();
        };
    }

    static OciSpec.Seccomp runtimeDefault(List<String> capabilities) {
        List<String> blocked = new ArrayList<>(ALWAYS_BLOCKED);
        BY_CAPABILITY.forEach((cap, calls) -> {
            if (!capabilities.contains(cap)) {
                blocked.addAll(calls);
            }
        });
        return new OciSpec.Seccomp("SCMP_ACT_ALLOW", List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"),
                List.of(new OciSpec.Syscall(blocked.stream().sorted().toList(), "SCMP_ACT_ERRNO", 1)));
    }

    /**
     * For seccompProfile Localhost: the profile file, read by the caller of the pure spec builder.
     * The name must stay inside the directory; a missing or malformed file is a configuration error.
     */
    static Optional<JsonNode> localhost(Path dir, Pod pod, Container container) {
        Optional<SeccompProfile> profile = profile(pod, container).filter(p -> "Localhost".equals(p.getType()));
        if (profile.isEmpty()) {
            return Optional.empty();
        }
        String name = profile.get().getLocalhostProfile();
        if (name == null || name.isEmpty() || name.startsWith("/") || List.of(name.split("/")).contains("..")) {
            throw new ContainerConfigException("seccomp profile type Localhost needs a relative localhostProfile"
                    + " inside the node's seccomp directory, got " + name);
        }
        Path file = dir.resolve(name);
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > MAX_PROFILE) {
                throw new ContainerConfigException("cannot load seccomp profile \"" + file + "\": not a regular file");
            }
            return Optional.of(JSON.readTree(Files.readAllBytes(file)));
        } catch (IOException | JacksonException e) {
            throw new ContainerConfigException("cannot load seccomp profile \"" + file + "\": " + e.getMessage());
        }
    }

    private static Optional<SeccompProfile> profile(Pod pod, Container container) {
        if (container.getSecurityContext() != null && container.getSecurityContext().getSeccompProfile() != null) {
            return Optional.of(container.getSecurityContext().getSeccompProfile());
        }
        return Optional.ofNullable(pod.getSpec().getSecurityContext())
                .map(io.fabric8.kubernetes.api.model.PodSecurityContext::getSeccompProfile);
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> orderedMap(Object... pairs) {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (V) pairs[i + 1]);
        }
        return map;
    }
}
