package io.podyard.node.registration;

/**
 * Resources held back for the system and the agent itself (kubelet's --system-reserved):
 * allocatable is capacity minus these.
 */
public record SystemReserved(long cpuMillis, long memoryBytes, long ephemeralStorageBytes) {
    public static final SystemReserved NONE = new SystemReserved(0, 0, 0);

    public SystemReserved {
        if (cpuMillis < 0 || memoryBytes < 0 || ephemeralStorageBytes < 0) {
            throw new IllegalArgumentException("reserved resources must not be negative");
        }
    }
}
