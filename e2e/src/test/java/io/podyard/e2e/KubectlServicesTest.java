package io.podyard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.podyard.controllers.ControllerManager;
import io.podyard.controllers.ControllerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Services with the real kubectl: expose a Deployment, create Services of every type, see the
 * cluster IPs, node ports and EndpointSlices kubectl prints. No node runs: the test plays the
 * kubelet and gives the pods their addresses and readiness.
 */
class KubectlServicesTest extends ClusterSession {
    private KubernetesClient client;
    private ControllerManager controllers;

    @BeforeEach
    void startControllers() throws IOException {
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(cluster.kubeconfig())))
                .build();
        controllers = ControllerManager.start(client, ControllerOptions.defaults().withLeaderElection(false));
        await().atMost(Duration.ofSeconds(60)).until(controllers::isActive);
    }

    @AfterEach
    void stopControllers() {
        controllers.close();
        client.close();
    }

    private List<Pod> webPods() {
        return client.pods().inNamespace("default").withLabel("app", "web").list().getItems();
    }

    private void runningAndReady(Pod pod, String ip) {
        pod.getStatus().setPhase("Running");
        pod.getStatus().setPodIP(ip);
        pod.getStatus().setConditions(List.of(new PodConditionBuilder().withType("Ready").withStatus("True").build()));
        client.pods().inNamespace("default").resource(pod).updateStatus();
    }

    @Test
    void exposeADeploymentAndSeeItsClusterIpAndEndpointSlices() {
        kubectl.run("create", "deployment", "web", "--image=busybox", "--replicas=2", "--port=8080").ok();
        await().atMost(Duration.ofSeconds(60)).until(() -> webPods().size() == 2);
        List<Pod> pods = webPods();
        runningAndReady(pods.get(0), "10.244.0.2");
        runningAndReady(pods.get(1), "10.244.0.3");

        kubectl.run("expose", "deployment", "web", "--port=80", "--target-port=8080").ok();
        String ip = kubectl.run("get", "svc", "web", "-o", "jsonpath={.spec.clusterIP}").ok().out().strip();
        assertThat(ip).matches("10\\.(9[6-9]|10[0-9]|11[01])\\.\\d+\\.\\d+").isNotIn("10.96.0.1", "10.96.0.10");
        String svc = kubectl.run("get", "svc", "web").ok().out();
        assertThat(svc).contains("CLUSTER-IP").containsPattern("web\\s+ClusterIP\\s+" + ip.replace(".", "\\.")
                + "\\s+<none>\\s+80/TCP");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kubectl.run("get", "endpointslices",
                "-l", "kubernetes.io/service-name=web").ok().out())
                .containsPattern("web-\\w+\\s+IPv4\\s+8080\\s+10\\.244\\.0\\.2,10\\.244\\.0\\.3"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kubectl.run("get", "endpoints", "web")
                .ok().out()).contains("10.244.0.2:8080,10.244.0.3:8080"));

        assertThat(kubectl.run("get", "svc", "kubernetes").ok().out())
                .containsPattern("kubernetes\\s+ClusterIP\\s+10\\.96\\.0\\.1\\s+<none>\\s+443/TCP");
    }

    @Test
    void createServicesOfEveryTypeAndBeRefusedWhatIsTaken() {
        kubectl.run("create", "service", "nodeport", "np", "--tcp=80:8080", "--node-port=30080").ok();
        assertThat(kubectl.run("get", "svc", "np").ok().out()).containsPattern("np\\s+NodePort\\s+\\S+\\s+<none>\\s+"
                + "80:30080/TCP");
        assertThat(kubectl.run("create", "service", "nodeport", "np2", "--tcp=80:8080", "--node-port=30080").err())
                .contains("spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated");

        kubectl.run("create", "service", "clusterip", "fixed", "--tcp=80", "--clusterip=10.96.0.50").ok();
        assertThat(kubectl.run("create", "service", "clusterip", "again", "--tcp=80", "--clusterip=10.96.0.50").err())
                .contains("failed to allocate IP 10.96.0.50: provided IP is already allocated");
        kubectl.run("create", "service", "clusterip", "headless", "--clusterip=None").ok();
        kubectl.run("create", "service", "externalname", "ext", "--external-name=db.example.com").ok();
        kubectl.run("create", "service", "loadbalancer", "lb", "--tcp=443:8443").ok();

        String all = kubectl.run("get", "svc").ok().out();
        assertThat(all).containsPattern("fixed\\s+ClusterIP\\s+10\\.96\\.0\\.50\\s+<none>\\s+80/TCP")
                .containsPattern("headless\\s+ClusterIP\\s+None\\s+<none>\\s+<none>")
                .containsPattern("ext\\s+ExternalName\\s+<none>\\s+db\\.example\\.com\\s+<none>")
                .containsPattern("lb\\s+LoadBalancer\\s+10\\.\\S+\\s+\\S+\\s+443:3\\d{4}/TCP");

        kubectl.run("delete", "svc", "np").ok();
        kubectl.run("create", "service", "nodeport", "np2", "--tcp=80:8080", "--node-port=30080").ok();
    }
}
