package io.podyard.node.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where the runtime keeps its state and which programs it runs.
 *
 * @param root             bundles under {@code containers/<id>}, conmon's exit files under {@code exits},
 *                         runc's state under {@code runc} (so `runc list` shows only ours)
 * @param logDir           container logs, laid out as kubelet's /var/log/pods
 * @param runc             the OCI runtime binary
 * @param conmon           the monitor binary
 * @param cgroupParent     every pod's cgroup goes under it ({@code <parent>/pod<uid>/<container>})
 * @param rlimits          process limits for every container
 * @param logMaxBytes      a log file is rotated once it is larger
 * @param logMaxFiles      log files kept per container, the live one included
 * @param conmonLogSizeMax conmon's own cap (it truncates the file when reached, losing its content), or
 *                         -1 to rely on rotation by the agent alone
 * @param podPidsLimit     each pod cgroup's pids.max (kubelet's podPidsLimit), 0 or less: unlimited
 * @param seccompDir       where seccompProfile type Localhost finds its profiles (kubelet's seccomp root)
 * @param allowedUnsafeSysctls sysctls allowed besides the safe set (names, or prefixes ending in "*")
 */
public record RuntimeConfig(Path root, Path logDir, Path runc, Path conmon, String cgroupParent,
                            List<Rlimit> rlimits, long logMaxBytes, int logMaxFiles, long conmonLogSizeMax,
                            long podPidsLimit, Path seccompDir, java.util.Set<String> allowedUnsafeSysctls) {
    public RuntimeConfig(Path root, Path logDir, Path runc, Path conmon, String cgroupParent, List<Rlimit> rlimits,
                         long logMaxBytes, int logMaxFiles, long conmonLogSizeMax) {
        this(root, logDir, runc, conmon, cgroupParent, rlimits, logMaxBytes, logMaxFiles, conmonLogSizeMax, -1,
                root.resolve("seccomp"), java.util.Set.of());
    }

    public RuntimeConfig withPods(long pidsLimit, Path seccompProfiles, java.util.Set<String> unsafeSysctls) {
        return new RuntimeConfig(root, logDir, runc, conmon, cgroupParent, rlimits, logMaxBytes, logMaxFiles,
                conmonLogSizeMax, pidsLimit, seccompProfiles, unsafeSysctls);
    }

    public RuntimeConfig {
        Objects.requireNonNull(seccompDir, "seccompDir");
        allowedUnsafeSysctls = java.util.Set.copyOf(allowedUnsafeSysctls);
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(logDir, "logDir");
        Objects.requireNonNull(runc, "runc");
        Objects.requireNonNull(conmon, "conmon");
        if (cgroupParent == null || !cgroupParent.startsWith("/") || cgroupParent.contains("..")) {
            throw new IllegalArgumentException("cgroupParent must be an absolute cgroup path: " + cgroupParent);
        }
        rlimits = List.copyOf(rlimits);
        if (logMaxBytes < 1024 || logMaxFiles < 1) {
            throw new IllegalArgumentException("logs need at least 1 KiB and one file");
        }
    }

    /**
     * Debian's runc and conmon, 10 MiB x 5 log files (kubelet's defaults), and RLIMIT_NOFILE at
     * this process's own hard limit (a container may not get more without CAP_SYS_RESOURCE).
     */
    public static RuntimeConfig defaults(Path root, Path logDir, String cgroupParent) {
        long nofile = Math.min(1_048_576, ownNofileHardLimit());
        return new RuntimeConfig(root, logDir, findBinary("runc"), findBinary("conmon"), cgroupParent,
                List.of(new Rlimit("RLIMIT_NOFILE", nofile, nofile)), 10L << 20, 5, -1);
    }

    static Path findBinary(String name) {
        for (String dir : List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(name + " is not installed (Debian: apt-get install " + name + ")");
    }

    private static long ownNofileHardLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] fields = line.substring("Max open files".length()).strip().split("\\s+");
                    return fields[1].equals("unlimited") ? 1_048_576 : Long.parseLong(fields[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Fall through to a limit every system allows.
        }
        return 1024;
    }
}
