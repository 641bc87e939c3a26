package io.podyard.apiserver.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kubernetes' descriptions of the built-in types and their fields, for {@code kubectl explain}. The
 * build extracts them from the official Java client's models into {@link #RESOURCE} (see
 * DescriptionsGenerator in the tests): schema name → {"": type description, field → description}.
 * Read only when the OpenAPI documents are first built, and dropped once they carry the text.
 */
final class Descriptions {
    static final String RESOURCE = "/io/podyard/apiserver/discovery/descriptions.json.gz";
    static final Descriptions NONE = new Descriptions(JsonMapper.builder().build().createObjectNode());
    private static final Logger log = LoggerFactory.getLogger(Descriptions.class);

    private final JsonNode byName;

    Descriptions(JsonNode byName) {
        this.byName = byName;
    }

    /** The build's descriptions, or none (a build that skipped test classes has no resource). */
    static Descriptions load() {
        try (InputStream in = Descriptions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                log.warn("{} is missing, so kubectl explain shows no descriptions", RESOURCE);
                return NONE;
            }
            return new Descriptions(JsonMapper.builder().build().readTree(new GZIPInputStream(in)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Puts the descriptions into a document's components.schemas, on types and on their properties. */
    void describe(ObjectNode schemas) {
        for (String name : schemas.propertyNames()) {
            JsonNode d = byName.get(name);
            if (d == null) {
                continue;
            }
            ObjectNode schema = (ObjectNode) schemas.get(name);
            if (d.has("")) {
                schema.put("description", d.get("").asString());
            }
            JsonNode properties = schema.path("properties");
            for (String field : properties.propertyNames()) {
                if (d.has(field)) {
                    ((ObjectNode) properties.get(field)).put("description", d.get(field).asString());
                }
            }
        }
    }
}
