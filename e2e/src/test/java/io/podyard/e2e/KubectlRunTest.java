package io.podyard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A user runs a container with kubectl on a one-node cluster and sees it running on the node. */
class KubectlRunTest extends NodeClusterSession {
    @Test
    void kubectlRunGoesRunningOnTheNodeWithAnIp() {
        assertThat(kubectl.run("get", "nodes").ok().out()).contains(NodeCluster.NODE_NAME).contains("Ready");

        kubectl.run("run", "web", "--image=" + busybox, "--command", "--", "sh", "-c", "echo hello; sleep 3600").ok();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                kubectl.run("get", "pod", "web", "-o", "jsonpath={.status.phase}").out().equals("Running"));
        String wide = kubectl.run("get", "pods", "-o", "wide").ok().out();
        String ip = kubectl.run("get", "pod", "web", "-o", "jsonpath={.status.podIP}").ok().out();
        assertThat(cluster.node().network.network().subnet().contains(ip)).as(ip).isTrue();
        assertThat(wide).contains("web").contains("1/1").contains("Running").contains(ip)
                .contains(NodeCluster.NODE_NAME);

        kubectl.run("delete", "pod", "web", "--grace-period=1").ok();
        assertThat(kubectl.run("get", "pods").ok().out() + kubectl.run("get", "pods").err())
                .contains("No resources found");
    }

    /**
     * What an in-cluster client reads: the pod's service-account token, namespace and the cluster CA,
     * which together make a working kubeconfig (a token of the pod's own account, the server checked
     * against that CA).
     */
    @Test
    void aPodGetsTheCredentialsInClusterClientsRead() throws Exception {
        String dirPath = "/var/run/secrets/kubernetes.io/serviceaccount";
        runPod("reader", "cat " + dirPath + "/token; echo; echo ===; cat " + dirPath + "/namespace; echo; echo ===; cat "
                + dirPath + "/ca.crt; echo ===; mount | grep -c ' " + dirPath + " .*ro,'");
        String logs = await().atMost(Duration.ofSeconds(30)).until(() -> kubectl.run("logs", "reader").out(),
                out -> out.split("===").length == 4);
        String[] parts = logs.split("===");
        String token = parts[0].trim();
        assertThat(parts[1].trim()).isEqualTo("default");
        assertThat(parts[2].trim()).isEqualTo(java.nio.file.Files.readString(
                dir.resolve("server").resolve("pki").resolve("ca.crt")).trim());
        assertThat(parts[3].trim()).as("mounted read-only").isEqualTo("1");
        assertThat(kubectl.run("get", "pod", "reader", "-o", "jsonpath={.spec.volumes[*].name}").ok().out())
                .startsWith("kube-api-access-");

        String server = kubectl.run("config", "view", "--minify", "-o", "jsonpath={.clusters[0].cluster.server}").ok().out();
        java.nio.file.Path inCluster = dir.resolve("in-cluster.yaml");
        java.nio.file.Files.writeString(inCluster, """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "%s", certificate-authority-data: %s}}]
                users: [{name: u, user: {token: %s}}]
                contexts: [{name: c, context: {cluster: c, user: u, namespace: default}}]
                current-context: c
                """.formatted(server, java.util.Base64.getEncoder().encodeToString(parts[2].trim().getBytes()), token));
        Kubectl asThePod = new Kubectl(inCluster);
        assertThat(asThePod.run("get", "pod", "reader", "-o", "name").ok().out().trim()).isEqualTo("pod/reader");
    }
}
