package io.podyard.node.probes;

/** A probe's verdict about a container (kubelet's results.Result). */
public enum ProbeResult {
    UNKNOWN, SUCCESS, FAILURE
}
