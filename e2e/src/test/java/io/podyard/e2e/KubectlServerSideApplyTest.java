package io.podyard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code kubectl apply --server-side} with the real kubectl: create, re-apply a change, a conflict
 * between two field managers, {@code --force-conflicts}, and the managedFields kubectl shows on request.
 */
class KubectlServerSideApplyTest extends ClusterSession {
    private static String deployment(int replicas, String image) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  labels:
                    app: web
                spec:
                  replicas: %d
                  selector:
                    matchLabels:
                      app: web
                  template:
                    metadata:
                      labels:
                        app: web
                    spec:
                      containers:
                      - name: web
                        image: %s
                """.formatted(replicas, image);
    }

    private String get(String jsonpath) {
        return kubectl.run("get", "deployment", "web", "-o", "jsonpath=" + jsonpath).ok().out();
    }

    @Test
    void applyTwiceThenConflictThenForce() {
        assertThat(kubectl.runWithInput(deployment(2, "nginx:1"), "apply", "--server-side", "-f", "-").ok().out())
                .contains("deployment.apps/web serverside-applied");
        assertThat(kubectl.runWithInput(deployment(3, "nginx:2"), "apply", "--server-side", "-f", "-").ok().out())
                .contains("deployment.apps/web serverside-applied");
        assertThat(get("{.spec.replicas} {.spec.template.spec.containers[0].image}")).isEqualTo("3 nginx:2");
        assertThat(get("{.metadata.managedFields[?(@.operation==\"Apply\")].manager}")).isEqualTo("kubectl");

        Kubectl.Result conflict = kubectl.runWithInput(deployment(5, "nginx:2"), "apply", "--server-side",
                "--field-manager=other", "-f", "-");
        assertThat(conflict.exit()).isNotZero();
        assertThat(conflict.err()).contains("Apply failed with 1 conflict: conflict with \"kubectl\": .spec.replicas");
        assertThat(get("{.spec.replicas}")).isEqualTo("3");

        Kubectl.Result diff = kubectl.runWithInput(deployment(5, "nginx:2"), "diff", "--server-side",
                "--field-manager=other", "--force-conflicts", "-f", "-");
        assertThat(diff.exit()).as(diff.err()).isEqualTo(1); // 1: there are differences
        assertThat(diff.out()).contains("-  replicas: 3").contains("+  replicas: 5").doesNotContain("managedFields");
        assertThat(get("{.spec.replicas}")).isEqualTo("3");

        kubectl.runWithInput(deployment(5, "nginx:2"), "apply", "--server-side", "--field-manager=other",
                "--force-conflicts", "-f", "-").ok();
        assertThat(get("{.spec.replicas}")).isEqualTo("5");

        String hidden = kubectl.run("get", "deployment", "web", "-o", "yaml").ok().out();
        assertThat(hidden).doesNotContain("managedFields");
        String shown = kubectl.run("get", "deployment", "web", "-o", "yaml", "--show-managed-fields").ok().out();
        assertThat(shown).contains("managedFields:").contains("manager: kubectl").contains("manager: other")
                .contains("operation: Apply").contains("fieldsType: FieldsV1").contains("f:replicas: {}")
                .contains("k:{\"name\":\"web\"}:");
    }

    @Test
    void fieldsSetByAnotherManagerSurviveAnApplyThatNoLongerSetsThem() {
        kubectl.runWithInput(deployment(2, "nginx:1"), "apply", "--server-side", "-f", "-").ok();
        kubectl.run("label", "deployment", "web", "team=blue").ok();
        kubectl.runWithInput(deployment(2, "nginx:1").replace("  labels:\n    app: web\n", ""), "apply",
                "--server-side", "-f", "-").ok();
        assertThat(get("{.metadata.labels}")).contains("\"team\":\"blue\"").doesNotContain("\"app\"");
        assertThat(get("{.metadata.managedFields[*].manager}")).contains("kubectl-label");
    }
}
