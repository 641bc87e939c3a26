package io.podyard.api.patch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Strategic merge patches of built-in objects, as kubectl patch, edit and apply send them. Each
 * document names its apiVersion and kind, which pick the schema.
 */
class BuiltinKindsPatchTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("update the image of one container",
                        pod("{'spec':{'containers':[{'name':'app','image':'app:1'},{'name':'log','image':'log:1'}]}}"),
                        "{'spec':{'containers':[{'name':'log','image':'log:2'}]}}",
                        pod("{'spec':{'containers':[{'name':'app','image':'app:1'},{'name':'log','image':'log:2'}]}}")),
                Arguments.of("add a container: it comes first, as in Kubernetes",
                        pod("{'spec':{'containers':[{'name':'app','image':'app:1'}]}}"),
                        "{'spec':{'containers':[{'name':'log','image':'log:1'}]}}",
                        pod("{'spec':{'containers':[{'name':'log','image':'log:1'},{'name':'app','image':'app:1'}]}}")),
                Arguments.of("delete a container",
                        pod("{'spec':{'containers':[{'name':'app','image':'app:1'},{'name':'log','image':'log:1'}]}}"),
                        "{'spec':{'containers':[{'name':'log','$patch':'delete'}]}}",
                        pod("{'spec':{'containers':[{'name':'app','image':'app:1'}]}}")),
                Arguments.of("env merges by name",
                        pod("{'spec':{'containers':[{'name':'app','env':[{'name':'A','value':'1'},"
                                + "{'name':'B','value':'2'}]}]}}"),
                        "{'spec':{'containers':[{'name':'app','env':[{'name':'B','value':'3'},"
                                + "{'name':'C','value':'4'}]}]}}",
                        pod("{'spec':{'containers':[{'name':'app','env':[{'name':'A','value':'1'},"
                                + "{'name':'B','value':'3'},{'name':'C','value':'4'}]}]}}")),
                Arguments.of("an env var is deleted by name",
                        pod("{'spec':{'containers':[{'name':'app','env':[{'name':'A','value':'1'},"
                                + "{'name':'B','value':'2'}]}]}}"),
                        "{'spec':{'containers':[{'name':'app','env':[{'name':'A','$patch':'delete'}]}]}}",
                        pod("{'spec':{'containers':[{'name':'app','env':[{'name':'B','value':'2'}]}]}}")),
                Arguments.of("envFrom is replaced",
                        pod("{'spec':{'containers':[{'name':'app','envFrom':[{'configMapRef':{'name':'a'}}]}]}}"),
                        "{'spec':{'containers':[{'name':'app','envFrom':[{'secretRef':{'name':'b'}}]}]}}",
                        pod("{'spec':{'containers':[{'name':'app','envFrom':[{'secretRef':{'name':'b'}}]}]}}")),
                Arguments.of("ports merge by containerPort",
                        pod("{'spec':{'containers':[{'name':'app','ports':[{'containerPort':80,'name':'http'},"
                                + "{'containerPort':443}]}]}}"),
                        "{'spec':{'containers':[{'name':'app','ports':[{'containerPort':80,'protocol':'TCP'}]}]}}",
                        pod("{'spec':{'containers':[{'name':'app','ports':[{'containerPort':80,'name':'http',"
                                + "'protocol':'TCP'},{'containerPort':443}]}]}}")),
                Arguments.of("finalizers merge as a set",
                        pod("{'metadata':{'finalizers':['a','b']}}"),
                        "{'metadata':{'finalizers':['b','c']}}",
                        pod("{'metadata':{'finalizers':['a','b','c']}}")),
                Arguments.of("a finalizer is removed with $deleteFromPrimitiveList",
                        pod("{'metadata':{'finalizers':['a','b']}}"),
                        "{'metadata':{'$deleteFromPrimitiveList/finalizers':['a']}}",
                        pod("{'metadata':{'finalizers':['b']}}")),
                Arguments.of("labels: one set, one deleted with null",
                        pod("{'metadata':{'labels':{'app':'web','tier':'front'}}}"),
                        "{'metadata':{'labels':{'tier':null,'env':'prod'}}}",
                        pod("{'metadata':{'labels':{'app':'web','env':'prod'}}}")),
                Arguments.of("labels replaced with $patch: replace",
                        pod("{'metadata':{'labels':{'app':'web','tier':'front'}}}"),
                        "{'metadata':{'labels':{'$patch':'replace','env':'prod'}}}",
                        pod("{'metadata':{'labels':{'env':'prod'}}}")),
                Arguments.of("ownerReferences merge by uid",
                        pod("{'metadata':{'ownerReferences':[{'uid':'u1','name':'rs-1','controller':true}]}}"),
                        "{'metadata':{'ownerReferences':[{'uid':'u1','blockOwnerDeletion':true},"
                                + "{'uid':'u2','name':'x'}]}}",
                        pod("{'metadata':{'ownerReferences':[{'uid':'u1','name':'rs-1','controller':true,"
                                + "'blockOwnerDeletion':true},{'uid':'u2','name':'x'}]}}")),
                Arguments.of("tolerations are replaced",
                        pod("{'spec':{'tolerations':[{'key':'a','operator':'Exists'}]}}"),
                        "{'spec':{'tolerations':[{'key':'b','operator':'Exists'}]}}",
                        pod("{'spec':{'tolerations':[{'key':'b','operator':'Exists'}]}}")),
                Arguments.of("$retainKeys switches a volume's source",
                        pod("{'spec':{'volumes':[{'name':'data','emptyDir':{}},{'name':'tmp','emptyDir':{}}]}}"),
                        "{'spec':{'volumes':[{'name':'data','$retainKeys':['hostPath','name'],"
                                + "'hostPath':{'path':'/d'}}]}}",
                        pod("{'spec':{'volumes':[{'name':'data','hostPath':{'path':'/d'}},"
                                + "{'name':'tmp','emptyDir':{}}]}}")),
                Arguments.of("$retainKeys switches a Deployment's strategy",
                        deployment("{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}}}}"),
                        "{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate'}}}",
                        deployment("{'spec':{'strategy':{'type':'Recreate'}}}")),
                Arguments.of("a Deployment's pod template gets the PodSpec's rules",
                        deployment("{'spec':{'replicas':1,'template':{'metadata':{'labels':{'app':'web'}},"
                                + "'spec':{'containers':[{'name':'app','image':'app:1',"
                                + "'env':[{'name':'A','value':'1'}]}]}}}}"),
                        "{'spec':{'replicas':3,'template':{'metadata':{'labels':{'rev':'2'}},"
                                + "'spec':{'containers':[{'name':'app','image':'app:2',"
                                + "'env':[{'name':'B','value':'2'}]}]}}}}",
                        deployment("{'spec':{'replicas':3,'template':{'metadata':{'labels':{'app':'web','rev':'2'}},"
                                + "'spec':{'containers':[{'name':'app','image':'app:2',"
                                + "'env':[{'name':'B','value':'2'},{'name':'A','value':'1'}]}]}}}}")),
                Arguments.of("a CronJob's nested pod template gets the PodSpec's rules",
                        "{'apiVersion':'batch/v1','kind':'CronJob','spec':{'jobTemplate':{'spec':{'template':"
                                + "{'spec':{'containers':[{'name':'a','image':'a:1'},"
                                + "{'name':'b','image':'b:1'}]}}}}}}",
                        "{'spec':{'jobTemplate':{'spec':{'template':{'spec':"
                                + "{'containers':[{'name':'b','image':'b:2'}]}}}}}}",
                        "{'apiVersion':'batch/v1','kind':'CronJob','spec':{'jobTemplate':{'spec':{'template':"
                                + "{'spec':{'containers':[{'name':'a','image':'a:1'},"
                                + "{'name':'b','image':'b:2'}]}}}}}}"),
                Arguments.of("kubectl apply orders containers with $setElementOrder",
                        pod("{'spec':{'containers':[{'name':'app','image':'app:1'}]}}"),
                        "{'spec':{'$setElementOrder/containers':[{'name':'app'},{'name':'log'}],"
                                + "'containers':[{'name':'log','image':'log:1'}]}}",
                        pod("{'spec':{'containers':[{'name':'app','image':'app:1'},{'name':'log','image':'log:1'}]}}")),
                Arguments.of("status conditions merge by type",
                        deployment("{'status':{'conditions':[{'type':'Available','status':'False'},"
                                + "{'type':'Progressing','status':'True'}]}}"),
                        "{'status':{'conditions':[{'type':'Available','status':'True'}]}}",
                        deployment("{'status':{'conditions':[{'type':'Available','status':'True'},"
                                + "{'type':'Progressing','status':'True'}]}}")),
                Arguments.of("Service ports merge by port",
                        "{'apiVersion':'v1','kind':'Service','spec':{'ports':[{'port':80,'targetPort':8080},"
                                + "{'port':443}]}}",
                        "{'spec':{'ports':[{'port':80,'targetPort':9090}]}}",
                        "{'apiVersion':'v1','kind':'Service','spec':{'ports':[{'port':80,'targetPort':9090},"
                                + "{'port':443}]}}"),
                Arguments.of("Node taints are replaced",
                        "{'apiVersion':'v1','kind':'Node','spec':{'taints':[{'key':'a','effect':'NoSchedule'}]}}",
                        "{'spec':{'taints':[{'key':'b','effect':'NoExecute'}]}}",
                        "{'apiVersion':'v1','kind':'Node','spec':{'taints':[{'key':'b','effect':'NoExecute'}]}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void applies(String name, String document, String patch, String expected) {
        JsonNode doc = Json.parse(document);
        PatchSchema schema = PatchSchemas.forKind(doc.get("apiVersion").stringValue(), doc.get("kind").stringValue())
                .orElseThrow();
        assertThat(StrategicMergePatch.apply(doc, Json.parse(patch), schema)).isEqualTo(Json.parse(expected));
    }

    private static String pod(String json) {
        return "{'apiVersion':'v1','kind':'Pod'," + json.substring(1);
    }

    private static String deployment(String json) {
        return "{'apiVersion':'apps/v1','kind':'Deployment'," + json.substring(1);
    }
}
