package io.podyard.node.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The part of the OCI runtime spec (config.json) Podyard writes, as records Jackson turns into
 * JSON with the spec's field names; absent (null) fields are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record OciSpec(String ociVersion, Process process, Root root, String hostname, List<Mount> mounts, Linux linux,
               Map<String, String> annotations) {
    static final String VERSION = "1.0.2";

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Process(boolean terminal, User user, List<String> args, List<String> env, String cwd,
                   Caps capabilities, List<Rlimit> rlimits, boolean noNewPrivileges) {
    }

    record User(long uid, long gid, List<Long> additionalGids) {
    }

    /** Inheritable and ambient stay empty, as containerd leaves them since CVE-2022-24769. */
    record Caps(List<String> bounding, List<String> effective, List<String> permitted) {
    }

    record Root(String path, boolean readonly) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Mount(String destination, String type, String source, List<String> options) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Linux(List<Namespace> namespaces, String cgroupsPath, Resources resources, List<String> maskedPaths,
                 List<String> readonlyPaths, Map<String, String> sysctl, Object seccomp, List<Device> devices) {
    }

    /** A seccomp filter (the RuntimeDefault blocklist; a Localhost profile is written as read). */
    record Seccomp(String defaultAction, List<String> architectures, List<Syscall> syscalls) {
    }

    record Syscall(List<String> names, String action, int errnoRet) {
    }

    /** A device node runc creates in the container's /dev (privileged containers get the host's). */
    record Device(String path, String type, long major, long minor, int fileMode, long uid, long gid) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Namespace(String type, String path) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Resources(List<DeviceRule> devices, Memory memory, Cpu cpu) {
    }

    record DeviceRule(boolean allow, String access) {
    }

    record Memory(long limit) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Cpu(Long shares, Long quota, Long period) {
    }
}
