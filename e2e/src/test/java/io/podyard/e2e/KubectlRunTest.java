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
}
