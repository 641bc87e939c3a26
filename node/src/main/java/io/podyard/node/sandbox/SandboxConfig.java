package io.podyard.node.sandbox;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where sandboxes live and what they are made of.
 *
 * @param runDir  one directory per pod under it: pinned namespaces, shm, hosts files, saved CNI results
 * @param network the node's pod network
 * @param dns     the node's DNS facts for resolv.conf
 * @param shmSize the size of each pod's /dev/shm tmpfs, in tmpfs syntax ("64m")
 */
public record SandboxConfig(Path runDir, PodNetwork network, DnsSettings dns, String shmSize) {
    private static final Pattern SIZE = Pattern.compile("[0-9]+[kmg]?");

    public SandboxConfig {
        Objects.requireNonNull(runDir, "runDir");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(dns, "dns");
        if (shmSize == null || !SIZE.matcher(shmSize).matches()) {
            throw new IllegalArgumentException("shmSize must be a tmpfs size like 64m, not " + shmSize);
        }
    }

    /** Docker's and containerd's sandbox default. */
    public static final String DEFAULT_SHM_SIZE = "64m";
}
