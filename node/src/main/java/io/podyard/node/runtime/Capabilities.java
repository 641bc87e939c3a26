package io.podyard.node.runtime;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Linux capabilities of a container: containerd's default set, changed by securityContext add/drop. */
public final class Capabilities {
    /** containerd's (and Docker's) default set, in its order. */
    public static final List<String> DEFAULT = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID",
            "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
            "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");

    /** Every capability up to CAP_CHECKPOINT_RESTORE (Linux 5.9), numbered order. */
    public static final List<String> ALL = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH",
            "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP",
            "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW",
            "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
            "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
            "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
            "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND",
            "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE");

    private Capabilities() {
    }

    /**
     * containerd's order of operations: "ALL" in add gives every capability, "ALL" in drop
     * removes every one, then the named adds, then the named drops — so add [ALL] with drop
     * [CHOWN] is everything but CHOWN. Names may leave out the "CAP_" prefix and any case.
     */
    public static List<String> resolve(boolean privileged, List<String> add, List<String> drop) {
        if (privileged) {
            return ALL;
        }
        List<String> adds = normalize(add);
        List<String> drops = normalize(drop);
        Set<String> caps = new LinkedHashSet<>(DEFAULT);
        if (adds.contains("CAP_ALL")) {
            caps = new LinkedHashSet<>(ALL);
        }
        if (drops.contains("CAP_ALL")) {
            caps.clear();
        }
        for (String cap : adds) {
            if (!cap.equals("CAP_ALL")) {
                if (!ALL.contains(cap)) {
                    throw new ContainerConfigException("unknown capability to add: " + cap);
                }
                caps.add(cap);
            }
        }
        drops.forEach(caps::remove);
        return new ArrayList<>(caps);
    }

    /** The capabilities in this process's bounding set (/proc/self/status CapBnd), in numbered order. */
    public static List<String> ofThisProcess() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("CapBnd:")) {
                    return fromMask(Long.parseUnsignedLong(line.substring("CapBnd:".length()).strip(), 16));
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            // fall through
        }
        return ALL;
    }

    /** The named capabilities whose bits are set (bit n is the n-th of {@link #ALL}). */
    static List<String> fromMask(long mask) {
        List<String> caps = new ArrayList<>();
        for (int bit = 0; bit < ALL.size(); bit++) {
            if ((mask & (1L << bit)) != 0) {
                caps.add(ALL.get(bit));
            }
        }
        return caps;
    }

    private static List<String> normalize(List<String> names) {
        if (names == null) {
            return List.of();
        }
        return names.stream().map(n -> n.toUpperCase(Locale.ROOT)).map(n -> n.startsWith("CAP_") ? n : "CAP_" + n)
                .toList();
    }
}
