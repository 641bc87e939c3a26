package io.podyard.api.patch;

import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Parses the JSON of test tables, which use single quotes so they read well inside Java strings. */
final class Json {
    private static final JsonMapper MAPPER =
            JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();

    private Json() {}

    static JsonNode parse(String json) {
        return MAPPER.readTree(json);
    }
}
