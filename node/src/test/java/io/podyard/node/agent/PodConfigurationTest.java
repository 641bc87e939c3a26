package io.podyard.node.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What a pod is given and what it shares: image pull failures with the registry's words,
 * ConfigMaps and Secrets as volumes and env (and the wait while one is missing), and the issue's
 * two-container pod serving an emptyDir over localhost and its pod IP.
 */
class PodConfigurationTest extends AgentTest {
    @Test
    void aMissingImageShowsErrImagePullThenImagePullBackOffWithTheRegistrysReason() {
        List<String> seen = new CopyOnWriteArrayList<>();
        Watch watch = client.pods().inNamespace("default").withName("ghost").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                var statuses = pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
                if (statuses != null && !statuses.isEmpty() && statuses.getFirst().getState().getWaiting() != null) {
                    var waiting = statuses.getFirst().getState().getWaiting();
                    seen.add(waiting.getReason() + ": " + waiting.getMessage());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
        try {
            client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("ghost")
                    .endMetadata().withNewSpec().withNodeName("node-a").withTerminationGracePeriodSeconds(0L)
                    .addNewContainer().withName("main").withImage(registry.host() + "/nothing:here").endContainer()
                    .endSpec().build()).create();

            await().atMost(WAIT).until(() -> seen.stream().anyMatch(s -> s.startsWith("ImagePullBackOff")));

            assertThat(seen).filteredOn(s -> s.startsWith("ErrImagePull")).first().asString()
                    .contains("manifest unknown");
            assertThat(seen.indexOf(seen.stream().filter(s -> s.startsWith("ErrImagePull")).findFirst().orElseThrow()))
                    .isLessThan(seen.indexOf(seen.stream().filter(s -> s.startsWith("ImagePullBackOff")).findFirst()
                            .orElseThrow()));
            assertThat(seen).filteredOn(s -> s.startsWith("ImagePullBackOff")).first().asString()
                    .contains("Back-off pulling image").contains("manifest unknown");
            assertThat(client.pods().inNamespace("default").withName("ghost").get().getStatus().getPhase())
                    .isEqualTo("Pending");
        } finally {
            watch.close();
        }
    }

    @Test
    void configMapsAndSecretsReachTheContainerAsFilesAndEnvironment() throws Exception {
        client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("reader")
                .endMetadata().withNewSpec().withNodeName("node-a").withRestartPolicy("Never")
                .addNewContainer().withName("main").withImage(busybox).withCommand("sh", "-c",
                        "cat /config/greeting; echo; cat /secret/pw; echo; ls -lL /config/greeting | cut -c1-10;"
                                + " echo $GREETING $PASSWORD $ME $NODE $NS; echo $FROM_colour; cat /info/name;"
                                + " echo; cat /mem/f 2>/dev/null || echo no-file; df /mem | tail -1 | tr -s ' ' | cut -d' ' -f1")
                .addNewEnv().withName("GREETING").withNewValueFrom().withNewConfigMapKeyRef("greeting", "settings",
                        false).endValueFrom().endEnv()
                .addNewEnv().withName("PASSWORD").withNewValueFrom().withNewSecretKeyRef("pw", "creds", false)
                .endValueFrom().endEnv()
                .addNewEnv().withName("ME").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name")
                .endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("NODE").withNewValueFrom().withNewFieldRef().withFieldPath("spec.nodeName")
                .endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("NS").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.namespace")
                .endFieldRef().endValueFrom().endEnv()
                .addNewEnvFrom().withPrefix("FROM_").withNewConfigMapRef("settings", false).endEnvFrom()
                .addNewVolumeMount().withName("config").withMountPath("/config").endVolumeMount()
                .addNewVolumeMount().withName("secret").withMountPath("/secret").endVolumeMount()
                .addNewVolumeMount().withName("info").withMountPath("/info").endVolumeMount()
                .addNewVolumeMount().withName("mem").withMountPath("/mem").endVolumeMount()
                .endContainer()
                .addNewVolume().withName("config").withNewConfigMap().withName("settings").withDefaultMode(0600)
                .endConfigMap().endVolume()
                .addNewVolume().withName("secret").withNewSecret().withSecretName("creds").endSecret().endVolume()
                .addNewVolume().withName("info").withNewDownwardAPI().addNewItem().withPath("name").withNewFieldRef()
                .withFieldPath("metadata.name").endFieldRef().endItem().endDownwardAPI().endVolume()
                .addNewVolume().withName("mem").withNewEmptyDir().withMedium("Memory")
                .withSizeLimit(new Quantity("4Mi")).endEmptyDir().endVolume()
                .endSpec().build()).create();

