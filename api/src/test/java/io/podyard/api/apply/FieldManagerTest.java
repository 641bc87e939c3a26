package io.podyard.api.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.podyard.api.patch.PatchSchemas;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Scenarios of server-side apply on a Deployment, after structured-merge-diff's merge/multiple_appliers
 * tests and the fieldmanager's: each row runs its writes in order and checks the object and who owns what.
 */
class FieldManagerTest {
    private static final JsonMapper MAPPER = JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();
    private static final FieldManager MANAGER = new FieldManager(
            PatchSchemas.forKind("apps/v1", "Deployment").orElseThrow(), FieldManager.outsideStatus());

    /** One write: an apply (forced or not) or an update (the whole new object). */
    record Write(String manager, String kind, String json) {
        @Override
        public String toString() {
            return kind + " by " + manager;
        }
    }

    static Write apply(String manager, String json) {
        return new Write(manager, "apply", json);
    }

    static Write force(String manager, String json) {
        return new Write(manager, "force", json);
    }

    static Write update(String manager, String json) {
        return new Write(manager, "update", json);
    }

    static Map<String, String> owners(String... managerAndFields) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < managerAndFields.length; i += 2) {
            out.put(managerAndFields[i], managerAndFields[i + 1]);
        }
        return out;
    }

    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of("create on apply owns exactly the applied leaves",
                        List.of(apply("a", "{'metadata':{'name':'d','labels':{'app':'web'}},'spec':{'replicas':1}}")),
                        "{'metadata':{'labels':{'app':'web'}},'spec':{'replicas':1}}",
                        owners("a/Apply", "{'f:metadata':{'f:labels':{'f:app':{}}},'f:spec':{'f:replicas':{}}}")),
                Arguments.of("applying a changed value changes it, same owner",
                        List.of(apply("a", "{'spec':{'replicas':1}}"), apply("a", "{'spec':{'replicas':3}}")),
                        "{'spec':{'replicas':3}}",
                        owners("a/Apply", "{'f:spec':{'f:replicas':{}}}")),
                Arguments.of("a field no longer applied is removed",
                        List.of(apply("a", "{'spec':{'replicas':1,'paused':true}}"), apply("a", "{'spec':{'replicas':1}}")),
                        "{'spec':{'replicas':1}}",
                        owners("a/Apply", "{'f:spec':{'f:replicas':{}}}")),
                Arguments.of("a field no longer applied stays while another applier owns it",
                        List.of(apply("a", "{'spec':{'paused':true}}"), apply("b", "{'spec':{'paused':true}}"),
                                apply("a", "{'spec':{'replicas':2}}")),
                        "{'spec':{'paused':true,'replicas':2}}",
                        owners("a/Apply", "{'f:spec':{'f:replicas':{}}}", "b/Apply", "{'f:spec':{'f:paused':{}}}")),
                Arguments.of("the same value from two appliers is shared, not a conflict",
                        List.of(apply("a", "{'spec':{'replicas':1}}"), apply("b", "{'spec':{'replicas':1}}")),
                        "{'spec':{'replicas':1}}",
                        owners("a/Apply", "{'f:spec':{'f:replicas':{}}}", "b/Apply", "{'f:spec':{'f:replicas':{}}}")),
                Arguments.of("force takes the field from the other applier",
                        List.of(apply("a", "{'spec':{'replicas':1,'paused':true}}"), force("b", "{'spec':{'replicas':2}}")),
                        "{'spec':{'replicas':2,'paused':true}}",
                        owners("a/Apply", "{'f:spec':{'f:paused':{}}}", "b/Apply", "{'f:spec':{'f:replicas':{}}}")),
                Arguments.of("an update takes what it changes and keeps the rest with its owner",
                        List.of(apply("a", "{'spec':{'replicas':1,'paused':true}}"),
                                update("kubectl-edit", "{'spec':{'replicas':5,'paused':true}}")),
                        "{'spec':{'replicas':5,'paused':true}}",
                        owners("a/Apply", "{'f:spec':{'f:paused':{}}}", "kubectl-edit/Update", "{'f:spec':{'f:replicas':{}}}")),
                Arguments.of("keyed list items merge by name; another manager's item stays",
                        List.of(apply("a", "{'spec':{'template':{'spec':{'containers':[{'name':'web','image':'nginx:1'}]}}}}"),
                                apply("b", "{'spec':{'template':{'spec':{'containers':[{'name':'side','image':'busybox'}]}}}}"),
                                apply("a", "{'spec':{'template':{'spec':{'containers':[{'name':'web','image':'nginx:2'}]}}}}")),
                        "{'spec':{'template':{'spec':{'containers':[{'name':'web','image':'nginx:2'},"
                                + "{'name':'side','image':'busybox'}]}}}}",
                        owners("a/Apply", "{'f:spec':{'f:template':{'f:spec':{'f:containers':{'k:{\"name\":\"web\"}':"
                                        + "{'.':{},'f:image':{},'f:name':{}}}}}}}",
                                "b/Apply", "{'f:spec':{'f:template':{'f:spec':{'f:containers':{'k:{\"name\":\"side\"}':"
                                        + "{'.':{},'f:image':{},'f:name':{}}}}}}}")),
                Arguments.of("an item no longer applied is removed with its fields",
                        List.of(apply("a", "{'spec':{'template':{'spec':{'containers':[{'name':'web','image':'nginx'},"
                                        + "{'name':'side','image':'busybox'}]}}}}"),
                                apply("a", "{'spec':{'template':{'spec':{'containers':[{'name':'web','image':'nginx'}]}}}}")),
                        "{'spec':{'template':{'spec':{'containers':[{'name':'web','image':'nginx'}]}}}}",
                        owners("a/Apply", "{'f:spec':{'f:template':{'f:spec':{'f:containers':{'k:{\"name\":\"web\"}':"
                                + "{'.':{},'f:image':{},'f:name':{}}}}}}}")),
                Arguments.of("container ports are keyed by number and protocol, TCP by default",
                        List.of(apply("a", "{'spec':{'template':{'spec':{'containers':[{'name':'w','ports':"
                                + "[{'containerPort':53},{'containerPort':53,'protocol':'UDP'}]}]}}}}")),
                        "{'spec':{'template':{'spec':{'containers':[{'name':'w','ports':"
                                + "[{'containerPort':53},{'containerPort':53,'protocol':'UDP'}]}]}}}}",
                        owners("a/Apply", "{'f:spec':{'f:template':{'f:spec':{'f:containers':{'k:{\"name\":\"w\"}':"
                                + "{'.':{},'f:name':{},'f:ports':{"
                                + "'k:{\"containerPort\":53,\"protocol\":\"TCP\"}':{'.':{},'f:containerPort':{}},"
                                + "'k:{\"containerPort\":53,\"protocol\":\"UDP\"}':{'.':{},'f:containerPort':{},"
                                + "'f:protocol':{}}}}}}}}}")),
                Arguments.of("set lists own each value",
                        List.of(apply("a", "{'metadata':{'finalizers':['x']}}"), apply("b", "{'metadata':{'finalizers':['y']}}")),
                        "{'metadata':{'finalizers':['x','y']}}",
                        owners("a/Apply", "{'f:metadata':{'f:finalizers':{'v:\"x\"':{}}}}",
                                "b/Apply", "{'f:metadata':{'f:finalizers':{'v:\"y\"':{}}}}")),
                Arguments.of("atomic lists are one leaf and replaced whole",
                        List.of(apply("a", "{'spec':{'template':{'spec':{'containers':[{'name':'w','args':['1','2']}]}}}}"),
                                apply("a", "{'spec':{'template':{'spec':{'containers':[{'name':'w','args':['3']}]}}}}")),
                        "{'spec':{'template':{'spec':{'containers':[{'name':'w','args':['3']}]}}}}",
                        owners("a/Apply", "{'f:spec':{'f:template':{'f:spec':{'f:containers':{'k:{\"name\":\"w\"}':"
                                + "{'.':{},'f:args':{},'f:name':{}}}}}}}")),
                Arguments.of("status is not owned through the main resource",
                        List.of(apply("a", "{'spec':{'replicas':1},'status':{'replicas':1}}")),
                        "{'spec':{'replicas':1},'status':{'replicas':1}}",
                        owners("a/Apply", "{'f:spec':{'f:replicas':{}}}")),
                Arguments.of("a create by update owns what it wrote",
                        List.of(update("kubectl-create", "{'metadata':{'name':'d','labels':{'a':'b'}},'spec':{'replicas':1}}")),
                        "{'metadata':{'name':'d','labels':{'a':'b'}},'spec':{'replicas':1}}",
                        owners("kubectl-create/Update", "{'f:metadata':{'f:labels':{'f:a':{}}},'f:spec':{'f:replicas':{}}}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void ownsAndMerges(String name, List<Write> writes, String expectedObject, Map<String, String> expectedOwners) {
        ObjectNode live = run(writes);
        ObjectNode object = live.deepCopy();
        ((ObjectNode) object.get("metadata")).remove("managedFields");
        if (object.get("metadata").isEmpty()) {
            object.remove("metadata");
        }
        assertThat(object).isEqualTo(parse(expectedObject));
        Map<String, JsonNode> owners = new LinkedHashMap<>();
        for (ManagedField e : ManagedField.read(live)) {
            owners.put(e.manager() + "/" + e.operation(), e.fields().toFieldsV1());
        }
        Map<String, JsonNode> expected = new LinkedHashMap<>();
        expectedOwners.forEach((k, v) -> expected.put(k, parse(v)));
        assertThat(owners).isEqualTo(expected);
    }

    static Stream<Arguments> conflicts() {
        return Stream.of(
                Arguments.of("another applier's value",
                        List.of(apply("a", "{'spec':{'replicas':1}}"), apply("b", "{'spec':{'replicas':2}}")),
                        "Apply failed with 1 conflict: conflict with \"a\": .spec.replicas"),
                Arguments.of("an updater's value, named with its version and time",
                        List.of(update("kubectl-edit", "{'spec':{'replicas':5}}"), apply("b", "{'spec':{'replicas':2}}")),
                        "Apply failed with 1 conflict: conflict with \"kubectl-edit\" using apps/v1 at 2026-01-01T00:00:00Z:"
                                + " .spec.replicas"),
                Arguments.of("a field of a keyed item, and several managers",
                        List.of(apply("a", "{'spec':{'template':{'spec':{'containers':[{'name':'web','image':'nginx:1'}]}}}}"),
                                apply("c", "{'spec':{'paused':true}}"),
                                apply("b", "{'spec':{'paused':false,'template':{'spec':{'containers':"
                                        + "[{'name':'web','image':'nginx:2'}]}}}}")),
                        "Apply failed with 2 conflicts: conflicts with \"a\":\n"
                                + "- .spec.template.spec.containers[name=\"web\"].image\nconflicts with \"c\":\n- .spec.paused"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conflicts")
    void refusesToTakeOwnedFields(String name, List<Write> writes, String message) {
        List<Write> before = writes.subList(0, writes.size() - 1);
        ObjectNode live = run(before);
        Write last = writes.getLast();
        assertThatThrownBy(() -> write(live, last, "2026-01-01T00:00:09Z"))
                .isInstanceOf(ApplyConflict.class)
                .hasMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void fieldsV1RoundTrips(String name, List<Write> writes, String expectedObject, Map<String, String> owners) {
        for (String fields : owners.values()) {
            JsonNode encoded = parse(fields);
            assertThat(FieldSet.fromFieldsV1(encoded).toFieldsV1()).isEqualTo(encoded);
        }
    }

    @org.junit.jupiter.api.Test
    void anApplyThroughStatusOwnsOnlyStatusAsItsOwnEntry() {
        FieldManager status = new FieldManager(PatchSchemas.forKind("apps/v1", "Deployment").orElseThrow(),
                FieldManager.onlyStatus());
        ObjectNode live = run(List.of(apply("a", "{'spec':{'replicas':1}}")));
        FieldManager.Result r = status.apply(live, (ObjectNode) parse("{'spec':{'replicas':9},'status':{'replicas':1}}"),
                "a", "apps/v1", "2026-01-01T00:00:01Z", "status", false);
        assertThat(r.managedFields()).extracting(ManagedField::subresource, e -> e.fields().toFieldsV1())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("", parse("{'f:spec':{'f:replicas':{}}}")),
                        org.assertj.core.groups.Tuple.tuple("status", parse("{'f:status':{'f:replicas':{}}}")));
    }

    private static ObjectNode run(List<Write> writes) {
        ObjectNode live = null;
        for (Write w : writes) {
            live = write(live, w, "2026-01-01T00:00:00Z");
        }
        return live;
    }

    private static ObjectNode write(ObjectNode live, Write w, String time) {
        ObjectNode body = (ObjectNode) parse(w.json());
        ObjectNode result;
        List<ManagedField> managed;
        if (w.kind().equals("update")) {
            result = body;
            managed = MANAGER.update(live, body, w.manager(), "apps/v1", time, null);
        } else {
            FieldManager.Result r = MANAGER.apply(live, body, w.manager(), "apps/v1", time, w.kind().equals("force"));
            result = r.object();
            managed = r.managedFields();
        }
        ObjectNode out = result.deepCopy();
        ObjectNode meta = out.has("metadata") ? (ObjectNode) out.get("metadata") : out.putObject("metadata");
        meta.set("managedFields", ManagedField.write(managed));
        return out;
    }

    private static JsonNode parse(String json) {
        return MAPPER.readTree(json);
    }
}
