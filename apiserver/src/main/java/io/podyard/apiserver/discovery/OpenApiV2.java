package io.podyard.apiserver.discovery;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /openapi/v2}: a valid Swagger 2.0 document without definitions. kubectl before 1.23 fetches
 * it (as gnostic protobuf) to validate files on the client, and skips validation for kinds it does
 * not define, so with this document validation is left to the server, as newer kubectl does with
 * fieldValidation. The protobuf form is three fields of gnostic's openapi_v2.Document, written by
 * hand: swagger (1), info (2: title 1, version 2) and an empty paths (8).
 */
public final class OpenApiV2 {
    /** What clients ask for in Accept. */
    public static final String PROTOBUF = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
    /** What the response says it is: the same, spelled so Go's MIME parser accepts it (no '@'). */
    public static final String PROTOBUF_RESPONSE = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
    private static final String TITLE = "Kubernetes";
    private static final String VERSION = "v1.32.0";

    private OpenApiV2() {}

    public static byte[] protobuf() {
        try {
            ByteArrayOutputStream infoBytes = new ByteArrayOutputStream();
            CodedOutputStream info = CodedOutputStream.newInstance(infoBytes);
            info.writeString(1, TITLE);
            info.writeString(2, VERSION);
            info.flush();
            ByteArrayOutputStream docBytes = new ByteArrayOutputStream();
            CodedOutputStream doc = CodedOutputStream.newInstance(docBytes);
            doc.writeString(1, "2.0");
            doc.writeBytes(2, ByteString.copyFrom(infoBytes.toByteArray()));
            doc.writeBytes(8, ByteString.EMPTY);
            doc.flush();
            return docBytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode json() {
        ObjectNode doc = JsonMapper.builder().build().createObjectNode();
        doc.put("swagger", "2.0");
        doc.putObject("info").put("title", TITLE).put("version", VERSION);
        doc.putObject("paths");
        doc.putObject("definitions");
        return doc;
    }
}
