package io.podyard.api.table;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The API server's default table convertor (apiserver/pkg/registry/rest/table.go), used for kinds
 * without a printer such as LimitRange: NAME and CREATED AT, the creation time in RFC 3339.
 */
final class DefaultColumns {
    // Go's time.RFC3339 on a UTC time: whole seconds and a literal Z.
    private static final DateTimeFormatter RFC3339 =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    static final KindColumns COLUMNS = KindColumns.of(
            List.of(Column.NAME, new Column("Created At", "date", "", Column.CREATED_DOC, 0)),
            (object, now) -> List.of(Fields.name(object), createdAt(object)));

    private DefaultColumns() {}

    private static String createdAt(JsonNode object) {
        Instant created = Fields.time(object, "metadata", "creationTimestamp");
        return RFC3339.format(created == null ? Instant.parse("0001-01-01T00:00:00Z") : created);
    }
}
