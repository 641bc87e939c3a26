package io.podyard.apiserver.protobuf;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Batch;
import io.kubernetes.client.proto.V1Certificates;
import io.kubernetes.client.proto.V1Coordination;
import io.kubernetes.client.proto.V1Discovery;
import io.kubernetes.client.proto.V1Events;
import io.kubernetes.client.proto.V1Scheduling;
import io.podyard.apiserver.rest.ApiException;
import io.podyard.apiserver.rest.Json;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads request bodies in Kubernetes' protobuf encoding ({@code application/vnd.kubernetes.protobuf},
 * which kubectl's typed commands send), as the JSON the rest of the server works with. The body is
 * the magic {@code k8s\0} and a runtime.Unknown whose raw bytes are the object's generated message;
 * the few apimachinery types that have a different JSON form (IntOrString, Quantity, Time, ...) are
 * mapped to it.
 */
public final class ProtobufBodies {
    public static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";
    static final byte[] MAGIC = {'k', '8', 's', 0};
    static final Map<String, FileDescriptor> GROUPS = Map.of(
            "v1", V1.getDescriptor(),
            "apps/v1", V1Apps.getDescriptor(),
            "batch/v1", V1Batch.getDescriptor(),
            "certificates.k8s.io/v1", V1Certificates.getDescriptor(),
            "scheduling.k8s.io/v1", V1Scheduling.getDescriptor(),
            "coordination.k8s.io/v1", V1Coordination.getDescriptor(),
            "discovery.k8s.io/v1", V1Discovery.getDescriptor(),
            "events.k8s.io/v1", V1Events.getDescriptor());
    static final String APIMACHINERY = "k8s.io.apimachinery.pkg.";
    /**
     * Go structs embedded inline (their fields sit in the parent's JSON) that protobuf carries as a
     * named field: message name → field name.
     */
    static final Map<String, String> INLINE = Map.of(
            "Probe", "handler",
            "Volume", "volumeSource",
            "PersistentVolumeSpec", "persistentVolumeSource",
            "EphemeralContainer", "ephemeralContainerCommon");

    private ProtobufBodies() {}

    /** The body as JSON bytes; 400 if it is not Kubernetes protobuf, 415 for a type without a schema here. */
    public static byte[] toJson(byte[] body) {
        if (body.length < MAGIC.length || body[0] != 'k' || body[1] != '8' || body[2] != 's' || body[3] != 0) {
            throw ApiException.badRequest("the protobuf body does not start with Kubernetes' k8s\\0 prefix");
        }
        try {
            Runtime.Unknown unknown = Runtime.Unknown.parseFrom(ByteString.copyFrom(body, 4, body.length - 4));
            String apiVersion = unknown.getTypeMeta().getApiVersion();
            String kind = unknown.getTypeMeta().getKind();
            FileDescriptor file = GROUPS.get(apiVersion);
            Descriptor type = file == null ? null : file.findMessageTypeByName(kind);
            if (type == null) {
                throw ApiException.unsupportedMediaType(MEDIA_TYPE + " for " + apiVersion + " " + kind);
            }
            ObjectNode object = message(DynamicMessage.parseFrom(type, unknown.getRaw()));
            object.put("apiVersion", apiVersion);
            object.put("kind", kind);
            return Json.bytes(object);
        } catch (InvalidProtocolBufferException e) {
            throw ApiException.badRequest("the protobuf body cannot be read: " + e.getMessage());
        }
    }

