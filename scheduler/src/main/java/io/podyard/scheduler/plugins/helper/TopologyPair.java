package io.podyard.scheduler.plugins.helper;

/** One topology domain: a node label key and a value, e.g. (topology.kubernetes.io/zone, a). */
public record TopologyPair(String key, String value) {
}
