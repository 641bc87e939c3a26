package io.podyard.node.server;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** What a node server path addresses, as kubelet's streaming paths name it. */
sealed interface NodePath {
    String namespace();

    String pod();

    /** {@code /containerLogs/{ns}/{pod}/{container}} */
    record Logs(String namespace, String pod, String container) implements NodePath {
    }

    /** {@code /exec/{ns}/{pod}/{container}} */
    record Exec(String namespace, String pod, String container) implements NodePath {
    }

    /** {@code /attach/{ns}/{pod}/{container}} */
    record Attach(String namespace, String pod, String container) implements NodePath {
    }

    /** {@code /portForward/{ns}/{pod}} */
    record PortForward(String namespace, String pod) implements NodePath {
    }

    /** Empty when the path is none of the above (404). */
    static Optional<NodePath> parse(String path) {
        String[] p = path.startsWith("/") ? path.substring(1).split("/", -1) : path.split("/", -1);
        for (int i = 1; i < p.length; i++) {
            p[i] = URLDecoder.decode(p[i], StandardCharsets.UTF_8);
            if (p[i].isEmpty()) {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(switch (p[0]) {
            case "containerLogs" -> p.length == 4 ? new Logs(p[1], p[2], p[3]) : null;
            case "exec" -> p.length == 4 ? new Exec(p[1], p[2], p[3]) : null;
            case "attach" -> p.length == 4 ? new Attach(p[1], p[2], p[3]) : null;
            case "portForward" -> p.length == 3 ? new PortForward(p[1], p[2]) : null;
            default -> null;
        });
    }
}
