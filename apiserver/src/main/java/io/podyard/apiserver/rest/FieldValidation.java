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
     * One parse detects duplicate fields; only a body that has one is parsed a second time.
     */
    static ObjectNode decode(ResourceType type, byte[] body, Mode mode, List<String> warnings) {
        List<String> problems = new ArrayList<>();
        ObjectNode object;
        try {
            object = Json.parseObject(STRICT_PARSER, body);
        } catch (ApiException e) {
            Matcher duplicate = DUPLICATE.matcher(e.getMessage());
            if (!duplicate.find()) {
                throw e;
            }
            problems.add("duplicate field \"" + duplicate.group(1) + "\"");
            object = Json.parseObject(body);
        }
        if (mode == Mode.IGNORE) {
            problems.clear();
        }
        Object typed;
        try {
            typed = Json.MAPPER.treeToValue(object, type.type());
        } catch (JacksonException e) {
            throw ApiException.badRequest(cannotHandle(type) + e.getOriginalMessage());
        }
        if (mode != Mode.IGNORE) {
            for (String field : UnknownFields.find(typed)) {
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
        UnknownFields.strip(typed);
        return Json.MAPPER.valueToTree(typed);
    }

    private static String cannotHandle(ResourceType type) {
        return type.kind() + " in version \"" + type.version() + "\" cannot be handled as a " + type.kind() + ": ";
    }
}