    private static ObjectNode message(Message m) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        for (FieldDescriptor f : m.getDescriptorForType().getFields()) {
            if (f.isMapField()) {
                int n = m.getRepeatedFieldCount(f);
                if (n > 0) {
                    ObjectNode map = json.putObject(f.getName());
                    for (int i = 0; i < n; i++) {
                        Message entry = (Message) m.getRepeatedField(f, i);
                        FieldDescriptor key = entry.getDescriptorForType().findFieldByName("key");
                        FieldDescriptor value = entry.getDescriptorForType().findFieldByName("value");
                        map.set(String.valueOf(entry.getField(key)), value(value, entry.getField(value)));
                    }
                }
            } else if (f.isRepeated()) {
                int n = m.getRepeatedFieldCount(f);
                if (n > 0) {
                    ArrayNode list = json.putArray(f.getName());
                    for (int i = 0; i < n; i++) {
                        list.add(value(f, m.getRepeatedField(f, i)));
                    }
                }
            } else if (m.hasField(f) && !isEmptyString(f, m.getField(f))) {
                JsonNode value = value(f, m.getField(f));
                if (f.getName().equals(INLINE.get(m.getDescriptorForType().getName())) && value instanceof ObjectNode inline) {
                    json.setAll(inline);
                } else {
                    json.set(f.getName(), value);
                }
            }
        }
        return json;
    }

    /**
     * Go's encoder writes a non-pointer string even when empty; in JSON such a field is omitted (and
     * defaulting treats "" as unset), so an empty string reads as an absent field.
     */
    private static boolean isEmptyString(FieldDescriptor f, Object v) {
        return f.getJavaType() == FieldDescriptor.JavaType.STRING && ((String) v).isEmpty();
    }

    private static JsonNode value(FieldDescriptor f, Object v) {
        return switch (f.getJavaType()) {
            case MESSAGE -> special((Message) v);
            case BYTE_STRING -> Json.MAPPER.getNodeFactory().stringNode(
                    Base64.getEncoder().encodeToString(((ByteString) v).toByteArray()));
            case STRING -> Json.MAPPER.getNodeFactory().stringNode((String) v);
            case BOOLEAN -> Json.MAPPER.getNodeFactory().booleanNode((Boolean) v);
            case INT -> Json.MAPPER.getNodeFactory().numberNode((Integer) v);
            case LONG -> Json.MAPPER.getNodeFactory().numberNode((Long) v);
            case FLOAT -> Json.MAPPER.getNodeFactory().numberNode((Float) v);
            case DOUBLE -> Json.MAPPER.getNodeFactory().numberNode((Double) v);
            case ENUM -> Json.MAPPER.getNodeFactory().stringNode(v.toString());
        };
    }

    /** apimachinery types whose JSON is not their message shape. */
    private static JsonNode special(Message m) {
        String name = m.getDescriptorForType().getFullName();
        if (!name.startsWith(APIMACHINERY)) {
            return message(m);
        }
        ObjectNode fields = message(m);
        return switch (name.substring(APIMACHINERY.length())) {
            case "util.intstr.IntOrString" -> fields.path("type").asLong(0) == 1
                    ? Json.MAPPER.getNodeFactory().stringNode(fields.path("strVal").asString(""))
                    : Json.MAPPER.getNodeFactory().numberNode(fields.path("intVal").asInt(0));
            case "api.resource.Quantity" -> Json.MAPPER.getNodeFactory().stringNode(fields.path("string").asString(""));
            // A zero Time is Go's unset time, which JSON writes as null (creationTimestamp in templates).
            case "apis.meta.v1.Time" -> fields.path("seconds").asLong(0) == 0 && fields.path("nanos").asLong(0) == 0
                    ? Json.MAPPER.getNodeFactory().nullNode()
                    : Json.MAPPER.getNodeFactory().stringNode(DateTimeFormatter.ISO_INSTANT.format(
                            Instant.ofEpochSecond(fields.path("seconds").asLong(0)).truncatedTo(ChronoUnit.SECONDS)));
            case "apis.meta.v1.MicroTime" -> Json.MAPPER.getNodeFactory().stringNode(DateTimeFormatter.ISO_INSTANT
                    .format(Instant.ofEpochSecond(fields.path("seconds").asLong(0), fields.path("nanos").asLong(0))
                            .truncatedTo(ChronoUnit.MICROS)));
            case "runtime.RawExtension" -> raw(fields.path("raw"));
            case "apis.meta.v1.FieldsV1" -> raw(fields.path("Raw"));
            default -> fields;
        };
    }

    /** Embedded JSON carried as bytes (base64 in {@code encoded}). */
    private static JsonNode raw(JsonNode encoded) {
        if (!encoded.isString()) {
            return Json.MAPPER.createObjectNode();
        }
        return Json.MAPPER.readTree(Base64.getDecoder().decode(encoded.asString()));
    }
}
