package io.podyard.node.podconfig;

import io.fabric8.kubernetes.api.model.Pod;
import io.podyard.node.runtime.ContainerConfigException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The pod fields the downward API exposes (fieldRef), for env and for downwardAPI volumes, as
 * kubelet resolves them.
 */
public final class PodFields {
    private PodFields() {
    }

    /**
     * The value of {@code path} for this pod, with the addresses the node knows.
     *
     * @throws ContainerConfigException for a path the downward API does not offer
     */
    public static String value(Pod pod, String path, String podIp, String hostIp) {
        var meta = pod.getMetadata();
        var spec = pod.getSpec();
        return switch (path) {
            case "metadata.name" -> meta.getName();
            case "metadata.namespace" -> meta.getNamespace();
            case "metadata.uid" -> meta.getUid();
            case "metadata.labels" -> formatMap(meta.getLabels());
            case "metadata.annotations" -> formatMap(meta.getAnnotations());
            case "spec.nodeName" -> nullToEmpty(spec.getNodeName());
            case "spec.serviceAccountName" -> nullToEmpty(spec.getServiceAccountName());
            case "status.podIP", "status.podIPs" -> nullToEmpty(podIp);
            case "status.hostIP", "status.hostIPs" -> nullToEmpty(hostIp);
            default -> {
                Optional<String> keyed = keyed(path, "metadata.labels['", meta.getLabels())
                        .or(() -> keyed(path, "metadata.annotations['", meta.getAnnotations()));
                yield keyed.orElseThrow(() -> new ContainerConfigException("unsupported fieldRef " + path));
            }
        };
    }

    /** Whether {@code path} reads the pod's own address (known once the sandbox's network is there). */
    public static boolean needsPodIp(String path) {
        return path.equals("status.podIP") || path.equals("status.podIPs");
    }

    private static Optional<String> keyed(String path, String prefix, Map<String, String> map) {
        if (!path.startsWith(prefix) || !path.endsWith("']")) {
            return Optional.empty();
        }
        String key = path.substring(prefix.length(), path.length() - 2);
        return Optional.of(map == null ? "" : nullToEmpty(map.get(key)));
    }

    /** Kubelet's format for labels and annotations: sorted {@code key="value"} lines, values quoted like Go's %q. */
    static String formatMap(Map<String, String> map) {
        if (map == null) {
            return "";
        }
        return new TreeMap<>(map).entrySet().stream().map(e -> e.getKey() + "=" + quote(e.getValue()))
                .collect(Collectors.joining("\n"));
    }

    private static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
