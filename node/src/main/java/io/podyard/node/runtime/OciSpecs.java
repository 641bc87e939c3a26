package io.podyard.node.runtime;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.podyard.node.sandbox.Sandbox;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Builds a container's config.json from the pod, the container, the image's config and the
 * sandbox. Pure: everything it needs arrives in {@link Input} (the image's user database is read
 * by the caller), and the same input gives the same spec.
 */
final class OciSpecs {
    /** containerd's masked and read-only paths. */
    static final List<String> MASKED_PATHS = List.of("/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
            "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
            "/sys/firmware", "/sys/devices/virtual/powercap");
    static final List<String> READONLY_PATHS = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
            "/proc/sysrq-trigger");

    private OciSpecs() {
    }

    /**
     * Everything a spec is made of.
     *
     * @param env         the container's resolved variables ({@link ContainerEnv#resolve})
     * @param users       the image's /etc/passwd and /etc/group
     * @param cgroupsPath where runc puts the container's cgroup (under the pod's)
     * @param rlimits     the process limits every container gets
     * @param localhostSeccomp the seccompProfile Localhost file's content, when that is the container's profile
     * @param host        what a privileged container gets of the host
     */
    record Input(Pod pod, Container container, ImageConfig image, Sandbox sandbox, Path rootfs,
                 List<VolumeMount> volumes, Map<String, String> env, Users.Database users, String cgroupsPath,
                 List<Rlimit> rlimits, Optional<JsonNode> localhostSeccomp, Host host) {
        Input(Pod pod, Container container, ImageConfig image, Sandbox sandbox, Path rootfs, List<VolumeMount> volumes,
              Map<String, String> env, Users.Database users, String cgroupsPath, List<Rlimit> rlimits) {
            this(pod, container, image, sandbox, rootfs, volumes, env, users, cgroupsPath, rlimits, Optional.empty(),
                    Host.ALL_CAPABILITIES);
        }
    }

    /**
     * What the node grants: a privileged container's capabilities and devices (containerd gives it
     * every capability the runtime itself holds — its bounding set; a host without CAP_SYS_RESOURCE
     * cannot grant it — and the host's devices) and the unsafe sysctls the node allows.
     */
    record Host(List<String> capabilities, List<OciSpec.Device> devices, Set<String> allowedUnsafeSysctls) {
        static final Host ALL_CAPABILITIES = new Host(Capabilities.ALL, List.of(), Set.of());

        Host {
            capabilities = List.copyOf(capabilities);
            devices = List.copyOf(devices);
            allowedUnsafeSysctls = Set.copyOf(allowedUnsafeSysctls);
        }
    }

    static OciSpec generate(Input in) {
        SecurityContext sc = in.container().getSecurityContext() == null ? new SecurityContext()
                : in.container().getSecurityContext();
        PodSecurityContext psc = in.pod().getSpec().getSecurityContext() == null ? new PodSecurityContext()
                : in.pod().getSpec().getSecurityContext();
        boolean privileged = Boolean.TRUE.equals(sc.getPrivileged());
        boolean readOnlyRoot = Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem());
        NonRoot.verify(in.pod(), in.container(), in.image().user());
        Sysctls.verify(psc.getSysctls(), in.host().allowedUnsafeSysctls());

        Users.Resolved user = Users.resolve(new Users.Request(in.image().user(),
                sc.getRunAsUser() != null ? sc.getRunAsUser() : psc.getRunAsUser(),
                sc.getRunAsGroup() != null ? sc.getRunAsGroup() : psc.getRunAsGroup(),
                psc.getSupplementalGroups(), psc.getFsGroup()), in.users());
        List<String> caps = privileged ? in.host().capabilities() : Capabilities.resolve(false,
                sc.getCapabilities() == null ? null : sc.getCapabilities().getAdd(),
                sc.getCapabilities() == null ? null : sc.getCapabilities().getDrop());

        boolean tty = Boolean.TRUE.equals(in.container().getTty());
        OciSpec.Process process = new OciSpec.Process(tty,
                new OciSpec.User(user.uid(), user.gid(), user.additionalGids()),
                ProcessArgs.argv(in.container(), in.image(), in.env()),
                tty ? withTerm(ContainerEnv.processEnv(in.image().env(), in.env()))
                        : ContainerEnv.processEnv(in.image().env(), in.env()),
                workingDir(in.container(), in.image()),
                new OciSpec.Caps(caps, caps, caps),
                in.rlimits(),
                Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation()));

        List<OciSpec.Namespace> namespaces = List.of(
                new OciSpec.Namespace("pid", null),
                new OciSpec.Namespace("network", in.sandbox().netns().toString()),
                new OciSpec.Namespace("ipc", in.sandbox().ipcns().toString()),
                new OciSpec.Namespace("uts", null),
                new OciSpec.Namespace("mount", null));
        boolean unmasked = privileged || "Unmasked".equals(sc.getProcMount());
        OciSpec.Linux linux = new OciSpec.Linux(namespaces, in.cgroupsPath(), resources(in.container(), privileged),
                unmasked ? List.of() : MASKED_PATHS, unmasked ? List.of() : READONLY_PATHS, sysctls(psc),
                SeccompProfiles.forContainer(in.pod(), in.container(), caps, privileged, in.localhostSeccomp())
                        .orElse(null), privileged ? in.host().devices() : List.of());

        return new OciSpec(OciSpec.VERSION, process, new OciSpec.Root(in.rootfs().toString(), readOnlyRoot),
                in.sandbox().hostname(), mounts(in, privileged, readOnlyRoot), linux, annotations(in));
    }

    /** A terminal's process gets TERM=xterm unless its env sets TERM, as CRI-O and containerd do. */
    static List<String> withTerm(List<String> env) {
        if (env.stream().anyMatch(e -> e.startsWith("TERM="))) {
            return env;
        }
        List<String> withTerm = new ArrayList<>(env);
        withTerm.add("TERM=xterm");
        return withTerm;
    }

    private static String workingDir(Container container, ImageConfig image) {
        String cwd = container.getWorkingDir() != null && !container.getWorkingDir().isEmpty()
                ? container.getWorkingDir() : image.workingDir().isEmpty() ? "/" : image.workingDir();
        if (!cwd.startsWith("/")) {
            throw new ContainerConfigException("container " + container.getName()
                    + " has a relative working directory: " + cwd);
        }
        return cwd;
    }

    /**
     * containerd's default mounts, the pod's shared /dev/shm and managed /etc files, then the
     * volumes, parents before children. A volume at /etc/hosts (and the like) replaces the
     * managed file, as in kubelet.
     */
    static List<OciSpec.Mount> mounts(Input in, boolean privileged, boolean readOnlyRoot) {
        List<OciSpec.Mount> mounts = new ArrayList<>();
        mounts.add(new OciSpec.Mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")));
        mounts.add(new OciSpec.Mount("/dev", "tmpfs", "tmpfs",
                List.of("nosuid", "strictatime", "mode=755", "size=65536k")));
        mounts.add(new OciSpec.Mount("/dev/pts", "devpts", "devpts",
                List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")));
        mounts.add(new OciSpec.Mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")));
        mounts.add(new OciSpec.Mount("/sys", "sysfs", "sysfs",
                List.of("nosuid", "noexec", "nodev", privileged ? "rw" : "ro")));
        mounts.add(new OciSpec.Mount("/sys/fs/cgroup", "cgroup", "cgroup",
                List.of("nosuid", "noexec", "nodev", "relatime", privileged ? "rw" : "ro")));

        Set<String> volumePaths = in.volumes().stream().map(VolumeMount::containerPath).collect(Collectors.toSet());
        Sandbox sandbox = in.sandbox();
        String podFiles = readOnlyRoot ? "ro" : "rw";
        addUnlessVolume(mounts, volumePaths, "/dev/shm", sandbox.shm(), "rw");
        addUnlessVolume(mounts, volumePaths, "/etc/hosts", sandbox.hostsFile(), podFiles);
        addUnlessVolume(mounts, volumePaths, "/etc/resolv.conf", sandbox.resolvConf(), podFiles);
        addUnlessVolume(mounts, volumePaths, "/etc/hostname", sandbox.hostnameFile(), podFiles);

        in.volumes().stream().sorted(Comparator.comparingInt(v -> depth(v.containerPath())))
                .forEach(v -> mounts.add(bind(v.containerPath(), v.hostPath(), v.readOnly() ? "ro" : "rw")));
        return mounts;
    }

    private static void addUnlessVolume(List<OciSpec.Mount> mounts, Set<String> volumes, String destination,
                                        Path source, String mode) {
        if (!volumes.contains(destination)) {
            mounts.add(bind(destination, source, mode));
        }
    }

    private static OciSpec.Mount bind(String destination, Path source, String mode) {
        return new OciSpec.Mount(destination, "bind", source.toString(), List.of("rbind", "rprivate", mode));
    }

    private static int depth(String path) {
        return (int) path.chars().filter(c -> c == '/').count() - (path.endsWith("/") ? 1 : 0);
    }

    /**
     * Kubelet's arithmetic: shares from the cpu request (at least 2), CFS quota from the cpu limit.
     * Devices: none beyond runc's defaults, or every one for a privileged container.
     */
    static OciSpec.Resources resources(Container container, boolean privileged) {
        Map<String, Quantity> limits = PodResources.limits(container);
        long shares = PodResources.shares(PodResources.milliCpu(PodResources.requestOrLimit(container, "cpu")));
        Long quota = null;
        Long period = null;
        if (limits.containsKey("cpu")) {
            quota = PodResources.quota(PodResources.milliCpu(limits.get("cpu")));
            period = PodResources.CPU_PERIOD;
        }
        OciSpec.Memory memory = limits.containsKey("memory")
                ? new OciSpec.Memory(Quantity.getAmountInBytes(limits.get("memory")).longValue()) : null;
        return new OciSpec.Resources(List.of(new OciSpec.DeviceRule(privileged, "rwm")), memory,
                new OciSpec.Cpu(shares, quota, period));
    }

    private static Map<String, String> sysctls(PodSecurityContext psc) {
        Map<String, String> sysctls = new LinkedHashMap<>();
        if (psc.getSysctls() != null) {
            for (Sysctl sysctl : psc.getSysctls()) {
                sysctls.put(sysctl.getName(), sysctl.getValue());
            }
        }
        return sysctls;
    }

    private static Map<String, String> annotations(Input in) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("io.kubernetes.pod.namespace", in.pod().getMetadata().getNamespace());
        annotations.put("io.kubernetes.pod.name", in.pod().getMetadata().getName());
        annotations.put("io.kubernetes.pod.uid", in.pod().getMetadata().getUid());
        annotations.put("io.kubernetes.container.name", in.container().getName());
        return annotations;
    }
}
