package io.podyard.apiserver.http;

import io.podyard.api.resource.BuiltinResources;
import io.podyard.api.resource.ResourceRegistry;
import io.podyard.api.resource.ResourceType;
import io.podyard.apiserver.auth.Authenticator;
import io.podyard.apiserver.auth.Authorizer;
import io.podyard.apiserver.auth.BootstrapTokens;
import io.podyard.apiserver.auth.Requesters;
import io.podyard.apiserver.auth.ServiceAccountTokens;
import io.podyard.apiserver.auth.User;
import io.podyard.apiserver.discovery.AggregatedDiscovery;
import io.podyard.apiserver.discovery.Discovery;
import io.podyard.apiserver.discovery.OpenApi;
import io.podyard.apiserver.discovery.OpenApiV2;
import io.podyard.apiserver.protobuf.ProtobufBodies;
import io.podyard.apiserver.protobuf.ProtobufObjects;
import io.podyard.apiserver.rest.ApiException;
import io.podyard.apiserver.rest.Json;
import io.podyard.apiserver.rest.ObjectLifecycle;
import io.podyard.apiserver.rest.Queries;
import io.podyard.apiserver.rest.RequestInfo;
import io.podyard.apiserver.rest.ResourceHandler;
import io.podyard.apiserver.services.ServiceAllocator;
import io.podyard.apiserver.storage.ObjectStore;
import io.podyard.apiserver.streams.NodeProxy;
import io.podyard.apiserver.streams.PodStreams;
import io.podyard.apiserver.tls.ClusterCredentials;
import io.podyard.store.KeyValueStore;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Files;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The HTTPS endpoint kubectl talks to (HTTP/2 and HTTP/1.1 over TLS). The event loop only reads
 * requests; each is then served on a virtual thread, so handlers may block on the store.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    /** Kubernetes' limit on request bodies (3 MiB), plus room for the envelope. */
    private static final long MAX_BODY_BYTES = 3L * 1024 * 1024 + 64 * 1024;
    private static final Set<String> HEALTH = Set.of("/healthz", "/livez", "/readyz");
    private static final long MAX_STREAMS_PER_CONNECTION = 1000;
    /** Request bodies are small; 1 MiB per stream and 16 MiB per connection keep big writes flowing. */
    private static final int STREAM_WINDOW = 1 << 20;
    private static final int CONNECTION_WINDOW = 16 << 20;

    private final Vertx vertx;
    private final HttpServer server;
    private final Authenticator authenticator;
    private final ResourceHandler handler;
    private final Discovery discovery;
    private final OpenApi openApi;
    private final Watches watches;
    private final InstantSource clock;
    private final NodeProxy nodes;
    private final PodStreams podStreams;
    private final ServiceAccountTokens accountTokens;
    private volatile boolean ready;

    private ApiServer(Vertx vertx, HttpServer server, Authenticator authenticator, ResourceHandler handler,
            Discovery discovery, OpenApi openApi, Watches watches, InstantSource clock, NodeProxy nodes,
            ServiceAccountTokens accountTokens) {
        this.vertx = vertx;
        this.accountTokens = accountTokens;
        this.server = server;
        this.authenticator = authenticator;
        this.handler = handler;
        this.discovery = discovery;
        this.openApi = openApi;
        this.watches = watches;
        this.clock = clock;
        this.nodes = nodes;
        this.podStreams = new PodStreams(handler, nodes);
    }

    /** Starts serving on {@code host:port} (port 0 picks a free one); see {@link #port()}. */
    public static ApiServer start(String host, int port, ClusterCredentials credentials, KeyValueStore store,
            InstantSource clock, ServiceAllocator services) {
        ResourceRegistry registry = BuiltinResources.registry();
        ServiceAccountTokens accountTokens = serviceAccountTokens(credentials, new ObjectStore(store), registry, clock);
        ResourceHandler handler = new ResourceHandler(registry, new ObjectStore(store), new ObjectLifecycle(clock),
                clock, services, grant -> accountTokens.issue(new ServiceAccountTokens.Claims(grant.namespace(),
                        grant.serviceAccount(), grant.serviceAccountUid(), grant.pod().map(p ->
                        new ServiceAccountTokens.BoundPod(p.name(), p.uid())), grant.audiences(), grant.issuedAt(),
                        grant.expiresAt())), ServiceAccountTokens.ISSUER);
        handler.resume();
        Vertx vertx = Vertx.vertx();
        HttpServerOptions options = new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setSsl(true)
                .setUseAlpn(true)
                .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1))
                // As kube-apiserver: up to 1,000 streams (requests and watches) on one HTTP/2 connection.
                .setInitialSettings(new Http2Settings().setMaxConcurrentStreams(MAX_STREAMS_PER_CONNECTION)
                        .setInitialWindowSize(STREAM_WINDOW))
                .setHttp2ConnectionWindowSize(CONNECTION_WINDOW)
                // The chain ends with the CA, so a joining node can pin it (--ca-cert-hash) before it trusts us.
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setKeyPath(credentials.servingKeyPem().toString())
                        .setCertValue(servingChain(credentials)))
                .setTrustOptions(new PemTrustOptions().addCertPath(credentials.caPem().toString()))
                .setClientAuth(ClientAuth.REQUEST)
                .setWebSocketSubProtocols(PodStreams.WEBSOCKET_PROTOCOLS);
        HttpServer server = vertx.createHttpServer(options);
        BootstrapTokens bootstrapTokens = new BootstrapTokens(bootstrapSecrets(handler), clock);
        ApiServer api = new ApiServer(vertx, server, new Authenticator(credentials::isAdminToken,
                        token -> BootstrapTokens.looksLikeToken(token) ? bootstrapTokens.authenticate(token)
                                : accountTokens.authenticate(token)), handler,
                new Discovery(registry), new OpenApi(registry), new Watches(store, handler, vertx), clock,
                new NodeProxy(vertx, credentials), accountTokens);
        server.requestHandler(api::accept);
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        return api;
    }

    private static Buffer servingChain(ClusterCredentials credentials) {
        try {
            return Buffer.buffer(Files.readString(credentials.servingCertPem()) + Files.readString(credentials.caPem()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Service account tokens signed with the data directory's key; a token's account and pod must still exist. */
    private static ServiceAccountTokens serviceAccountTokens(ClusterCredentials credentials, ObjectStore objects,
                                                             ResourceRegistry registry, InstantSource clock) {
        ResourceType accounts = registry.byPlural("", "v1", "serviceaccounts").orElseThrow();
        ResourceType pods = registry.byPlural("", "v1", "pods").orElseThrow();
        try {
            return ServiceAccountTokens.loadOrCreate(credentials.serviceAccountKeyPem(), clock,
                    new ServiceAccountTokens.Liveness() {
                        @Override
                        public boolean serviceAccountExists(String namespace, String name, String uid) {
                            return sameUid(objects.get(accounts, namespace, name), uid);
                        }

                        @Override
                        public boolean podExists(String namespace, String name, String uid) {
                            return sameUid(objects.get(pods, namespace, name), uid);
                        }
                    });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean sameUid(Optional<ObjectNode> object, String uid) {
        return object.map(o -> uid.equals(Json.text(o.path("metadata"), "uid"))).orElse(false);
    }

    /** kube-system Secrets by name, for the bootstrap token authenticator. */
    private static Function<String, Optional<BootstrapTokens.TokenSecret>> bootstrapSecrets(ResourceHandler handler) {
        ResourceType secrets = BuiltinResources.registry().byPlural("", "v1", "secrets").orElseThrow();
        return name -> {
            try {
                ObjectNode secret = handler.get(secrets, "kube-system", name);
                Map<String, String> data = new HashMap<>();
                secret.path("data").properties().forEach(e -> data.put(e.getKey(), e.getValue().asString()));
                return Optional.of(new BootstrapTokens.TokenSecret(Json.text(secret, "type"),
                        BootstrapTokens.decode(data)));
            } catch (ApiException e) {
                return Optional.empty();
            }
        };
    }

    public int port() {
        return server.actualPort();
    }

    /** Whether /readyz answers ok; the server sets it once everything it needs has started. */
    public void setReady(boolean ready) {
        this.ready = ready;
    }

    private void accept(HttpServerRequest request) {
        String path = request.path();
        String base = path.indexOf('/', 1) > 0 ? path.substring(0, path.indexOf('/', 1)) : path;
        if (HEALTH.contains(base)) {
            boolean ok = !base.equals("/readyz") || ready;
            request.response().setStatusCode(ok ? 200 : 503).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end(ok ? "ok" : "not ready");
            return;
        }
        if (path.equals("/version")) {
            sendJson(request.response(), 200, VersionInfo.current());
            return;
        }
        SSLSession tls = request.connection().sslSession();
        Optional<User> user = authenticator.authenticate(tls, request.getHeader("Authorization"));
        if (user.isEmpty()) {
            sendError(request.response(), ApiException.unauthorized());
            return;
        }
        Optional<String> denied = Authorizer.deny(user.get(), request.method().name(), path);
        if (denied.isPresent()) {
            sendError(request.response(), ApiException.forbidden(denied.get()));
            return;
        }
        if ("websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            acceptWebSocket(request);
            return;
        }
        String upgrade = request.getHeader("Upgrade");
        if (upgrade != null && upgrade.toUpperCase().startsWith("SPDY/")) {
            acceptSpdy(request);
            return;
        }
        String length = request.getHeader("Content-Length");
        if (length != null && parseLong(length) > MAX_BODY_BYTES) {
            sendError(request.response(), ApiException.tooLarge("the request is larger than " + MAX_BODY_BYTES
                    + " bytes"));
            return;
        }
        request.body().onSuccess(body -> Thread.ofVirtual().name("api " + request.method() + " " + path)
                .start(() -> serve(request, body, user.get())))
                .onFailure(e -> sendError(request.response(), ApiException.badRequest("cannot read the request: "
                        + e.getMessage())));
    }

    /** exec, attach and port-forward of kubectl before WebSockets: a SPDY upgrade, tunnelled to the node. */
    private void acceptSpdy(HttpServerRequest request) {
        RequestInfo info = RequestInfo.parse(stripSlash(request.path()));
        if (!PodStreams.handles(info)) {
            sendError(request.response(), ApiException.badRequest("SPDY upgrades are served for pods' exec, attach"
                    + " and portforward only"));
            return;
        }
        Map<String, String> query = query(request);
        request.pause();
        Thread.ofVirtual().name("spdy " + request.path()).start(() -> {
            try {
                podStreams.spdy(info, request, query);
            } catch (ApiException e) {
                sendError(request.response(), e);
            }
        });
    }

    /** Kubernetes serves watches over WebSocket too; fabric8's client watches that way. */
    private void acceptWebSocket(HttpServerRequest request) {
        RequestInfo info = RequestInfo.parse(stripSlash(request.path()));
        Map<String, String> query = query(request);
        if (PodStreams.handles(info)) {
            request.pause();
            Thread.ofVirtual().name("stream " + request.path()).start(() -> {
                try {
                    podStreams.webSocket(info, request, query);
                } catch (ApiException e) {
                    sendError(request.response(), e);
                }
            });
            return;
        }
        ResourceType type;
        try {
            if (info == null || info.name() != null || !isWatch(query)) {
                throw ApiException.badRequest("only watches are served over WebSocket");
            }
            type = handler.resolve(info);
        } catch (ApiException e) {
            sendError(request.response(), e);
            return;
        }
        // Served on a virtual thread; the upgrade completes only once the watch is known to be valid,
        // so a refused watch is an ordinary HTTP error the client can read.
        request.pause();
        Thread.ofVirtual().name("watch-ws " + request.path()).start(() -> {
            try {
                watches.serve(type, type.namespaced() ? info.namespace() : null, query,
                        () -> WatchTransport.webSocket(await(request.toWebSocket())), null);
            } catch (ApiException e) {
                sendError(request.response(), e);
            }
        });
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw ApiException.badRequest("the WebSocket upgrade failed: " + e.getMessage());
        }
    }

    private void serve(HttpServerRequest request, Buffer body, User user) {
        HttpServerResponse response = request.response();
        try {
            if (body.length() > MAX_BODY_BYTES) {
                throw ApiException.tooLarge("the request is larger than " + MAX_BODY_BYTES + " bytes");
            }
            byte[] bytes = body.getBytes();
            if (bytes.length > 0 && isProtobuf(request.getHeader("Content-Type"))) {
                bytes = ProtobufBodies.toJson(bytes); // kubectl's typed commands write protobuf
            } else if (bytes.length > 0 && isYaml(request.getHeader("Content-Type"))) {
                bytes = Json.yamlToJson(bytes); // Kubernetes takes YAML bodies too
            } else if (bytes.length > 0) {
                requireJson(request.getHeader("Content-Type"), request.method().name());
            }
            route(request, bytes, response, user);
        } catch (ApiException e) {
            if (ProtobufObjects.onlyProtobuf(request.getHeader("Accept"))) {
                sendNegotiated(response, e.code(), e.toStatus(), request.getHeader("Accept"));
            } else {
                sendError(response, e);
            }
        } catch (RuntimeException e) {
            log.error("{} {} failed", request.method(), request.path(), e);
            sendError(response, ApiException.internal("an internal error occurred: " + e));
        }
    }

    private void route(HttpServerRequest request, byte[] body, HttpServerResponse response, User user) {
        String path = stripSlash(request.path());
        String method = request.method().name();
        if (path.equals("/openapi/v2") && method.equals("GET")) {
            String accept = request.getHeader("Accept");
            if (accept != null && accept.contains(OpenApiV2.PROTOBUF)) {
                response.setStatusCode(200).putHeader("Content-Type", OpenApiV2.PROTOBUF_RESPONSE)
                        .end(Buffer.buffer(openApi.v2().protobuf()));
            } else {
                sendJson(response, 200, openApi.v2().json());
            }
            return;
        }
        if ((path.equals("/api") || path.equals("/apis")) && method.equals("GET")
                && AggregatedDiscovery.wanted(request.getHeader("Accept"))) {
            response.setStatusCode(200).putHeader("Content-Type", AggregatedDiscovery.CONTENT_TYPE)
                    .end(Buffer.buffer(Json.bytes(discovery.aggregated(path.equals("/api")))));
            return;
        }
        Object discovered = discover(path, request);
        if (discovered != null) {
            if (!method.equals("GET")) {
                throw ApiException.methodNotAllowed(method);
            }
            sendJson(response, 200, discovered);
            return;
        }
        RequestInfo info = RequestInfo.parse(path);
        if (info == null) {
            throw ApiException.notFound("the server could not find the requested resource");
        }
        Map<String, String> query = query(request);
        if (PodStreams.handles(info)) {
            podStreams.log(info, request, query);
            return;
        }
        TableRequest table = method.equals("GET") ? TableRequest.from(request.getHeader("Accept"), query, clock) : null;
        if (ProtobufObjects.onlyProtobuf(request.getHeader("Accept"))) {
            // Refused before anything is done, as Kubernetes negotiates before it serves.
            ResourceType type = handler.resolve(info);
            String apiVersion = type.group().isEmpty() ? type.version() : type.group() + "/" + type.version();
            if (isWatch(query) || !ProtobufObjects.hasMessage(apiVersion, type.kind())) {
                throw ApiException.notAcceptable(isWatch(query) ? "a watch" : apiVersion + " " + type.kind());
            }
        }
        if (method.equals("GET") && info.name() == null && isWatch(query)) {
            ResourceType type = handler.resolve(info);
            // Like Kubernetes: column definitions come with the first event only.
            AtomicBoolean first = new AtomicBoolean(true);
            watches.serve(type, type.namespaced() ? info.namespace() : null, query, () -> WatchTransport.http(response),
                    table == null ? null : object -> table.convert(type, object, first.getAndSet(false)));
            return;
        }
        ResourceHandler.Response r = handler.handle(method, info, query, request.getHeader("Content-Type"),
                request.getHeader("User-Agent"), Requesters.stamp(method, info, body, user));
        if (table != null && r.code() == 200 && r.body() instanceof ObjectNode object && info.subresource() == null) {
            byte[] bytes = Json.bytes(table.convert(handler.resolve(info), object));
            response.setStatusCode(200).putHeader("Content-Type", TableRequest.CONTENT_TYPE).end(Buffer.buffer(bytes));
            return;
        }
        for (String warning : r.warnings()) {
            // RFC 7234 warn-code 299 with the text quoted, as Kubernetes sends warnings.
            response.headers().add("Warning", "299 - \"" + warning.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
        sendNegotiated(response, r.code(), r.body(), request.getHeader("Accept"));
    }

    /** JSON, or protobuf for a client that accepts only that (406 when the kind has no protobuf form). */
    private static void sendNegotiated(HttpServerResponse response, int code, Object body, String accept) {
        if (!ProtobufObjects.onlyProtobuf(accept)) {
            sendJson(response, code, body);
            return;
        }
        JsonNode tree = Json.MAPPER.valueToTree(body);
        Optional<byte[]> encoded = ProtobufObjects.encode(tree);
        if (encoded.isEmpty()) {
            ApiException e = ApiException.notAcceptable(tree.path("apiVersion").asString("") + " " + tree.path("kind").asString(""));
            sendJson(response, e.code(), e.toStatus());
            return;
        }
        response.setStatusCode(code).putHeader("Content-Type", ProtobufBodies.MEDIA_TYPE).end(Buffer.buffer(encoded.get()));
    }

    private static boolean isYaml(String contentType) {
        return contentType != null && contentType.split(";")[0].trim().equalsIgnoreCase("application/yaml");
    }

    private static boolean isProtobuf(String contentType) {
        return contentType != null && contentType.split(";")[0].trim().equalsIgnoreCase(ProtobufBodies.MEDIA_TYPE);
    }

    /**
     * Bodies must be JSON or protobuf (PATCH bodies are JSON of a patch media type, checked where
     * patches are applied; YAML is converted before). Kubernetes also takes CBOR; Podyard does not, and
     * says so with 415 rather than misreading the bytes.
     */
    private static void requireJson(String contentType, String method) {
        String media = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase();
        if (method.equals("PATCH") || media.equals("application/json") || media.isEmpty()) {
            return;
        }
        throw ApiException.unsupportedMediaType(contentType);
    }

    /** A discovery document for {@code path}, or null if the path is not a discovery path. */
    private Object discover(String path, HttpServerRequest request) {
        String[] p = path.substring(1).split("/");
        if (path.equals("/api")) {
            return discovery.coreVersions(request.authority() == null ? "" : request.authority().toString());
        }
        if (path.equals("/apis")) {
            return discovery.groups();
        }
        if (path.equals("/openapi/v3")) {
            return openApi.root();
        }
        if (path.startsWith("/openapi/v3/")) {
            return openApi.document(path.substring("/openapi/v3/".length())).orElseThrow(() -> ApiException.notFound(
                    "the server could not find the requested resource"));
        }
        if (p.length == 2 && p[0].equals("api")) {
            return discovery.resources("", p[1]).orElseThrow(() -> ApiException.notFound(
                    "the server could not find the requested resource"));
        }
        if (p.length == 2 && p[0].equals("apis")) {
            return discovery.group(p[1]).orElseThrow(() -> ApiException.notFound(
                    "the server could not find the requested resource"));
        }
        if (p.length == 3 && p[0].equals("apis")) {
            return discovery.resources(p[1], p[2]).orElseThrow(() -> ApiException.notFound(
                    "the server could not find the requested resource"));
        }
        return null;
    }

    private static boolean isWatch(Map<String, String> query) {
        return Queries.flag(query, "watch");
    }

    private static Map<String, String> query(HttpServerRequest request) {
        Map<String, String> query = new HashMap<>();
        for (var e : request.params()) {
            query.putIfAbsent(e.getKey(), e.getValue());
        }
        return query;
    }

    static void sendJson(HttpServerResponse response, int code, Object body) {
        byte[] bytes = Json.bytes(body);
        response.setStatusCode(code).putHeader("Content-Type", "application/json").end(Buffer.buffer(bytes));
    }

    static void sendError(HttpServerResponse response, ApiException e) {
        if (!response.headWritten()) {
            sendJson(response, e.code(), e.toStatus());
        } else if (!response.ended()) {
            response.end();
        }
    }

    private static String stripSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        watches.close();
        nodes.close();
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("API server did not stop cleanly", e);
        }
        accountTokens.awaitKey();
    }
}
