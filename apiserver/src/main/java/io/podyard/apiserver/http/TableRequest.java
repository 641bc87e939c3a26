package io.podyard.apiserver.http;

import io.podyard.api.resource.ResourceType;
import io.podyard.api.table.IncludeObject;
import io.podyard.api.table.Tables;
import io.podyard.apiserver.rest.ApiException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A request for server-side printing: kubectl get asks for
 * {@code application/json;as=Table;v=v1;g=meta.k8s.io} and prints the columns the server chooses.
 */
record TableRequest(IncludeObject include, InstantSource clock) {
    static final String CONTENT_TYPE = "application/json;as=Table;v=v1;g=meta.k8s.io";

    /** The Table request in an Accept header, or null when the client wants plain objects. */
    static TableRequest from(String accept, Map<String, String> query, InstantSource clock) {
        if (accept == null || !accept.contains("as=Table")) {
            return null;
        }
        for (String choice : accept.split(",")) {
            String c = choice.replace(" ", "");
            if (c.contains("as=Table") && c.contains("g=meta.k8s.io") && (c.contains("v=v1;") || c.endsWith("v=v1"))) {
                try {
                    return new TableRequest(IncludeObject.parse(query.get("includeObject")), clock);
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest(e.getMessage());
                }
            }
        }
        return null; // only older Table versions asked for: answer with objects, which kubectl accepts
    }

    /** A list (with "items") or a single object, as a Table. */
    ObjectNode convert(ResourceType type, ObjectNode body) {
        return convert(type, body, true);
    }

    /** As {@link #convert(ResourceType, ObjectNode)}; {@code headers} false leaves out the columns (watch events after the first). */
    ObjectNode convert(ResourceType type, ObjectNode body, boolean headers) {
        JsonNode meta = body.path("metadata");
        if (body.get("items") instanceof tools.jackson.databind.node.ArrayNode items) {
            List<ObjectNode> objects = new ArrayList<>(items.size());
            for (JsonNode item : items) {
                objects.add((ObjectNode) item);
            }
            return Tables.table(type, objects, clock.instant(), include, meta.path("resourceVersion").asString(""),
                    meta.path("continue").asString(""));
        }
        return Tables.table(type, List.of(body), clock.instant(), include, meta.path("resourceVersion").asString(""),
                null, headers);
    }
}
