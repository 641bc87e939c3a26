package io.podyard.node.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the node agent needs from the host: root (namespaces, mounts, cgroups, CNI), runc, conmon,
 * the CNI plugins, unshare, ip and nft (the proxy beside it). {@link #problem} names the Debian packages that are missing.
 */
public final class NodePrerequisites {
    /** Each needed program and the Debian package that installs it. */
    static final Map<String, String> PROGRAMS = Map.of(
            "/usr/sbin/runc", "runc",
            "/usr/bin/conmon", "conmon",
            "/usr/lib/cni/bridge", "containernetworking-plugins",
            "/usr/lib/cni/host-local", "containernetworking-plugins",
            "/usr/lib/cni/loopback", "containernetworking-plugins",
            "/usr/lib/cni/portmap", "containernetworking-plugins",
            "/usr/bin/unshare", "util-linux",
            "/usr/sbin/ip", "iproute2",
            "/usr/sbin/nft", "nftables");

    private NodePrerequisites() {
    }

    /** Why the agent cannot run here, in one message, or empty when it can. */
    public static java.util.Optional<String> problem() {
        List<String> reasons = new ArrayList<>();
        if (!isRoot()) {
            reasons.add("it must run as root");
        }
        Set<String> packages = new LinkedHashSet<>();
        PROGRAMS.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(e -> {
            if (!present(Path.of(e.getKey()))) {
                packages.add(e.getValue());
            }
        });
        if (!packages.isEmpty()) {
            reasons.add("it needs the Debian packages " + String.join(" ", packages) + " (apt-get install "
                    + String.join(" ", packages) + ")");
        }
        if (reasons.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("the node agent cannot run: " + String.join("; ", reasons)
                + ". Run `./podyard server` as root (the launcher installs missing packages with apt-get),"
                + " or pass --no-node for the control plane alone.");
    }

    /** The program, or the same name in another usual directory (/bin and /usr/bin are often one). */
    private static boolean present(Path program) {
        if (Files.isExecutable(program)) {
            return true;
        }
        String name = program.getFileName().toString();
        if (program.startsWith("/usr/lib/cni")) {
            return false;
        }
        return List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin").stream()
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, name)));
    }

    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0"); // effective uid
                }
            }
        } catch (IOException e) {
            // unknown: say so below
        }
        return false;
    }
}
