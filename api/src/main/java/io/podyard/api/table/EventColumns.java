package io.podyard.api.table;

import static io.podyard.api.table.Fields.integer;
import static io.podyard.api.table.Fields.present;
import static io.podyard.api.table.Fields.since;
import static io.podyard.api.table.Fields.text;
import static io.podyard.api.table.Fields.time;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Events, from either API. Kubernetes prints both from its internal Event, so events.k8s.io's
 * regarding, note and deprecated* fields stand in for core/v1's involvedObject, message and the
 * rest. NAME is the last column and only wide, so {@code kubectl get events} leads with LAST SEEN.
 */
final class EventColumns {
    /** Where each internal Event field lives in one API's JSON; a zero timestamp counts as absent. */
    private record Layout(String involvedObject, String message, String firstTimestamp, String lastTimestamp,
            String count, String source, String reportingController) {}

    private static final Layout CORE = new Layout("involvedObject", "message", "firstTimestamp", "lastTimestamp",
            "count", "source", "reportingComponent");
    private static final Layout EVENTS_API = new Layout("regarding", "note", "deprecatedFirstTimestamp",
            "deprecatedLastTimestamp", "deprecatedCount", "deprecatedSource", "reportingController");

    private static final List<Column> COLUMNS = List.of(
            Column.string("Last Seen", "The time at which the most recent occurrence of this event was recorded."),
            Column.string("Type", "Type of this event (Normal, Warning), new types could be added in the future"),
            Column.string("Reason", "This should be a short, machine understandable string that gives the reason"
                    + " for the transition into the object's current status."),
            Column.string("Object", "The object that this event is about."),
            Column.wide("Subobject", "string", "If referring to a piece of an object instead of an entire object,"
                    + " this string should contain a valid JSON/Go field access statement."),
            Column.wide("Source", "string", "The component reporting this event."),
            Column.string("Message", "A human-readable description of the status of this operation."),
            Column.wide("First Seen", "string", "The time at which the event was first recorded."),
            Column.wide("Count", "string", "The number of times this event has occurred."),
            new Column("Name", "string", "name", Column.NAME_DOC, 1));

    static final KindColumns CORE_EVENT = KindColumns.of(COLUMNS, (event, now) -> cells(event, CORE, now));
    static final KindColumns EVENTS_EVENT = KindColumns.of(COLUMNS, (event, now) -> cells(event, EVENTS_API, now));

    private EventColumns() {}

    private static List<Object> cells(JsonNode event, Layout f, Instant now) {
        Instant first = time(event, f.firstTimestamp());
        String firstSeen = since(first != null ? first : time(event, "eventTime"), now);
        Instant last = time(event, f.lastTimestamp());
        String lastSeen = last != null ? since(last, now) : firstSeen;
        long count = integer(event, f.count());
        if (present(event, "series")) {
            lastSeen = since(time(event, "series", "lastObservedTime"), now);
            count = integer(event, "series", "count");
        } else if (count == 0) {
            // Singleton events don't set a count in the events.k8s.io API.
            count = 1;
        }
        JsonNode involved = event.path(f.involvedObject());
        String kind = text(involved, "kind").toLowerCase();
        String target = text(involved, "name").isEmpty() ? kind : kind + "/" + text(involved, "name");
        return List.of(lastSeen, text(event, "type"), text(event, "reason"), target, text(involved, "fieldPath"),
                source(event, f), text(event, f.message()).strip(), firstSeen, count, Fields.name(event));
    }

    /** "component, host", preferring the reporting controller and instance when the source is empty. */
    private static String source(JsonNode event, Layout f) {
        String component = firstNonEmpty(text(event, f.source(), "component"), text(event, f.reportingController()));
        String instance = firstNonEmpty(text(event, f.source(), "host"), text(event, "reportingInstance"));
        return instance.isEmpty() ? component : component + ", " + instance;
    }

    private static String firstNonEmpty(String first, String second) {
        return first.isEmpty() ? second : first;
    }
}
