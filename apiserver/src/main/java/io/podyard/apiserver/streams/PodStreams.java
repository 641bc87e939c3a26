package io.podyard.apiserver.streams;

import io.podyard.apiserver.rest.ApiException;
import io.podyard.apiserver.rest.Queries;
import io.podyard.apiserver.rest.RequestInfo;
import io.podyard.apiserver.rest.ResourceHandler;
import io.vertx.core.http.HttpServerRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The pod subresources served by the pod's node: {@code log} (GET, streamed), {@code exec},
 * {@code attach} and {@code portforward} (WebSocket). The API server checks the pod, picks the
 * container and the node as Kubernetes does ({@link StreamTarget}), then hands the request to the
 * node's streaming server through {@link NodeProxy}.
 */
public final class PodStreams {
    /**
     * What exec and attach speak (client-go's remotecommand over WebSocket), newest first, and
     * port-forward's SPDY tunnelled in WebSocket messages (kubectl 1.31+).
     */
    public static final List<String> WEBSOCKET_PROTOCOLS = List.of("v5.channel.k8s.io", "v4.channel.k8s.io",
            "SPDY/3.1+portforward.k8s.io");

    private static final List<String> LOG_OPTIONS = List.of("follow", "tailLines", "sinceSeconds", "sinceTime",
            "timestamps", "limitBytes");

    private final ResourceHandler handler;
    private final NodeProxy proxy;

    public PodStreams(ResourceHandler handler, NodeProxy proxy) {
        this.handler = handler;
        this.proxy = proxy;
    }

    /** Whether the request addresses one of these subresources. */
    public static boolean handles(RequestInfo info) {
        return info != null && info.group().isEmpty() && "pods".equals(info.resource()) && info.name() != null
                && info.namespace() != null && kind(info.subresource()) != null;
    }

    /** GET pods/NAME/log; blocks while the log streams. */
    public void log(RequestInfo info, HttpServerRequest request, Map<String, String> query) {
        if (kind(info.subresource()) != StreamTarget.Kind.LOG) {
            throw ApiException.badRequest("Upgrade request required");
        }
        if (!request.method().name().equals("GET")) {
            throw ApiException.methodNotAllowed(request.method().name());
        }
        StreamTarget target = target(info, query, StreamTarget.Kind.LOG);
        StringBuilder uri = new StringBuilder(nodePath(StreamTarget.Kind.LOG, info, target)).append("?previous=")
                .append(target.previous());
        for (String name : LOG_OPTIONS) {
            if (query.containsKey(name)) {
                uri.append('&').append(name).append('=').append(segment(query.get(name)));
            }
        }
        proxy.get(target, uri.toString(), request.response());
    }

    /** exec, attach, portforward over WebSocket; blocks until the upgrade is done. */
    public void webSocket(RequestInfo info, HttpServerRequest request, Map<String, String> query) {
        StreamTarget.Kind kind = kind(info.subresource());
        if (kind == StreamTarget.Kind.LOG) {
            throw ApiException.badRequest("logs are not served over WebSocket");
        }
        StreamTarget target = target(info, query, kind);
        proxy.relay(target, nodePath(kind, info, target) + query(request), request);
    }

    /**
     * exec, attach, portforward as SPDY upgrades (kubectl before 1.30, and 1.20): the stream protocol
     * is v4.channel.k8s.io or portforward.k8s.io; the SPDY connection itself is tunnelled to the node.
     */
    public void spdy(RequestInfo info, HttpServerRequest request, Map<String, String> query) {
        StreamTarget.Kind kind = kind(info.subresource());
        if (kind == StreamTarget.Kind.LOG) {
            throw ApiException.badRequest("logs are not served over SPDY");
        }
        String wanted = kind == StreamTarget.Kind.PORT_FORWARD ? "portforward.k8s.io" : "v4.channel.k8s.io";
        List<String> offered = request.headers().getAll("X-Stream-Protocol-Version").stream()
                .flatMap(h -> NodeProxy.protocols(h).stream()).toList();
        if (!offered.contains(wanted)) {
            throw ApiException.badRequest("unable to upgrade: the client offers " + offered + "; this server speaks "
                    + wanted + " over SPDY");
        }
        StreamTarget target = target(info, query, kind);
        proxy.tunnel(target, nodePath(kind, info, target) + query(request), request, "SPDY/3.1+" + wanted, wanted);
    }

    /** Kubelet's streaming paths. */
    private static String nodePath(StreamTarget.Kind kind, RequestInfo info, StreamTarget target) {
        String pod = segment(info.namespace()) + "/" + segment(info.name());
        return switch (kind) {
            case EXEC -> "/exec/" + pod + "/" + segment(target.container());
            case ATTACH -> "/attach/" + pod + "/" + segment(target.container());
            case PORT_FORWARD -> "/portForward/" + pod;
            case LOG -> "/containerLogs/" + pod + "/" + segment(target.container());
        };
    }

    private StreamTarget target(RequestInfo info, Map<String, String> query, StreamTarget.Kind kind) {
        JsonNode pod = handler.get(handler.resolve(new RequestInfo("", "v1", info.namespace(), "pods", info.name(),
                null)), info.namespace(), info.name());
        String nodeName = pod.path("spec").path("nodeName").asString("");
        JsonNode node = null;
        if (!nodeName.isEmpty()) {
            try {
                node = handler.get(handler.resolve(new RequestInfo("", "v1", null, "nodes", nodeName, null)), null,
                        nodeName);
            } catch (ApiException e) {
                node = null;
            }
        }
        return StreamTarget.resolve(kind, pod, node, query.get("container"), Queries.flag(query, "previous"));
    }

    private static StreamTarget.Kind kind(String subresource) {
        return subresource == null ? null : switch (subresource) {
            case "log" -> StreamTarget.Kind.LOG;
            case "exec" -> StreamTarget.Kind.EXEC;
            case "attach" -> StreamTarget.Kind.ATTACH;
            case "portforward" -> StreamTarget.Kind.PORT_FORWARD;
            default -> null;
        };
    }

    private static String query(HttpServerRequest request) {
        return request.query() == null || request.query().isEmpty() ? "" : "?" + request.query();
    }

    private static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }
}
