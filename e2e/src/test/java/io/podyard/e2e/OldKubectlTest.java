package io.podyard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A session with Debian's kubectl 1.20. It looks for schemas in OpenAPI v2 to validate files on the
 * client; Podyard's v2 document has none, so validation is the server's, as with kubectl 1.32.
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
}
