package io.podyard.node.registration;

/** The node's resources in use right now, which the pressure conditions are judged from. */
public record NodePressure(long memoryAvailableBytes, long diskAvailableBytes, long diskTotalBytes, long pids,
                           long pidMax) {
}
