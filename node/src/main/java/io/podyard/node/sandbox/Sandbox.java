package io.podyard.node.sandbox;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A pod's sandbox: the pinned network and IPC namespaces its containers join, the shared /dev/shm,
 * the files its containers see as /etc/hosts, /etc/resolv.conf and /etc/hostname, and the address
 * the pod network gave it.
 */
public record Sandbox(String podUid, String namespace, String name, String hostname, Path dir, Path netns,
                      Path ipcns, Path shm, Path hostsFile, Path resolvConf, Path hostnameFile, String podIp,
                      String gateway, Instant createdAt) {
}
