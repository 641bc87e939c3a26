package io.podyard.apiserver.protobuf;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;
import io.podyard.apiserver.rest.Json;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes response objects in Kubernetes' protobuf encoding, for clients that accept nothing else
 * (client-java's ProtoClient): the magic {@code k8s\0} and a runtime.Unknown holding the object's
 * generated message, the inverse of {@link ProtobufBodies}. Kinds without a generated message here
 * have no protobuf form; the caller answers 406 for them, as Kubernetes does for custom resources.
 */
public final class ProtobufObjects {
    private ProtobufObjects() {}

    /**
     * True when an Accept header lists only Kubernetes protobuf, so a JSON answer would not be
     * understood; clients that list JSON too (kubectl) keep getting JSON.
     */
    public static boolean onlyProtobuf(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        for (String range : accept.split(",")) {
            if (!range.split(";")[0].trim().equalsIgnoreCase(ProtobufBodies.MEDIA_TYPE)) {
                return false;
            }
        }
        return true;
    }

    /** The object (a JSON tree with apiVersion and kind) as a protobuf body, if its kind has a message. */
    public static Optional<byte[]> encode(JsonNode object) {
        String apiVersion = object.path("apiVersion").asString("");
        String kind = object.path("kind").asString("");
        Descriptor type = kind.equals("Status") ? Meta.Status.getDescriptor() : messageType(apiVersion, kind);
        if (type == null || !(object instanceof ObjectNode json)) {
            return Optional.empty();
        }
        Runtime.Unknown unknown = Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
                .setRaw(message(type, json).toByteString())
                .setContentEncoding("").setContentType("")
                .build();
        byte[] body = unknown.toByteArray();
        byte[] out = new byte[ProtobufBodies.MAGIC.length + body.length];
        System.arraycopy(ProtobufBodies.MAGIC, 0, out, 0, ProtobufBodies.MAGIC.length);
        System.arraycopy(body, 0, out, ProtobufBodies.MAGIC.length, body.length);
        return Optional.of(out);
    }

    /** Whether objects of this kind have a protobuf form here. */
    public static boolean hasMessage(String apiVersion, String kind) {
        return messageType(apiVersion, kind) != null;
    }

    private static Descriptor messageType(String apiVersion, String kind) {
        FileDescriptor file = ProtobufBodies.GROUPS.get(apiVersion);
        return file == null ? null : file.findMessageTypeByName(kind);
    }

    private static Message message(Descriptor type, ObjectNode json) {
        DynamicMessage.Builder b = DynamicMessage.newBuilder(type);
        FieldDescriptor inline = type.findFieldByName(ProtobufBodies.INLINE.getOrDefault(type.getName(), ""));
        ObjectNode inlined = Json.MAPPER.createObjectNode();
        for (Map.Entry<String, JsonNode> e : json.properties()) {
            FieldDescriptor f = type.findFieldByName(e.getKey());
            JsonNode v = e.getValue();
            if (f == null) {
                // Fields of an embedded Go struct sit in the parent's JSON but in a field of their own here.
                if (inline != null && inline.getMessageType().findFieldByName(e.getKey()) != null) {
                    inlined.set(e.getKey(), v);
                }
                continue;
            }
            if (v.isNull()) {
                continue;
            }
            if (f.isMapField()) {
                Descriptor entry = f.getMessageType();
                FieldDescriptor value = entry.findFieldByName("value");
                for (Map.Entry<String, JsonNode> item : v.properties()) {
                    b.addRepeatedField(f, DynamicMessage.newBuilder(entry)
                            .setField(entry.findFieldByName("key"), item.getKey())
                            .setField(value, value(value, item.getValue())).build());
                }
            } else if (f.isRepeated()) {
                for (JsonNode item : v) {
                    b.addRepeatedField(f, value(f, item));
                }
            } else {
                b.setField(f, value(f, v));
            }
        }
        if (inline != null && !inlined.isEmpty()) {
            b.setField(inline, message(inline.getMessageType(), inlined));
        }
        return b.build();
    }

    private static Object value(FieldDescriptor f, JsonNode v) {
        return switch (f.getJavaType()) {
            case MESSAGE -> special(f.getMessageType(), v);
            case BYTE_STRING -> ByteString.copyFrom(Base64.getDecoder().decode(v.asString("")));
            case STRING -> v.isString() ? v.asString() : v.toString();
            case BOOLEAN -> v.asBoolean();
            case INT -> v.asInt();
            case LONG -> v.asLong();
            case FLOAT -> (float) v.asDouble();
            case DOUBLE -> v.asDouble();
            case ENUM -> f.getEnumType().findValueByName(v.asString(""));
        };
    }

    /** apimachinery types whose JSON is not their message shape (see {@link ProtobufBodies}). */
    private static Message special(Descriptor type, JsonNode v) {
        String name = type.getFullName();
        DynamicMessage.Builder b = DynamicMessage.newBuilder(type);
        String apimachinery = name.startsWith(ProtobufBodies.APIMACHINERY)
                ? name.substring(ProtobufBodies.APIMACHINERY.length()) : "";
        switch (apimachinery) {
            case "util.intstr.IntOrString" -> {
                if (v.isNumber()) {
                    b.setField(type.findFieldByName("type"), 0L).setField(type.findFieldByName("intVal"), v.asInt());
                } else {
                    b.setField(type.findFieldByName("type"), 1L).setField(type.findFieldByName("strVal"), v.asString(""));
                }
            }
            case "api.resource.Quantity" -> b.setField(type.findFieldByName("string"), v.isString() ? v.asString() : v.toString());
            case "apis.meta.v1.Time", "apis.meta.v1.MicroTime" -> {
                Instant t = Instant.parse(v.asString(""));
                b.setField(type.findFieldByName("seconds"), t.getEpochSecond());
                b.setField(type.findFieldByName("nanos"), apimachinery.endsWith("MicroTime") ? t.getNano() : 0);
            }
            case "runtime.RawExtension" -> b.setField(type.findFieldByName("raw"), ByteString.copyFrom(Json.bytes(v)));
            case "apis.meta.v1.FieldsV1" -> b.setField(type.findFieldByName("Raw"), ByteString.copyFrom(Json.bytes(v)));
            default -> {
                return v instanceof ObjectNode object ? message(type, object) : b.build();
            }
        }
        return b.build();
    }
}