        // Neither the ConfigMap nor the Secret exists yet: the container waits, saying why.
        Pod waiting = awaitPod("reader", p -> p.getStatus().getContainerStatuses() != null
                && !p.getStatus().getContainerStatuses().isEmpty()
                && p.getStatus().getContainerStatuses().getFirst().getState().getWaiting() != null
                && "CreateContainerConfigError".equals(p.getStatus().getContainerStatuses().getFirst().getState()
                        .getWaiting().getReason()));
        assertThat(waiting.getStatus().getContainerStatuses().getFirst().getState().getWaiting().getMessage())
                .contains("not found");

        client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("settings").endMetadata().withData(Map.of("greeting", "hello", "colour", "blue")).build())
                .create();
        client.secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata().withName("creds")
                .endMetadata().withStringData(Map.of("pw", "s3cret")).build()).create();

        Pod done = awaitPod("reader", p -> "Succeeded".equals(p.getStatus().getPhase()));

        assertThat(log(done, "main")).isEqualTo("""
                hello
                s3cret
                -rw-------
                hello s3cret reader node-a default
                blue
                reader
                no-file
                tmpfs
                """);
    }

    @Test
    void runningPodsSeeTheirConfigMapSecretAndLabelsChangeAndTheirResourcesInEnv() throws Exception {
        client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("settings").endMetadata().withData(Map.of("greeting", "hello")).build()).create();
        client.secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata().withName("creds")
                .endMetadata().withStringData(Map.of("pw", "one")).build()).create();
        client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("watcher")
                .addToLabels("tier", "a").endMetadata().withNewSpec().withNodeName("node-a")
                .withTerminationGracePeriodSeconds(0L)
                .addNewContainer().withName("main").withImage(busybox).withCommand("sh", "-c",
                        "while true; do echo \"$(cat /config/greeting) $(cat /secret/pw) $(cat /info/labels)"
                                + " $CPU $MEMORY\"; sleep 0.2; done")
                .withNewResources().addToLimits("cpu", new Quantity("300m")).endResources()
                .addNewEnv().withName("CPU").withNewValueFrom().withNewResourceFieldRef().withResource("limits.cpu")
                .withDivisor(new Quantity("1m")).endResourceFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("MEMORY").withNewValueFrom().withNewResourceFieldRef()
                .withResource("limits.memory").endResourceFieldRef().endValueFrom().endEnv()
                .addNewVolumeMount().withName("config").withMountPath("/config").endVolumeMount()
                .addNewVolumeMount().withName("secret").withMountPath("/secret").endVolumeMount()
                .addNewVolumeMount().withName("info").withMountPath("/info").endVolumeMount()
                .endContainer()
                .addNewVolume().withName("config").withNewConfigMap().withName("settings").endConfigMap().endVolume()
                .addNewVolume().withName("secret").withNewSecret().withSecretName("creds").endSecret().endVolume()
                .addNewVolume().withName("info").withNewDownwardAPI().addNewItem().withPath("labels")
                .withNewFieldRef().withFieldPath("metadata.labels").endFieldRef().endItem().endDownwardAPI()
                .endVolume()
                .endSpec().build()).create();
        Pod running = awaitPod("watcher", p -> "Running".equals(p.getStatus().getPhase()));
        String allocatableMemory = Quantity.getAmountInBytes(client.nodes().withName("node-a").get().getStatus()
                .getAllocatable().get("memory")).toBigInteger().toString();
        await().atMost(WAIT).until(() -> lastLine(log(running, "main")),
                l -> l.equals("hello one tier=\"a\" 300 " + allocatableMemory));

        client.configMaps().inNamespace("default").withName("settings")
                .edit(cm -> new ConfigMapBuilder(cm).withData(Map.of("greeting", "bonjour")).build());
        client.secrets().inNamespace("default").withName("creds")
                .edit(secret -> new SecretBuilder(secret).withData(null).withStringData(Map.of("pw", "two")).build());
        client.pods().inNamespace("default").withName("watcher")
                .edit(pod -> new PodBuilder(pod).editMetadata().addToLabels("tier", "b").endMetadata().build());

        await().atMost(WAIT).until(() -> lastLine(log(running, "main")),
                l -> l.startsWith("bonjour two tier=\"b\" 300 "));
        assertThat(client.pods().inNamespace("default").withName("watcher").get().getStatus()
                .getContainerStatuses().getFirst().getRestartCount()).as("updated in place").isZero();
    }

    private static String lastLine(String log) {
        String[] lines = log.strip().split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void twoContainersShareAnEmptyDirAndLocalhostAndThePodIpAnswersFromTheNode() throws Exception {
        client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withNodeName("node-a").withTerminationGracePeriodSeconds(1L)
                .addNewContainer().withName("httpd").withImage(busybox)
                .withCommand("httpd", "-f", "-p", "8080", "-h", "/data")
                .addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount().endContainer()
                .addNewContainer().withName("client").withImage(busybox).withCommand("sh", "-c",
                        "echo written-by-client > /data/index.html;"
                                + " until wget -q -O - http://127.0.0.1:8080/; do sleep 0.1; done; exec sleep 3600")
                .addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount().endContainer()
                .addNewVolume().withName("data").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().build()).create();

        Pod running = awaitPod("web", p -> "Running".equals(p.getStatus().getPhase())
                && p.getStatus().getContainerStatuses().stream().allMatch(c -> Boolean.TRUE.equals(c.getReady())));
        await().atMost(WAIT).until(() -> log(running, "client").equals("written-by-client\n"));

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://" + running.getStatus().getPodIP() + ":8080/")).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("written-by-client\n");
    }

    @Test
    void aContainerSeesThePodIpInItsEnvironmentAndInEtcHosts() throws Exception {
        // The network is added while the container is created: what needs the address must still get it.
        client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("addressed")
                .endMetadata().withNewSpec().withNodeName("node-a").withRestartPolicy("Never")
                .addNewContainer().withName("main").withImage(busybox)
                .withCommand("sh", "-c", "echo \"ip=$MY_IP ips=$MY_IPS\"; cat /etc/hosts")
                .addNewEnv().withName("MY_IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP")
                .endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("MY_IPS").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIPs")
                .endFieldRef().endValueFrom().endEnv()
                .endContainer().endSpec().build()).create();

        Pod done = awaitPod("addressed", p -> "Succeeded".equals(p.getStatus().getPhase()));
        String ip = done.getStatus().getPodIP();
        assertThat(ip).isNotEmpty();
        assertThat(log(done, "main")).startsWith("ip=" + ip + " ips=" + ip + "\n").contains(ip + "\taddressed\n");
    }

    @Test
    void containersSeeTheServicesOfTheirNamespaceAsVariablesUnlessLinksAreOff() throws Exception {
        client.services().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.ServiceBuilder()
                .withNewMetadata().withName("my-db").endMetadata().withNewSpec().withClusterIP("10.96.0.50")
                .addNewPort().withName("sql").withPort(5432).endPort().endSpec().build()).create();
        for (boolean links : new boolean[] {true, false}) {
            String name = links ? "linked" : "unlinked";
            client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName(name)
                    .endMetadata().withNewSpec().withNodeName("node-a").withRestartPolicy("Never")
                    .withEnableServiceLinks(links).addNewContainer().withName("main").withImage(busybox)
                    .withCommand("sh", "-c", "env | grep -E '^(MY_DB|KUBERNETES)_(SERVICE|PORT)' | sort")
                    .endContainer().endSpec().build()).create();
        }
        Pod linked = awaitPod("linked", p -> "Succeeded".equals(p.getStatus().getPhase()));
        assertThat(log(linked, "main").lines().toList()).contains("MY_DB_SERVICE_HOST=10.96.0.50",
                "MY_DB_SERVICE_PORT=5432", "MY_DB_SERVICE_PORT_SQL=5432", "MY_DB_PORT=tcp://10.96.0.50:5432",
                "MY_DB_PORT_5432_TCP_ADDR=10.96.0.50", "KUBERNETES_SERVICE_HOST=10.96.0.1",
                "KUBERNETES_SERVICE_PORT=443");
        Pod unlinked = awaitPod("unlinked", p -> "Succeeded".equals(p.getStatus().getPhase()));
        assertThat(log(unlinked, "main")).contains("KUBERNETES_SERVICE_HOST=10.96.0.1").doesNotContain("MY_DB");
    }
}
