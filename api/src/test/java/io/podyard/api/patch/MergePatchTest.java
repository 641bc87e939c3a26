package io.podyard.api.patch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** RFC 7386 JSON Merge Patch: the examples of its Appendix A, then what kubectl sends. */
class MergePatchTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("A: replace a member", "{'a':'b'}", "{'a':'c'}", "{'a':'c'}"),
                Arguments.of("A: add a member", "{'a':'b'}", "{'b':'c'}", "{'a':'b','b':'c'}"),
                Arguments.of("A: null deletes", "{'a':'b'}", "{'a':null}", "{}"),
                Arguments.of("A: null deletes one of two", "{'a':'b','b':'c'}", "{'a':null}", "{'b':'c'}"),
                Arguments.of("A: a value replaces an array", "{'a':['b']}", "{'a':'c'}", "{'a':'c'}"),
                Arguments.of("A: an array replaces a value", "{'a':'c'}", "{'a':['b']}", "{'a':['b']}"),
                Arguments.of("A: nested objects merge", "{'a':{'b':'c'}}", "{'a':{'b':'d','c':null}}",
                        "{'a':{'b':'d'}}"),
                Arguments.of("A: arrays replace", "{'a':[{'b':'c'}]}", "{'a':[1]}", "{'a':[1]}"),
                Arguments.of("A: an array document", "['a','b']", "['c','d']", "['c','d']"),
                Arguments.of("A: an array patch", "{'a':'b'}", "['c']", "['c']"),
                Arguments.of("A: a null patch", "{'a':'foo'}", "null", "null"),
                Arguments.of("A: a string patch", "{'a':'foo'}", "'bar'", "'bar'"),
                Arguments.of("A: nulls in the document stay", "{'e':null}", "{'a':1}", "{'e':null,'a':1}"),
                Arguments.of("A: an object replaces an array, without its nulls", "[1,2]", "{'a':'b','c':null}",
                        "{'a':'b'}"),
                Arguments.of("A: nulls inside new objects are dropped", "{}", "{'a':{'bb':{'ccc':null}}}",
                        "{'a':{'bb':{}}}"),
                Arguments.of("labels: set one, delete one",
                        "{'metadata':{'labels':{'app':'web','tier':'front'}}}",
                        "{'metadata':{'labels':{'tier':null,'env':'prod'}}}",
                        "{'metadata':{'labels':{'app':'web','env':'prod'}}}"),
                Arguments.of("containers are replaced whole",
                        "{'spec':{'containers':[{'name':'a','image':'a:1'},{'name':'b','image':'b:1'}]}}",
                        "{'spec':{'containers':[{'name':'a','image':'a:2'}]}}",
                        "{'spec':{'containers':[{'name':'a','image':'a:2'}]}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void merges(String name, String document, String patch, String expected) {
        JsonNode before = Json.parse(document);
        JsonNode patchNode = Json.parse(patch);
        JsonNode result = MergePatch.apply(before, patchNode);
        assertThat(result).isEqualTo(Json.parse(expected));
        assertThat(before).as("the document is not changed").isEqualTo(Json.parse(document));
        assertThat(patchNode).as("the patch is not changed").isEqualTo(Json.parse(patch));
    }
}
