package io.podyard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A session with Debian's kubectl 1.20. It reads the schemas in OpenAPI v2 (gnostic protobuf) for
 * {@code explain} and to validate files on the client before it sends them.
 */
class OldKubectlTest extends ClusterSession {
    @Override
    Kubectl kubectl(Path kubeconfig) {
        return new Kubectl(kubeconfig, Kubectl.debian120());
    }

    @Test
    void theEverydayCommandsWork() {
        assertThat(kubectl.run("version", "--client", "--short").ok().out()).contains("v1.20");
        assertThat(kubectl.run("get", "namespaces").ok().out()).containsPattern("kube-system\\s+Active");
        kubectl.runWithInput("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n"
                + "  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n"
                + "    spec:\n      containers: [{name: web, image: '127.0.0.1:5000/web:1'}]\n",
                "create", "-f", "-").ok();
        kubectl.runWithInput("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: applied}\ndata: {a: b}\n",
                "apply", "-f", "-").ok();
        assertThat(kubectl.runWithInput("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: applied}\n"
                + "data: {a: c}\n", "apply", "-f", "-").ok().out()).contains("configured");
        kubectl.run("create", "configmap", "settings", "--from-literal=a=b").ok();
        kubectl.run("label", "configmap", "settings", "tier=web").ok();
        kubectl.run("scale", "deployment", "web", "--replicas=3").ok();
        assertThat(kubectl.run("get", "deployments").ok().out())
                .containsPattern("NAME\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+AGE").containsPattern("web\\s+0/3");
        assertThat(kubectl.run("get", "cm", "-l", "tier=web", "-o", "jsonpath={.items[*].data.a}").ok().out())
                .isEqualTo("b");
        assertThat(kubectl.run("get", "cm", "applied", "-o", "jsonpath={.data.a}").ok().out()).isEqualTo("c");
        assertThat(kubectl.run("delete", "deployment", "web").ok().out()).contains("deleted");
    }

    @Test
    void explainAndClientSideValidationReadTheOpenApiV2Definitions() {
        assertThat(kubectl.run("explain", "pod.spec.containers").ok().out())
                .containsPattern("RESOURCE:\\s+containers\\s+<\\[\\]Object>")
                .containsPattern("List of containers belonging to the pod\\.")
                .containsPattern("image\\s+<string>").containsPattern("env\\s+<\\[\\]Object>");
        assertThat(kubectl.run("explain", "deployment.spec.strategy.rollingUpdate.maxSurge").ok().out())
                .containsPattern("FIELD:\\s+maxSurge\\s+<string>");
        assertThat(kubectl.run("explain", "statefulsets").ok().out()).contains("KIND:     StatefulSet");

        // Without a field validation of its own to ask for, the server would only warn; 1.20 refuses first.
        Kubectl.Result typo = kubectl.runWithInput("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: typo}\n"
                + "datta: {a: b}\n", "create", "-f", "-");
        assertThat(typo.exit()).isNotZero();
        assertThat(typo.err()).contains("ValidationError(ConfigMap): unknown field \"datta\"");
        assertThat(kubectl.run("get", "configmap", "typo").err()).contains("NotFound");
        // Values of either type, maps and free-form fields pass.
        kubectl.runWithInput("apiVersion: v1\nkind: Service\nmetadata: {name: s, labels: {a: b}}\nspec:\n"
                + "  ports: [{name: a, port: 80, targetPort: http}, {name: b, port: 81, targetPort: 8081}]\n"
                + "  selector: {app: web}\n", "create", "-f", "-").ok();
        kubectl.runWithInput("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
                + "  - name: c\n    image: 127.0.0.1:5000/busybox:1\n"
                + "    resources: {limits: {cpu: 1, memory: 64Mi}, requests: {cpu: 100m}}\n", "create", "-f", "-")
                .ok();
    }
}
