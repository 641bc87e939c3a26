package io.podyard.bench;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A Deployment of R replicas on hollow nodes, with the real Deployment and ReplicaSet controllers:
 * time until all replicas are available, then time to roll out a new image (the default
 * RollingUpdate, 25 % surge / unavailable) until every replica is updated and available and the old
 * pods are gone.
 */
@Command(name = "deployment", mixinStandardHelpOptions = true,
        description = "A Deployment (default 3,000 replicas on 1,000 hollow nodes): time to create, then to roll to a new image.")
final class DeploymentBenchmark implements Callable<Integer> {
    @Mixin
    RunOptions run = new RunOptions();

    @Option(names = "--nodes", description = "hollow nodes (default ${DEFAULT-VALUE})")
    int nodes = 1000;

    @Option(names = "--replicas", description = "replicas (default ${DEFAULT-VALUE})")
    int replicas = 3000;

    @Option(names = "--backends", split = ",", description = "sqlite and/or etcd (default: sqlite)")
    List<String> backends = List.of("sqlite");

    @Override
    public Integer call() throws Exception {
        List<List<String>> rows = new ArrayList<>();
        for (String backend : backends) {
            rows.add(once(backend));
        }
        String table = Report.table(List.of("backend", "nodes", "replicas", "create → available s", "rollout s"), rows);
        System.out.print(table);
        Report.append(run.report, "deployment on hollow nodes", "A Deployment of " + replicas + " replicas on " + nodes
                + " hollow nodes, with the real controllers and scheduler in one JVM: from create until every replica"
                + " is available, then from the image change until the rollout is complete (all replicas updated and"
                + " available, none old left)."
                + " The machine's load average at the end: " + HollowCluster.loadAverage() + ".", table);
        return 0;
    }

    private List<String> once(String backend) throws Exception {
        try (HollowCluster cluster = new HollowCluster(backend, nodes, true)) {
            KubernetesClient client = cluster.client;
            long start = System.nanoTime();
            client.apps().deployments().inNamespace("default").resource(deployment("v1")).create();
            awaitComplete(client);
            double create = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%s: %d replicas available in %.1f s%n", backend, replicas, create);
            start = System.nanoTime();
            client.apps().deployments().inNamespace("default").withName("bench").edit(d -> {
                d.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage("registry.example/app:v2");
                return d;
            });
            awaitComplete(client);
            double rollout = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%s: rolled out in %.1f s%n", backend, rollout);
            return List.of(backend, String.valueOf(nodes), String.valueOf(replicas), Report.fmt("%.1f", create),
                    Report.fmt("%.1f", rollout));
        }
    }

    /** Until the controller has seen the newest spec and every replica is updated, available and alone. */
    private void awaitComplete(KubernetesClient client) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (true) {
            Deployment d = client.apps().deployments().inNamespace("default").withName("bench").get();
            var status = d.getStatus();
            if (status != null && Objects.equals(status.getObservedGeneration(), d.getMetadata().getGeneration())
                    && Objects.equals(status.getUpdatedReplicas(), replicas)
                    && Objects.equals(status.getAvailableReplicas(), replicas)
                    && Objects.equals(status.getReplicas(), replicas)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("deployment not complete after 10 minutes: " + status);
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private Deployment deployment(String tag) {
        return new DeploymentBuilder().withNewMetadata().withName("bench").withNamespace("default").endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", "bench").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "bench").endMetadata().withNewSpec()
                .addNewContainer().withName("app").withImage("registry.example/app:" + tag).endContainer()
                .endSpec().endTemplate().endSpec().build();
    }
}
