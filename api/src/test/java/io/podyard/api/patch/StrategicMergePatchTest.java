package io.podyard.api.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.podyard.api.patch.PatchSchema.Field;
import io.podyard.api.patch.PatchSchema.Strategy;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The semantics of strategic merge patch on a small schema, after apimachinery's own test type:
 * {@code mergingList} merges by {@code name}, {@code mergingIntList} as a set, {@code replacedMap} is
 * replaced whole; everything else is untagged.
 */
class StrategicMergePatchTest {
    private static final PatchSchema INNER = PatchSchema.builder()
            .field("mergingList", Field.mergeByKey("name"))
            .build();
    private static final PatchSchema SCHEMA = PatchSchema.builder()
            .field("mergingList", Field.mergeByKey("name", INNER))
            .field("mergingIntList", Field.mergeSet())
            .field("replacedMap", new Field(Strategy.REPLACE, null, false, PatchSchema.EMPTY))
            .build();

    static Stream<Arguments> applies() {
        return Stream.of(
                Arguments.of("add a field", "{'name':1}", "{'value':1}", "{'name':1,'value':1}"),
                Arguments.of("null deletes a field", "{'name':1,'value':1}", "{'value':null}", "{'name':1}"),
                Arguments.of("null for a missing field changes nothing", "{'name':1}", "{'other':null}", "{'name':1}"),
                Arguments.of("nested objects merge", "{'simpleMap':{'a':1,'b':1}}", "{'simpleMap':{'b':null,'c':2}}",
                        "{'simpleMap':{'a':1,'c':2}}"),
                Arguments.of("a value of another type replaces", "{'simpleMap':{'a':1}}", "{'simpleMap':'x'}",
                        "{'simpleMap':'x'}"),
                Arguments.of("an untagged list is replaced", "{'nonMergingList':[{'name':1},{'name':2}]}",
                        "{'nonMergingList':[{'name':3}]}", "{'nonMergingList':[{'name':3}]}"),
                Arguments.of("a replace-strategy object is replaced", "{'replacedMap':{'a':1}}",
                        "{'replacedMap':{'b':2}}", "{'replacedMap':{'b':2}}"),
                Arguments.of("primitives merge as a set, new values first", "{'mergingIntList':[1,2]}",
                        "{'mergingIntList':[3]}", "{'mergingIntList':[3,1,2]}"),
                Arguments.of("primitives already present are not repeated", "{'mergingIntList':[1,2]}",
                        "{'mergingIntList':[2,3]}", "{'mergingIntList':[1,2,3]}"),
                Arguments.of("an element merges with the one of the same key",
                        "{'mergingList':[{'name':1},{'name':2,'value':2}]}", "{'mergingList':[{'name':1,'value':1}]}",
                        "{'mergingList':[{'name':1,'value':1},{'name':2,'value':2}]}"),
                Arguments.of("a null deletes a field of an element",
                        "{'mergingList':[{'name':1,'value':1},{'name':2}]}",
                        "{'mergingList':[{'name':1,'value':null}]}",
                        "{'mergingList':[{'name':1},{'name':2}]}"),
                Arguments.of("a new element lands before the document's others",
                        "{'mergingList':[{'name':1},{'name':2}]}", "{'mergingList':[{'name':3}]}",
                        "{'mergingList':[{'name':3},{'name':1},{'name':2}]}"),
                Arguments.of("a new element follows the patch's previous element",
                        "{'mergingList':[{'name':1},{'name':2},{'name':3}]}",
                        "{'mergingList':[{'name':2,'value':2},{'name':4}]}",
                        "{'mergingList':[{'name':1},{'name':2,'value':2},{'name':4},{'name':3}]}"),
                Arguments.of("merge keys compare as numbers", "{'mergingList':[{'name':1,'value':1}]}",
                        "{'mergingList':[{'name':1.0,'value':2}]}", "{'mergingList':[{'name':1.0,'value':2}]}"),
                Arguments.of("lists merge inside merged elements",
                        "{'mergingList':[{'name':1,'mergingList':[{'name':'a'},{'name':'b'}]}]}",
                        "{'mergingList':[{'name':1,'mergingList':[{'name':'b','value':1}]}]}",
                        "{'mergingList':[{'name':1,'mergingList':[{'name':'a'},{'name':'b','value':1}]}]}"),
                Arguments.of("$patch: delete removes the element with that key",
                        "{'mergingList':[{'name':1},{'name':2}]}", "{'mergingList':[{'name':1,'$patch':'delete'}]}",
                        "{'mergingList':[{'name':2}]}"),
                Arguments.of("$patch: delete of a missing element changes nothing", "{'mergingList':[{'name':1}]}",
                        "{'mergingList':[{'name':9,'$patch':'delete'}]}", "{'mergingList':[{'name':1}]}"),
                Arguments.of("delete one element and add another", "{'mergingList':[{'name':1},{'name':2}]}",
                        "{'mergingList':[{'name':1,'$patch':'delete'},{'name':3}]}",
                        "{'mergingList':[{'name':3},{'name':2}]}"),
                Arguments.of("$patch: replace in a list replaces it",
                        "{'mergingList':[{'name':1,'value':1},{'name':2}]}",
                        "{'mergingList':[{'name':3,'value':null},{'$patch':'replace'}]}",
                        "{'mergingList':[{'name':3}]}"),
                Arguments.of("$patch: replace in an object replaces it", "{'simpleMap':{'a':1,'b':2}}",
                        "{'simpleMap':{'$patch':'replace','c':3}}", "{'simpleMap':{'c':3}}"),
                Arguments.of("$patch: replace at the top replaces the document", "{'a':1,'b':2}",
                        "{'$patch':'replace','c':3}", "{'c':3}"),
                Arguments.of("$patch: delete in an object empties it", "{'simpleMap':{'a':1},'other':1}",
                        "{'simpleMap':{'$patch':'delete'}}", "{'simpleMap':{},'other':1}"),
                Arguments.of("$patch: merge in an object is the default", "{'simpleMap':{'a':1}}",
                        "{'simpleMap':{'$patch':'merge','b':2}}", "{'simpleMap':{'a':1,'b':2}}"),
                Arguments.of("$retainKeys drops the fields it does not list", "{'spec':{'a':1,'b':2,'c':3}}",
                        "{'spec':{'$retainKeys':['a','d'],'d':4}}", "{'spec':{'a':1,'d':4}}"),
                Arguments.of("$retainKeys allows nulls for fields it does not list", "{'spec':{'a':1,'b':2}}",
                        "{'spec':{'$retainKeys':['a'],'b':null}}", "{'spec':{'a':1}}"),
                Arguments.of("$deleteFromPrimitiveList removes values", "{'mergingIntList':[1,2,3]}",
                        "{'$deleteFromPrimitiveList/mergingIntList':[2]}", "{'mergingIntList':[1,3]}"),
                Arguments.of("$deleteFromPrimitiveList with additions", "{'mergingIntList':[1,2]}",
                        "{'mergingIntList':[3],'$deleteFromPrimitiveList/mergingIntList':[1]}",
                        "{'mergingIntList':[3,2]}"),
                Arguments.of("$deleteFromPrimitiveList on a missing list changes nothing", "{'a':1}",
                        "{'$deleteFromPrimitiveList/mergingIntList':[1]}", "{'a':1}"),
                Arguments.of("$setElementOrder orders the merged list", "{'mergingList':[{'name':1},{'name':2}]}",
                        "{'$setElementOrder/mergingList':[{'name':1},{'name':2},{'name':3}],"
                                + "'mergingList':[{'name':3,'value':3}]}",
                        "{'mergingList':[{'name':1},{'name':2},{'name':3,'value':3}]}"),
                Arguments.of("$setElementOrder alone reorders", "{'mergingList':[{'name':1},{'name':2}]}",
                        "{'$setElementOrder/mergingList':[{'name':2},{'name':1}]}",
                        "{'mergingList':[{'name':2},{'name':1}]}"),
                Arguments.of("$setElementOrder keeps unlisted elements where they were",
                        "{'mergingList':[{'name':1},{'name':2},{'name':3}]}",
                        "{'$setElementOrder/mergingList':[{'name':1},{'name':3}],'mergingList':[{'name':3,'value':3}]}",
                        "{'mergingList':[{'name':1},{'name':2},{'name':3,'value':3}]}"),
                Arguments.of("$setElementOrder orders primitives", "{'mergingIntList':[1,2]}",
                        "{'$setElementOrder/mergingIntList':[1,2,3],'mergingIntList':[3]}",
                        "{'mergingIntList':[1,2,3]}"),
                Arguments.of("a new value is read as a patch onto nothing", "{}",
                        "{'simpleMap':{'a':null,'b':1},"
                                + "'mergingList':[{'name':1,'mergingList':[{'name':2,'$patch':'delete'}]}]}",
                        "{'simpleMap':{'b':1},'mergingList':[{'name':1,'mergingList':[]}]}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("applies")
    void applies(String name, String document, String patch, String expected) {
        JsonNode before = Json.parse(document);
        JsonNode patchNode = Json.parse(patch);
        assertThat(StrategicMergePatch.apply(before, patchNode, SCHEMA)).isEqualTo(Json.parse(expected));
        assertThat(before).as("the document is not changed").isEqualTo(Json.parse(document));
        assertThat(patchNode).as("the patch is not changed").isEqualTo(Json.parse(patch));
    }

    static Stream<Arguments> fails() {
        return Stream.of(
                Arguments.of("a patch that is not an object", "{}", "[]", true, "must be a JSON object"),
                Arguments.of("an unknown directive in an object", "{'a':{}}", "{'a':{'$patch':'frob'}}", true,
                        "a: unknown $patch directive \"frob\""),
                Arguments.of("$patch: merge in a list element", "{'mergingList':[]}",
                        "{'mergingList':[{'name':1,'$patch':'merge'}]}", true, "expected delete or replace"),
                Arguments.of("a patch element without its merge key", "{'mergingList':[{'name':1}]}",
                        "{'mergingList':[{'value':1}]}", true, "has no merge key \"name\""),
                Arguments.of("a document element without its merge key", "{'mergingList':[{'value':1}]}",
                        "{'mergingList':[{'name':1}]}", false, "mergingList: element {\"value\":1} has no merge key"),
                Arguments.of("$retainKeys that is not a list", "{'a':{}}", "{'a':{'$retainKeys':'b'}}", true,
                        "$retainKeys must be a list"),
                Arguments.of("a field missing from $retainKeys", "{'a':{}}", "{'a':{'$retainKeys':['b'],'c':1}}",
                        true, "\"c\" is set by the patch but missing from $retainKeys"),
                Arguments.of("$deleteFromPrimitiveList that is not a list", "{'mergingIntList':[1]}",
                        "{'$deleteFromPrimitiveList/mergingIntList':1}", true, "must be a list"),
                Arguments.of("a directive without a field", "{}", "{'$deleteFromPrimitiveListx':[1]}", true,
                        "invalid directive"),
                Arguments.of("a patch list out of $setElementOrder's order", "{'mergingList':[]}",
                        "{'$setElementOrder/mergingList':[{'name':1},{'name':2}],"
                                + "'mergingList':[{'name':2},{'name':1}]}",
                        true, "another order than $setElementOrder"),
                Arguments.of("lists of lists", "{'mergingIntList':[[1]]}", "{'mergingIntList':[[2]]}", false,
                        "lists of lists"),
                Arguments.of("elements of mixed types", "{'mergingIntList':[1]}", "{'mergingIntList':['a']}",
                        false, "different types"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fails")
    void fails(String name, String document, String patch, boolean malformed, String message) {
        assertThatThrownBy(() -> StrategicMergePatch.apply(Json.parse(document), Json.parse(patch), SCHEMA))
                .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.malformed()).isEqualTo(malformed))
                .hasMessageContaining(message);
    }
}
