package io.podyard.apiserver.discovery;

import io.podyard.api.patch.PatchSchemas;
import io.podyard.api.resource.ResourceRegistry;
import io.podyard.api.resource.ResourceType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAPI v3 documents, one per group version, listing every path and operation with Kubernetes'
 * extensions (x-kubernetes-group-version-kind, x-kubernetes-action) and query parameters. kubectl
 * reads them to learn that the server validates fields itself (so it sends fieldValidation=Strict
 * instead of validating locally), with schemas derived from the model classes for
 * {@code kubectl explain} (structure and types) and Kubernetes' own descriptions ({@link Descriptions}).
 * Built on the first OpenAPI request rather than at startup: only kubectl explain, apply and
 * validation ask, and the schemas and their text cost time and memory a server may never need.
 * The v2 document ({@link OpenApiV2}) is made from the same schemas in the same pass.
 */
public final class OpenApi {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final ResourceRegistry registry;
    private final Supplier<Descriptions> descriptions;
    private volatile Built built;

    private record Built(Map<String, ObjectNode> documents, ObjectNode root, OpenApiV2 v2) {}

    public OpenApi(ResourceRegistry registry) {
        this(registry, Descriptions::load);
    }

    OpenApi(ResourceRegistry registry, Supplier<Descriptions> descriptions) {
        this.registry = registry;
        this.descriptions = descriptions;
    }

    /** {@code /openapi/v3}: where each group version's document is. */
    public ObjectNode root() {
        return built().root();
    }

    /** {@code /openapi/v3/api/v1} or {@code /openapi/v3/apis/group/version}. */
    public Optional<ObjectNode> document(String groupVersionPath) {
        return Optional.ofNullable(built().documents().get(groupVersionPath));
    }

    /** {@code /openapi/v2}: the same schemas as Swagger 2.0 definitions. */
    public OpenApiV2 v2() {
        return built().v2();
    }

    private Built built() {
        Built b = built;
        if (b == null) {
            synchronized (this) {
                b = built;
                if (b == null) {
                    b = build();
                    built = b;
                }
            }
        }
        return b;
    }

    private Built build() {
        Map<String, ObjectNode> documents = new LinkedHashMap<>();
        for (ResourceType t : registry.all()) {
            String gv = t.group().isEmpty() ? "api/" + t.version() : "apis/" + t.group() + "/" + t.version();
            ObjectNode doc = documents.computeIfAbsent(gv, k -> emptyDocument());
            addPaths(doc, t);
            addSchema(doc, t);
        }
        Descriptions text = descriptions.get();
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode paths = root.putObject("paths");
        for (var e : documents.entrySet()) {
            text.describe((ObjectNode) e.getValue().get("components").get("schemas"));
            paths.putObject(e.getKey()).put("serverRelativeURL", "/openapi/v3/" + e.getKey() + "?hash=" + hash(e.getValue()));
        }
        return new Built(Map.copyOf(documents), root, new OpenApiV2(SwaggerPaths.of(documents.values()),
                SwaggerDefinitions.of(documents.values())));
    }

    private static ObjectNode emptyDocument() {
        ObjectNode doc = MAPPER.createObjectNode();
        doc.put("openapi", "3.0.0");
        doc.putObject("info").put("title", "Kubernetes").put("version", "v1.32.0");
        doc.putObject("paths");
        doc.putObject("components").putObject("schemas");
        return doc;
    }

    private static void addPaths(ObjectNode doc, ResourceType t) {
        String base = (t.group().isEmpty() ? "/api/" : "/apis/" + t.group() + "/") + t.version();
        String collection = base + (t.namespaced() ? "/namespaces/{namespace}/" : "/") + t.plural();
        ObjectNode paths = (ObjectNode) doc.get("paths");
        ObjectNode list = paths.putObject(collection);
        list.set("get", operation(t, "list", "list"));
        list.set("post", operation(t, "post", "create"));
        list.set("delete", operation(t, "deletecollection", "deletecollection"));
        ObjectNode item = paths.putObject(collection + "/{name}");
        item.set("get", operation(t, "get", "read"));
        item.set("put", operation(t, "put", "replace"));
        item.set("patch", operation(t, "patch", "patch"));
        item.set("delete", operation(t, "delete", "delete"));
        for (String sub : t.subresources()) {
            ObjectNode subPath = paths.putObject(collection + "/{name}/" + sub);
            if (sub.equals("binding") || sub.equals("token")) {
                subPath.set("post", operation(t, "post", "create"));
            } else {
                subPath.set("get", operation(t, "get", "read"));
                subPath.set("put", operation(t, "put", "replace"));
                subPath.set("patch", operation(t, "patch", "patch"));
            }
        }
    }

    /**
     * The kind's schema and everything it references, marked with its GVK so kubectl explain finds it
     * and with the patch strategies kubectl apply reads.
     */
    private static void addSchema(ObjectNode doc, ResourceType t) {
        ObjectNode schemas = (ObjectNode) doc.get("components").get("schemas");
        String name = new ModelSchemas(schemas).add(t.type());
        PatchSchemas.forKind(t.apiVersion(), t.kind()).ifPresent(p -> new PatchExtensions(schemas).tag(name, p));
        ((ObjectNode) schemas.get(name)).putArray("x-kubernetes-group-version-kind").addObject()
                .put("group", t.group()).put("version", t.version()).put("kind", t.kind());
    }

    private static ObjectNode operation(ResourceType t, String action, String verb) {
        ObjectNode op = MAPPER.createObjectNode();
        op.put("operationId", verb + t.kind());
        op.put("x-kubernetes-action", action);
        ObjectNode gvk = op.putObject("x-kubernetes-group-version-kind");
        gvk.put("group", t.group()).put("version", t.version()).put("kind", t.kind());
        ArrayNode parameters = op.putArray("parameters");
        switch (action) {
            case "post", "put", "patch" -> {
                query(parameters, "dryRun");
                query(parameters, "fieldManager");
                query(parameters, "fieldValidation");
                if (action.equals("patch")) {
                    parameters.addObject().put("name", "force").put("in", "query")
                            .putObject("schema").put("type", "boolean");
                }
            }
            case "list", "deletecollection" -> {
                for (String p : new String[] {"labelSelector", "fieldSelector", "limit", "continue",
                        "resourceVersion", "resourceVersionMatch", "watch", "allowWatchBookmarks", "timeoutSeconds"}) {
                    query(parameters, p);
                }
            }
            default -> query(parameters, "pretty");
        }
        op.putObject("responses").putObject("200").put("description", "OK");
        return op;
    }

    private static void query(ArrayNode parameters, String name) {
        parameters.addObject().put("name", name).put("in", "query").putObject("schema").put("type", "string");
    }

    private static String hash(ObjectNode doc) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-512")
                    .digest(MAPPER.writeValueAsString(doc).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().withUpperCase().formatHex(digest, 0, 64);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
