package io.podyard.api.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** RFC 6902 JSON Patch, starting with the examples of its Appendix A. */
class JsonPatchTest {
    static Stream<Arguments> applies() {
        return Stream.of(
                Arguments.of("A.1 adding an object member", "{'foo':'bar'}",
                        "[{'op':'add','path':'/baz','value':'qux'}]", "{'baz':'qux','foo':'bar'}"),
                Arguments.of("A.2 adding an array element", "{'foo':['bar','baz']}",
                        "[{'op':'add','path':'/foo/1','value':'qux'}]", "{'foo':['bar','qux','baz']}"),
                Arguments.of("A.3 removing an object member", "{'baz':'qux','foo':'bar'}",
                        "[{'op':'remove','path':'/baz'}]", "{'foo':'bar'}"),
                Arguments.of("A.4 removing an array element", "{'foo':['bar','qux','baz']}",
                        "[{'op':'remove','path':'/foo/1'}]", "{'foo':['bar','baz']}"),
                Arguments.of("A.5 replacing a value", "{'baz':'qux','foo':'bar'}",
                        "[{'op':'replace','path':'/baz','value':'boo'}]", "{'baz':'boo','foo':'bar'}"),
                Arguments.of("A.6 moving a value", "{'foo':{'bar':'baz','waldo':'fred'},'qux':{'corge':'grault'}}",
                        "[{'op':'move','from':'/foo/waldo','path':'/qux/thud'}]",
                        "{'foo':{'bar':'baz'},'qux':{'corge':'grault','thud':'fred'}}"),
                Arguments.of("A.7 moving an array element", "{'foo':['all','grass','cows','eat']}",
                        "[{'op':'move','from':'/foo/1','path':'/foo/3'}]", "{'foo':['all','cows','eat','grass']}"),
                Arguments.of("A.8 testing a value: success", "{'baz':'qux','foo':['a',2,'c']}",
                        "[{'op':'test','path':'/baz','value':'qux'},{'op':'test','path':'/foo/1','value':2}]",
                        "{'baz':'qux','foo':['a',2,'c']}"),
                Arguments.of("A.10 adding a nested member object", "{'foo':'bar'}",
                        "[{'op':'add','path':'/child','value':{'grandchild':{}}}]",
                        "{'foo':'bar','child':{'grandchild':{}}}"),
                Arguments.of("A.11 ignoring unrecognized elements", "{'foo':'bar'}",
                        "[{'op':'add','path':'/baz','value':'qux','xyz':123}]", "{'foo':'bar','baz':'qux'}"),
                Arguments.of("A.14 ~ escape ordering", "{'/':9,'~1':10}",
                        "[{'op':'test','path':'/~01','value':10}]", "{'/':9,'~1':10}"),
                Arguments.of("A.16 adding an array value", "{'foo':['bar']}",
                        "[{'op':'add','path':'/foo/-','value':['abc','def']}]", "{'foo':['bar',['abc','def']]}"),
                Arguments.of("add replaces an existing member", "{'a':1}",
                        "[{'op':'add','path':'/a','value':2}]", "{'a':2}"),
                Arguments.of("add at the end index appends", "{'a':[1]}",
                        "[{'op':'add','path':'/a/1','value':2}]", "{'a':[1,2]}"),
                Arguments.of("add at the root replaces the document", "{'a':1}",
                        "[{'op':'add','path':'','value':{'b':2}}]", "{'b':2}"),
                Arguments.of("replace an array element", "{'a':[1,2,3]}",
                        "[{'op':'replace','path':'/a/1','value':9}]", "{'a':[1,9,3]}"),
                Arguments.of("replace the root", "{'a':1}",
                        "[{'op':'replace','path':'','value':[1]}]", "[1]"),
                Arguments.of("copy a subtree", "{'a':{'b':[1]}}",
                        "[{'op':'copy','from':'/a','path':'/c'}]", "{'a':{'b':[1]},'c':{'b':[1]}}"),
                Arguments.of("slash in a label key", "{'metadata':{'labels':{'app.kubernetes.io/name':'x'}}}",
                        "[{'op':'replace','path':'/metadata/labels/app.kubernetes.io~1name','value':'y'}]",
                        "{'metadata':{'labels':{'app.kubernetes.io/name':'y'}}}"),
                Arguments.of("test compares numbers by value", "{'a':1}",
                        "[{'op':'test','path':'/a','value':1.0}]", "{'a':1}"),
                Arguments.of("test compares objects regardless of member order", "{'a':{'x':1,'y':2}}",
                        "[{'op':'test','path':'/a','value':{'y':2,'x':1}}]", "{'a':{'x':1,'y':2}}"),
                Arguments.of("operations apply in order", "{}",
                        "[{'op':'add','path':'/a','value':[]},{'op':'add','path':'/a/-','value':1},"
                                + "{'op':'move','from':'/a','path':'/b'}]",
                        "{'b':[1]}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("applies")
    void applies(String name, String document, String patch, String expected) {
        JsonNode before = Json.parse(document);
        JsonNode result = JsonPatch.apply(before, Json.parse(patch));
        assertThat(result).isEqualTo(Json.parse(expected));
        assertThat(before).as("the document is not changed").isEqualTo(Json.parse(document));
    }

    static Stream<Arguments> fails() {
        return Stream.of(
                Arguments.of("A.9 testing a value: error", "{'baz':'qux'}",
                        "[{'op':'test','path':'/baz','value':'bar'}]", false, "test failed"),
                Arguments.of("A.12 adding to a nonexistent target", "{'foo':'bar'}",
                        "[{'op':'add','path':'/baz/bat','value':'qux'}]", false, "/baz does not exist"),
                Arguments.of("A.13 invalid JSON patch document: the last op wins", "{'foo':'bar'}",
                        "[{'op':'add','path':'/baz','value':'qux','op':'remove'}]", false, "/baz does not exist"),
                Arguments.of("A.15 comparing strings and numbers", "{'/':9,'~1':10}",
                        "[{'op':'test','path':'/~01','value':'10'}]", false, "test failed"),
                Arguments.of("remove a missing member", "{'a':1}",
                        "[{'op':'remove','path':'/b'}]", false, "/b does not exist"),
                Arguments.of("replace a missing member", "{'a':1}",
                        "[{'op':'replace','path':'/b','value':2}]", false, "/b does not exist"),
                Arguments.of("index past the end", "{'a':[1]}",
                        "[{'op':'add','path':'/a/2','value':2}]", false, "not an index"),
                Arguments.of("index with a leading zero", "{'a':[1,2]}",
                        "[{'op':'remove','path':'/a/01'}]", false, "does not exist"),
                Arguments.of("move into its own child", "{'a':{'b':1}}",
                        "[{'op':'move','from':'/a','path':'/a/c'}]", false, "own child"),
                Arguments.of("unknown op", "{}", "[{'op':'frob','path':'/a'}]", false, "unknown op \"frob\""),
                Arguments.of("missing path", "{}", "[{'op':'add','value':1}]", false, "\"path\" must be a string"),
                Arguments.of("missing value", "{}", "[{'op':'add','path':'/a'}]", false, "\"value\" is missing"),
                Arguments.of("pointer without a leading slash", "{'a':1}",
                        "[{'op':'remove','path':'a'}]", false, "must be empty or start with /"),
                Arguments.of("bad escape", "{'a':1}", "[{'op':'remove','path':'/~2'}]", false, "~ must be followed"),
                Arguments.of("not an array", "{}", "{'op':'add','path':'/a','value':1}", true, "must be an array"),
                Arguments.of("an operation that is not an object", "{}", "['add']", true, "must be an object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fails")
    void fails(String name, String document, String patch, boolean malformed, String message) {
        assertThatThrownBy(() -> JsonPatch.apply(Json.parse(document), Json.parse(patch)))
                .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.malformed()).isEqualTo(malformed))
                .hasMessageContaining(message);
    }

    @Test
    void aFailingOperationLeavesTheDocumentAsItWas() {
        JsonNode document = Json.parse("{'a':1}");
        assertThatThrownBy(() -> JsonPatch.apply(document,
                Json.parse("[{'op':'add','path':'/b','value':2},{'op':'test','path':'/a','value':2}]")))
                .isInstanceOf(PatchException.class);
        assertThat(document).isEqualTo(Json.parse("{'a':1}"));
    }

    @Test
    void addedValuesAreCopiesOfThePatch() {
        JsonNode patch = Json.parse("[{'op':'add','path':'/a','value':{'b':1}}]");
        JsonNode result = JsonPatch.apply(Json.parse("{}"), patch);
        ((ObjectNode) result.get("a")).put("c", 2);
        assertThat(patch).isEqualTo(Json.parse("[{'op':'add','path':'/a','value':{'b':1}}]"));
    }
}
