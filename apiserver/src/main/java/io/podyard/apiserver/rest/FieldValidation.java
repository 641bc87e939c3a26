package io.podyard.apiserver.rest;

import io.podyard.api.decoding.UnknownFields;
import io.podyard.api.resource.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decodes a written object as its Kubernetes type, the way the API server's decoder does: a value
 * of the wrong type is a 400; unknown and duplicate fields are refused (Strict), reported as
 * warnings (Warn, the default) or dropped silently (Ignore). What is stored is the typed object
 * again, without the unknown fields.
 */
final class FieldValidation {
    private static final JsonMapper STRICT_PARSER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /** How Jackson names the first duplicate it meets. */
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate Object property \"([^\"]*)\"");

    enum Mode { STRICT, WARN, IGNORE }

    private FieldValidation() {}

    static Mode mode(Map<String, String> query) {
        String v = query.get("fieldValidation");
        if (v == null || v.isEmpty()) {
            return Mode.WARN;
        }
        return switch (v) {
            case "Strict" -> Mode.STRICT;
            case "Warn" -> Mode.WARN;
            case "Ignore" -> Mode.IGNORE;
            default -> throw ApiException.badRequest("fieldValidation must be one of Ignore, Warn or Strict, got "
                    + v);
        };
    }

    /**
     * The request body as its type knows it; {@code warnings} receives what Warn mode reports.
     * The body is read straight into its type in one pass that also detects duplicate fields; only
     * a body that has one is read a second time.
     */
    static ObjectNode decode(ResourceType type, byte[] body, Mode mode, List<String> warnings) {
        if (!startsAnObject(body)) {
            Json.parseObject(body); // refuses it with the reason: empty, not JSON, or not an object
        }
        List<String> problems = new ArrayList<>();
        Object typed;
        try {
            typed = read(STRICT_PARSER, type, body);
        } catch (StreamReadException e) {
            Matcher duplicate = DUPLICATE.matcher(e.getMessage());
            if (!duplicate.find()) {
                throw notJson(e);
            }
            problems.add("duplicate field \"" + duplicate.group(1) + "\"");
            try {
                typed = read(Json.MAPPER, type, body);
            } catch (StreamReadException again) {
                throw notJson(again);
            }
        }
        List<String> unknown = UnknownFields.strip(typed);
        if (mode == Mode.IGNORE) {
            problems.clear();
        } else {
            for (String field : unknown) {
                problems.add("unknown field \"" + field + "\"");
            }
        }
        if (!problems.isEmpty()) {
            if (mode == Mode.STRICT) {
                throw ApiException.badRequest(cannotHandle(type) + "strict decoding error: "
                        + String.join(", ", problems));
            }
            warnings.addAll(problems);
        }
        return Json.MAPPER.valueToTree(typed);
    }

    /** The body as its type; a value of the wrong type is a 400 naming the type, as Kubernetes does. */
    private static Object read(JsonMapper mapper, ResourceType type, byte[] body) {
        try {
            return mapper.readValue(body, type.type());
        } catch (StreamReadException e) {
            throw e;
        } catch (JacksonException e) {
            throw ApiException.badRequest(cannotHandle(type) + e.getOriginalMessage());
        }
    }

    private static ApiException notJson(StreamReadException e) {
        return ApiException.badRequest("the request body is not valid JSON: " + e.getOriginalMessage());
    }

    /** Whether the first byte that is not white space opens a JSON object. */
    static boolean startsAnObject(byte[] body) {
        if (body == null) {
            return false;
        }
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b == '{';
            }
        }
        return false;
    }

    private static String cannotHandle(ResourceType type) {
        return type.kind() + " in version \"" + type.version() + "\" cannot be handled as a " + type.kind() + ": ";
    }
}
