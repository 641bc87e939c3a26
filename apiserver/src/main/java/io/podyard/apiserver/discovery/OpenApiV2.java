package io.podyard.apiserver.discovery;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /openapi/v2}: a Swagger 2.0 document with the paths ({@link SwaggerPaths}) and the
 * definitions of every built-in type ({@link SwaggerDefinitions}). kubectl before 1.23 reads it (as
 * gnostic protobuf) for {@code explain}, to validate files on the client and to learn which kinds take
 * {@code dryRun}; every kubectl reads the patch strategies of {@code apply} here. The protobuf form is
 * gnostic's openapi_v2.Document, written by hand: swagger (1), info (2), paths (8) and definitions (9),
 * each message with the fields the document uses.
 */
public final class OpenApiV2 {
    /** What clients ask for in Accept. */
    public static final String PROTOBUF = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
    /** What the response says it is: the same, spelled so Go's MIME parser accepts it (no '@'). */
    public static final String PROTOBUF_RESPONSE = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final String TITLE = "Kubernetes";
    private static final String VERSION = "v1.32.0";

    private final ObjectNode json;
    private final byte[] protobuf;

    OpenApiV2(ObjectNode paths, ObjectNode definitions) {
        this.json = MAPPER.createObjectNode();
        json.put("swagger", "2.0");
        json.putObject("info").put("title", TITLE).put("version", VERSION);
        json.set("paths", paths);
        json.set("definitions", definitions);
        this.protobuf = encode(paths, definitions);
    }

    public ObjectNode json() {
        return json;
    }

    public byte[] protobuf() {
        return protobuf;
    }

    private static byte[] encode(ObjectNode paths, ObjectNode definitions) {
        return message(out -> {
            out.writeString(1, "2.0");
            out.writeBytes(2, message(info -> {
                info.writeString(1, TITLE);
                info.writeString(2, VERSION);
            }));
            out.writeBytes(8, message(items -> {
                for (Map.Entry<String, JsonNode> e : paths.properties()) {
                    items.writeBytes(2, message(named -> {
                        named.writeString(1, e.getKey());
                        named.writeBytes(2, pathItem(e.getValue()));
                    }));
                }
            }));
            out.writeBytes(9, message(defs -> namedSchemas(defs, definitions)));
        }).toByteArray();
    }

    /** gnostic's PathItem: get 2, put 3, post 4, delete 5, patch 8. */
    private static ByteString pathItem(JsonNode item) {
        Map<String, Integer> fields = Map.of("get", 2, "put", 3, "post", 4, "delete", 5, "patch", 8);
        return message(out -> {
            for (Map.Entry<String, JsonNode> e : item.properties()) {
                if (fields.containsKey(e.getKey())) {
                    out.writeBytes(fields.get(e.getKey()), operation(e.getValue()));
                }
            }
        });
    }

    /**
     * gnostic's Operation: operationId 5, parameters 8 (each a query parameter: ParametersItem 1 >
     * Parameter 2 > NonBodyParameter 3 > QueryParameterSubSchema with in 2, name 4, type 6),
     * responses 9 (code 1 > ResponseValue 2 > Response 1 with description 1), extensions 13.
     */
    private static ByteString operation(JsonNode op) {
        return message(out -> {
            text(out, 5, op, "operationId");
            for (JsonNode p : op.path("parameters")) {
                ByteString query = message(q -> {
                    text(q, 2, p, "in");
                    text(q, 4, p, "name");
                    text(q, 6, p, "type");
                });
                out.writeBytes(8, message(item -> item.writeBytes(1, message(parameter ->
                        parameter.writeBytes(2, message(nonBody -> nonBody.writeBytes(3, query)))))));
            }
            out.writeBytes(9, message(responses -> {
                for (Map.Entry<String, JsonNode> e : op.path("responses").properties()) {
                    ByteString response = message(r -> text(r, 1, e.getValue(), "description"));
                    responses.writeBytes(1, message(named -> {
                        named.writeString(1, e.getKey());
                        named.writeBytes(2, message(value -> value.writeBytes(1, response)));
                    }));
                }
            }));
            extensions(out, 13, op);
        });
    }

    /** A map of schemas: repeated NamedSchema (name 1, value 2) in field 1. */
    private static void namedSchemas(CodedOutputStream out, JsonNode schemas) throws IOException {
        for (Map.Entry<String, JsonNode> e : schemas.properties()) {
            out.writeBytes(1, message(named -> {
                named.writeString(1, e.getKey());
                named.writeBytes(2, schema(e.getValue()));
            }));
        }
    }

    /**
     * gnostic's Schema: $ref 1, format 2, description 4, required 19, additionalProperties 21, type 22,
     * items 23, properties 25, vendor extensions 31.
     */
    private static ByteString schema(JsonNode s) {
        return message(out -> {
            text(out, 1, s, "$ref");
            text(out, 2, s, "format");
            text(out, 4, s, "description");
            for (JsonNode required : s.path("required")) {
                out.writeString(19, required.asString());
            }
            if (s.has("additionalProperties")) {
                ByteString value = schema(s.get("additionalProperties"));
                out.writeBytes(21, message(item -> item.writeBytes(1, value)));
            }
            if (s.has("type")) {
                out.writeBytes(22, message(type -> type.writeString(1, s.get("type").asString())));
            }
            if (s.has("items")) {
                ByteString value = schema(s.get("items"));
                out.writeBytes(23, message(items -> items.writeBytes(1, value)));
            }
            if (s.has("properties")) {
                out.writeBytes(25, message(properties -> namedSchemas(properties, s.get("properties"))));
            }
            extensions(out, 31, s);
        });
    }

    /** Vendor extensions (x-...) as repeated NamedAny: name 1, value 2 (Any with YAML 2, which JSON text is). */
    private static void extensions(CodedOutputStream out, int field, JsonNode node) throws IOException {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (e.getKey().startsWith("x-")) {
                String yaml = MAPPER.writeValueAsString(e.getValue());
                out.writeBytes(field, message(named -> {
                    named.writeString(1, e.getKey());
                    named.writeBytes(2, message(any -> any.writeString(2, yaml)));
                }));
            }
        }
    }

    private static void text(CodedOutputStream out, int field, JsonNode s, String name) throws IOException {
        if (s.has(name)) {
            out.writeString(field, s.get(name).asString());
        }
    }

    private interface Fields {
        void write(CodedOutputStream out) throws IOException;
    }

    private static ByteString message(Fields fields) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            fields.write(out);
            out.flush();
            return ByteString.copyFrom(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
