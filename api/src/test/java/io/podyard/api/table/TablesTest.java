package io.podyard.api.table;

import static io.podyard.api.table.TableFixtures.NOW;
import static io.podyard.api.table.TableFixtures.json;
import static io.podyard.api.table.TableFixtures.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.podyard.api.resource.ResourceType;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The Table envelope, row objects per includeObject, and the default columns. */
class TablesTest {
    private static final ObjectNode LIMIT_RANGE = json("""
            {kind:'LimitRange', apiVersion:'v1',
             metadata:{name:'limits', namespace:'default', uid:'u-1', resourceVersion:'7',
                       creationTimestamp:'2025-05-31T12:00:00Z', labels:{app:'web'}},
             spec:{limits:[{type:'Container', max:{cpu:'1'}}]}}""");

    @Test
    void envelopeCarriesListMetadataAndColumnDefinitions() {
        ObjectNode table = Tables.table(type("v1", "LimitRange"), List.of(LIMIT_RANGE), NOW, IncludeObject.METADATA,
                "42", "token");

        assertThat(table).isEqualTo(json("""
                {kind:'Table', apiVersion:'meta.k8s.io/v1',
                 metadata:{resourceVersion:'42', continue:'token'},
                 columnDefinitions:[
                   {name:'Name', type:'string', format:'name', description:'%s', priority:0},
                   {name:'Created At', type:'date', format:'', description:'%s', priority:0}],
                 rows:[{cells:['limits', '2025-05-31T12:00:00Z'],
                        object:{kind:'PartialObjectMetadata', apiVersion:'meta.k8s.io/v1',
                                metadata:{name:'limits', namespace:'default', uid:'u-1', resourceVersion:'7',
                                          creationTimestamp:'2025-05-31T12:00:00Z', labels:{app:'web'}}}}]}"""
                .formatted(escape(Column.NAME_DOC), escape(Column.CREATED_DOC))));
    }

    @Test
    void emptyListMetadataIsAnEmptyObject() {
        ObjectNode table = Tables.table(type("v1", "ConfigMap"), List.of(), NOW, IncludeObject.METADATA, null, "");

        assertThat(table.get("metadata")).isEqualTo(json("{}"));
        assertThat(table.get("rows")).isEqualTo(TableFixtures.MAPPER.readTree("[]"));
    }

    @Test
    void watchEventsAfterTheFirstCarryNoHeaders() {
        ObjectNode configMap = json("{metadata:{name:'cfg', resourceVersion:'9', creationTimestamp:'2025-06-01T11:59:00Z'}}");

        ObjectNode table = Tables.table(type("v1", "ConfigMap"), List.of(configMap), NOW, IncludeObject.NONE, "9",
                null, false);

        // Compared as reparsed text: cells are long nodes, small parsed numbers int nodes.
        assertThat(json(table.toString())).isEqualTo(json("""
                {kind:'Table', apiVersion:'meta.k8s.io/v1', metadata:{resourceVersion:'9'}, columnDefinitions:null,
                 rows:[{cells:['cfg', 0, '60s'], object:null}]}"""));
    }

    @Test
    void defaultColumnsWriteNullRowsForAnEmptyList() {
        ObjectNode table = Tables.table(type("v1", "LimitRange"), List.of(), NOW, IncludeObject.METADATA, "1", null);

        assertThat(table.get("rows").isNull()).isTrue();
    }

    @Test
    void defaultCreatedAtIsWholeSecondsUtc() {
        ObjectNode limits = json("{metadata:{name:'l', creationTimestamp:'2025-05-31T14:00:00.123+02:00'}}");

        assertThat(TableFixtures.cells("v1", "LimitRange", limits)).containsExactly("l", "2025-05-31T12:00:00Z");
        assertThat(TableFixtures.cells("v1", "LimitRange", json("{metadata:{name:'l'}}")))
                .containsExactly("l", "0001-01-01T00:00:00Z");
    }

    static Stream<Arguments> rowObjects() {
        return Stream.of(
                Arguments.of(IncludeObject.NONE, "null"),
                Arguments.of(IncludeObject.METADATA, """
                        {kind:'PartialObjectMetadata', apiVersion:'meta.k8s.io/v1',
                         metadata:{name:'limits', namespace:'default', uid:'u-1', resourceVersion:'7',
                                   creationTimestamp:'2025-05-31T12:00:00Z', labels:{app:'web'}}}"""),
                Arguments.of(IncludeObject.OBJECT, LIMIT_RANGE.toString()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rowObjects")
    void rowObjectFollowsIncludeObject(IncludeObject include, String expected) {
        ObjectNode table = Tables.table(type("v1", "LimitRange"), List.of(LIMIT_RANGE), NOW, include, "7", null);

        JsonNode row = table.get("rows").get(0);
        assertThat(row.has("object")).isTrue();
        assertThat(row.get("object")).isEqualTo(TableFixtures.MAPPER.readTree(expected));
    }

    @Test
    void metadataOfAnObjectWithoutMetadataIsEmpty() {
        ObjectNode table = Tables.table(type("v1", "LimitRange"), List.of(json("{}")), NOW, IncludeObject.METADATA,
                null, null);

        assertThat(table.at("/rows/0/object/metadata")).isEqualTo(json("{}"));
    }

    static Stream<Arguments> includeObjectValues() {
        return Stream.of(
                Arguments.of(null, IncludeObject.METADATA),
                Arguments.of("", IncludeObject.METADATA),
                Arguments.of("Metadata", IncludeObject.METADATA),
                Arguments.of("None", IncludeObject.NONE),
                Arguments.of("Object", IncludeObject.OBJECT));
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @MethodSource("includeObjectValues")
    void parsesIncludeObject(String value, IncludeObject expected) {
        assertThat(IncludeObject.parse(value)).isEqualTo(expected);
    }

    @Test
    void refusesAnUnknownIncludeObjectAsKubernetesDoes() {
        assertThatThrownBy(() -> IncludeObject.parse("object"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unable to convert to Table as requested: includeObject: Invalid value: \"object\":"
                        + " must be 'Metadata', 'Object', 'None', or empty");
    }

    static Stream<ResourceType> builtinTypes() {
        return TableFixtures.REGISTRY.all().stream();
    }

    /** Every kind prints a near-empty object without failing, one cell per column, one name column. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("builtinTypes")
    void everyKindPrintsAMinimalObject(ResourceType type) {
        ObjectNode object = json("{metadata:{name:'x', creationTimestamp:'2025-06-01T11:00:00Z'}}");

        ObjectNode table = Tables.table(type, List.of(object), NOW, IncludeObject.NONE, null, null);

        JsonNode columns = table.get("columnDefinitions");
        assertThat(table.at("/rows/0/cells").size()).isEqualTo(columns.size());
        assertThat(columns.valueStream().filter(c -> c.get("format").asString().equals("name")))
                .singleElement()
                .satisfies(c -> assertThat(c.get("name").asString()).isEqualTo("Name"));
        assertThat(columns.valueStream().map(c -> c.get("priority").asInt())).allMatch(p -> p == 0 || p == 1);
    }

    private static String escape(String text) {
        return text.replace("\n", "\\n");
    }
}
