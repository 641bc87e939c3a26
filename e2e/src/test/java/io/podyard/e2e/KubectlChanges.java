package io.podyard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Changing objects with the real kubectl: apply, diff, label, annotate, patch, scale; and get's
 * columns. Subclasses choose the datastore.
 */
abstract class KubectlChanges extends ClusterSession {
    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: default
            spec:
              replicas: 2
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - name: web
                    image: 127.0.0.1:5000/web:%s
                    env:
                    - {name: MODE, value: %s}
                  - name: sidecar
                    image: 127.0.0.1:5000/sidecar:1
            """;

    @Test
    void applyEditReapplyKeepsWhatOthersSet() throws Exception {
        Path file = dir.resolve("web.yaml");
        Files.writeString(file, DEPLOYMENT.formatted("1", "fast"));
        assertThat(kubectl.run("apply", "-f", file.toString()).ok().out()).contains("deployment.apps/web created");
        assertThat(kubectl.run("apply", "-f", file.toString()).ok().out()).contains("deployment.apps/web unchanged");

        // Someone else labels it and gives the sidecar a variable; the file mentions neither. kubectl
        // merges containers by name (the patch strategy it reads in OpenAPI), so the variable stays.
        kubectl.run("label", "deployment", "web", "owner=team-a").ok();
        kubectl.run("set", "env", "deployment/web", "-c", "sidecar", "SET_BY=others").ok();

        Files.writeString(file, DEPLOYMENT.formatted("2", "safe"));
        Kubectl.Result diff = kubectl.run("diff", "-f", file.toString());
        assertThat(diff.out()).as(diff.err()).contains("web:2").contains("safe");
        assertThat(kubectl.run("apply", "-f", file.toString()).ok().out()).contains("deployment.apps/web configured");

        String json = kubectl.run("get", "deployment", "web", "-o",
                "jsonpath={.spec.template.spec.containers[*].image} {.spec.template.spec.containers[0].env[0].value}"
                        + " {.spec.template.spec.containers[1].env[0].value}"
                        + " {.metadata.labels.owner} {.metadata.generation}").ok().out();
        assertThat(json).isEqualTo("127.0.0.1:5000/web:2 127.0.0.1:5000/sidecar:1 safe others team-a 3");
    }

    @Test
    void labelAnnotatePatchAndScale() {
        kubectl.runWithInput(DEPLOYMENT.formatted("1", "fast"), "create", "-f", "-").ok();
        kubectl.run("annotate", "deployment", "web", "note=hello").ok();
        kubectl.run("label", "deployment", "web", "tier=front").ok();
        kubectl.run("label", "deployment", "web", "tier-").ok();
        kubectl.run("patch", "deployment", "web", "-p",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"sidecar\",\"image\":\"127.0.0.1:5000/sidecar:2\"}]}}}}")
                .ok();
        kubectl.run("patch", "deployment", "web", "--type=merge", "-p", "{\"spec\":{\"minReadySeconds\":5}}").ok();
        kubectl.run("patch", "deployment", "web", "--type=json", "-p",
                "[{\"op\":\"replace\",\"path\":\"/spec/revisionHistoryLimit\",\"value\":3}]").ok();
        assertThat(kubectl.run("scale", "deployment", "web", "--replicas=4").ok().out()).contains("scaled");

        String got = kubectl.run("get", "deployment", "web", "-o",
                "jsonpath={.metadata.annotations.note} {.metadata.labels.tier} {.spec.template.spec.containers[*].image}"
                        + " {.spec.minReadySeconds} {.spec.revisionHistoryLimit} {.spec.replicas}").ok().out();
        assertThat(got).isEqualTo("hello  127.0.0.1:5000/web:1 127.0.0.1:5000/sidecar:2 5 3 4");

        Kubectl.Result failed = kubectl.run("patch", "deployment", "web", "--type=json", "-p",
                "[{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":99}]");
        assertThat(failed.exit()).isNotZero();
    }

    @Test
    void getPrintsKubernetesColumns() {
        kubectl.runWithInput(DEPLOYMENT.formatted("1", "fast"), "create", "-f", "-").ok();
        kubectl.runWithInput("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b, c: d}\n",
                "create", "-f", "-").ok();
        kubectl.runWithInput("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
                + "  - {name: c, image: 127.0.0.1:5000/busybox:1}\n", "create", "-f", "-").ok();

        assertThat(kubectl.run("get", "deployments").ok().out())
                .containsPattern("NAME\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+AGE").containsPattern("web\\s+0/2\\s+0\\s+0");
        assertThat(kubectl.run("get", "deployments", "-o", "wide").ok().out())
                .containsPattern("CONTAINERS\\s+IMAGES\\s+SELECTOR").contains("web,sidecar").contains("app=web");
        assertThat(kubectl.run("get", "configmaps", "c").ok().out()).containsPattern("NAME\\s+DATA\\s+AGE")
                .containsPattern("c\\s+2\\s+");
        assertThat(kubectl.run("get", "pods", "-o", "wide").ok().out())
                .containsPattern("NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE\\s+IP\\s+NODE")
                .containsPattern("p\\s+0/1\\s+Pending\\s+0");
        assertThat(kubectl.run("get", "namespaces").ok().out()).containsPattern("default\\s+Active");
    }
}
