package io.podyard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A user's session with the real kubectl against a real Podyard API server over HTTPS. Subclasses
 * choose the datastore; the session must read the same on each.
 */
abstract class KubectlSession extends ClusterSession {
    private static final String APP = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: shop
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
              namespace: shop
              labels: {app: web}
            data:
              color: blue
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: creds
              namespace: shop
              labels: {app: web}
            stringData:
              password: hunter2
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: shop
              labels: {app: web}
            spec:
              replicas: 2
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - name: web
                    image: 127.0.0.1:5000/web:1
            """;

    @Test
    void discoveryAndHealth() {
        assertThat(kubectl.run("get", "--raw", "/readyz").ok().out()).isEqualTo("ok");
        String resources = kubectl.run("api-resources").ok().out();
        assertThat(resources).contains("deployments", "deploy", "apps/v1", "configmaps", "cm", "namespaces")
                .contains("leases", "coordination.k8s.io/v1").contains("endpointslices");
        assertThat(kubectl.run("get", "namespaces", "-o", "name").ok().out())
                .contains("namespace/default", "namespace/kube-system", "namespace/kube-public");
        assertThat(kubectl.run("version", "-o", "json").ok().out()).contains("\"minor\": \"32\"");
        // Kubernetes' own text: the field's and its type's description, and each field's below.
        assertThat(kubectl.run("explain", "pod.spec.containers").ok().out())
                .containsPattern("image\\s+<string>").containsPattern("env\\s+<\\[\\]EnvVar>")
                .containsPattern("DESCRIPTION:\\s+List of containers belonging to the pod\\.")
                .contains("A single application container that you want to run within a pod.")
                .containsPattern("args\\s+<\\[\\]string>\\s+Arguments to the entrypoint\\.");
        assertThat(kubectl.run("explain", "deployment.spec.strategy").ok().out())
                .contains("GROUP:      apps").containsPattern("rollingUpdate\\s+<RollingUpdateDeployment>");
    }

    @Test
    void createFromAMultiDocumentFileThenReadItBackEveryWay() throws Exception {
        Path file = dir.resolve("app.yaml");
        Files.writeString(file, APP);
        assertThat(kubectl.run("create", "-f", file.toString()).ok().out())
                .contains("namespace/shop created", "configmap/settings created", "secret/creds created",
                        "deployment.apps/web created");

        assertThat(kubectl.run("get", "configmap", "settings", "-n", "shop", "-o", "yaml").ok().out())
                .contains("color: blue", "uid:", "resourceVersion:", "creationTimestamp:");
        assertThat(kubectl.run("get", "deploy", "web", "-n", "shop", "-o", "json").ok().out())
                .contains("\"replicas\": 2", "\"generation\": 1");
        assertThat(kubectl.run("get", "secret", "creds", "-n", "shop", "-o", "jsonpath={.data.password}").ok().out())
                .isEqualTo("aHVudGVyMg==");
        assertThat(kubectl.run("get", "cm,secret,deploy", "-n", "shop", "-l", "app=web", "-o", "name").ok().out())
                .contains("configmap/settings", "secret/creds", "deployment.apps/web");
        assertThat(kubectl.run("get", "all", "-n", "shop", "-o", "name").ok().out()).contains("deployment.apps/web");
        assertThat(kubectl.run("describe", "deployment", "web", "-n", "shop").ok().out())
                .containsPattern("Replicas:\\s+2 desired").contains("RollingUpdateStrategy:  25% max unavailable");
        assertThat(kubectl.run("get", "configmaps", "-A", "-o", "custom-columns=NS:.metadata.namespace,NAME:.metadata.name")
                .ok().out()).containsPattern("shop\\s+settings");

        assertThat(kubectl.run("create", "-f", file.toString()).err()).contains("AlreadyExists");

        // The namespace goes first and takes its contents with it, so later deletes in the file may
        // find their object already gone, as on any Kubernetes cluster.
        assertThat(kubectl.run("delete", "-f", file.toString(), "--ignore-not-found").ok().out())
                .contains("namespace \"shop\" deleted");
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> kubectl.run("get", "namespace", "shop").err().contains("NotFound"));
        assertThat(kubectl.run("get", "deploy", "web", "-n", "shop").err()).contains("NotFound");
    }

    @Test
    void kubectlsTypedCreateCommandsWork() {
        // These send Kubernetes protobuf, not JSON.
        kubectl.run("create", "configmap", "app-config", "--from-literal=a=b").ok();
        kubectl.run("create", "secret", "generic", "creds", "--from-literal=password=s3cret").ok();
        kubectl.run("create", "deployment", "web2", "--image=127.0.0.1:5000/web:1", "--replicas=3").ok();
        kubectl.run("create", "namespace", "team").ok();
        assertThat(kubectl.run("get", "cm", "app-config", "-o", "jsonpath={.data.a}").ok().out()).isEqualTo("b");
        assertThat(kubectl.run("get", "secret", "creds", "-o", "jsonpath={.type} {.data.password}").ok().out())
                .isEqualTo("Opaque czNjcmV0");
        assertThat(kubectl.run("get", "deploy", "web2", "-o", "jsonpath={.spec.replicas}"
                + " {.spec.template.spec.containers[0].image} {.spec.strategy.rollingUpdate.maxSurge}"
                + " {.metadata.labels.app}").ok().out()).isEqualTo("3 127.0.0.1:5000/web:1 25% web2");
        assertThat(kubectl.run("get", "ns", "team", "-o", "jsonpath={.status.phase}").ok().out()).isEqualTo("Active");
    }

    @Test
    void theServerValidatesFieldsStrictly() {
        String bad = """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: bad, namespace: default}
                dataa: {x: y}
                """;
        Kubectl.Result strict = kubectl.runWithInput(bad, "create", "-f", "-");
        assertThat(strict.exit()).isNotZero();
        assertThat(strict.err()).contains("BadRequest").contains("unknown field \"dataa\"");
        assertThat(kubectl.run("get", "cm", "bad").err()).contains("NotFound");

        Kubectl.Result warned = kubectl.runWithInput(bad, "create", "-f", "-", "--validate=warn");
        assertThat(warned.ok().err()).contains("unknown field \"dataa\"");

        Kubectl.Result invalid = kubectl.run("create", "namespace", "Bad_Name");
        assertThat(invalid.exit()).isNotZero();
    }

    @Test
    void deleteByLabelRemovesOnlyTheSelection() {
        for (String name : new String[] {"a", "b", "c"}) {
            kubectl.runWithInput("""
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: %s, namespace: default, labels: {tier: %s}}
                    """.formatted(name, name.equals("c") ? "db" : "web"), "create", "-f", "-").ok();
        }
        assertThat(kubectl.run("delete", "cm", "-l", "tier=web").ok().out()).contains("\"a\" deleted", "\"b\" deleted");
        assertThat(kubectl.run("get", "cm", "-o", "name").ok().out()).contains("configmap/c")
                .doesNotContain("configmap/a");
    }

    @Test
    void getWatchShowsChangesAsTheyHappen() throws Exception {
        Path out = dir.resolve("watch.txt");
        Process watch = kubectl.start(out, "get", "configmaps", "-n", "default", "-w", "-o", "name");
        try {
            Thread.sleep(1000);
            kubectl.runWithInput("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: watched, namespace: default}\n",
                    "create", "-f", "-").ok();
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.readString(out).contains("configmap/watched"));
        } finally {
            watch.destroy();
            watch.waitFor();
        }
    }

    @Test
    void getWatchPrintsRowsAsTheyChange() throws Exception {
        Path out = dir.resolve("watch-table.txt");
        Process watch = kubectl.start(out, "get", "configmaps", "-n", "default", "-w");
        try {
            Thread.sleep(1000);
            kubectl.runWithInput("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: one, namespace: default}\n"
                    + "data: {a: b}\n", "create", "-f", "-").ok();
            kubectl.runWithInput("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: two, namespace: default}\n",
                    "create", "-f", "-").ok();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(out).contains("two"));
            String printed = Files.readString(out);
            assertThat(printed).containsPattern("NAME\\s+DATA\\s+AGE").containsPattern("one\\s+1\\s+")
                    .containsPattern("two\\s+0\\s+");
        } finally {
            watch.destroy();
            watch.waitFor();
        }
    }

    @Test
    void withoutValidCredentialsTheServerSaysUnauthorized() throws Exception {
        // The admin kubeconfig with its client certificate swapped for a token the server never issued.
        String admin = Files.readString(cluster.kubeconfig());
        String tokenOnly = admin.replaceAll("(?m)^(\\s*)client-certificate-data: .*$", "$1token: not-a-token")
                .replaceAll("(?m)^\\s*client-key-data: .*\\R", "");
        assertThat(tokenOnly).doesNotContain("client-key-data").contains("token: not-a-token");
        Path file = dir.resolve("bad-token.yaml");
        Files.writeString(file, tokenOnly);
        Kubectl.Result r = new Kubectl(file).run("get", "pods");
        assertThat(r.exit()).isNotZero();
        // kubectl's words for a 401
        assertThat(r.err()).contains("the server has asked for the client to provide credentials");
    }

    @Test
    void everythingSurvivesARestart() {
        kubectl.runWithInput("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: kept, namespace: default}\ndata: {a: b}\n",
                "create", "-f", "-").ok();
        restartCluster();
        assertThat(kubectl.run("get", "cm", "kept", "-o", "jsonpath={.data.a}").ok().out()).isEqualTo("b");
    }
}
