package io.podyard.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.podyard.client.ApiClients;
import io.podyard.scheduler.explain.ExplainTable;
import io.podyard.scheduler.explain.WhatIf;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "explain", description = {
        "Explain scheduling against the live cluster: every node, every plugin's verdict and score.",
        "  podyard explain pod NAME [-n NS]   why a pod is (or would be) where it is",
        "  podyard explain -f FILE            where each pod in a manifest would land, creating nothing"})
final class ExplainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..2", paramLabel = "pod NAME", description = "the word 'pod' and the pod's name")
    List<String> target = new ArrayList<>();

    @Option(names = {"-f", "--filename"}, description = "manifest with Pods, Deployments, ReplicaSets or StatefulSets")
    Path file;

    @Option(names = {"-n", "--namespace"}, description = "namespace (default ${DEFAULT-VALUE})")
    String namespace = "default";

    @Option(names = "--kubeconfig", description = "kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)")
    Path kubeconfig;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean byName = target.size() == 2 && (target.get(0).equals("pod") || target.get(0).equals("pods") || target.get(0).equals("po"));
        if (byName == (file != null)) {
            err.println("give either 'pod NAME' or -f FILE (see podyard explain --help)");
            return 2;
        }
        try (KubernetesClient client = client()) {
            WhatIf whatIf = new WhatIf(client.nodes().list().getItems(), client.pods().inAnyNamespace().list().getItems(),
                    client.namespaces().list().getItems());
            if (byName) {
                Pod pod = client.pods().inNamespace(namespace).withName(target.get(1)).get();
                if (pod == null) {
                    err.println("Error from server (NotFound): pods \"" + target.get(1) + "\" not found");
                    return 1;
                }
                WhatIf.Outcome outcome = whatIf.explain(pod);
                out.print(ExplainTable.render(outcome.podKey(), outcome.decision()));
                out.flush();
                return 0;
            }
            List<Pod> pods = new ArrayList<>();
            try (InputStream in = Files.newInputStream(file)) {
                for (HasMetadata item : client.load(in).items()) {
                    pods.addAll(podsOf(item, err));
                }
            }
            for (WhatIf.Outcome outcome : whatIf.place(pods)) {
                out.print(ExplainTable.render(outcome.podKey(), outcome.decision()));
                out.println();
            }
            out.flush();
            return 0;
        }
    }

    private KubernetesClient client() throws java.io.IOException {
        Config config = kubeconfig != null ? Config.fromKubeconfig(Files.readString(kubeconfig)) : Config.autoConfigure(null);
        return ApiClients.create(config);
    }

    /** The pods an object would create: a Pod itself, or replicas of a workload's template. */
    private List<Pod> podsOf(HasMetadata item, PrintWriter err) {
        String ns = item.getMetadata().getNamespace() != null ? item.getMetadata().getNamespace() : namespace;
        return switch (item) {
            case Pod pod -> List.of(new PodBuilder(pod).editMetadata().withNamespace(ns).endMetadata().build());
            case Deployment d -> replicas(d.getMetadata().getName(), ns, d.getSpec().getTemplate(), d.getSpec().getReplicas());
            case ReplicaSet r -> replicas(r.getMetadata().getName(), ns, r.getSpec().getTemplate(), r.getSpec().getReplicas());
            case StatefulSet s -> replicas(s.getMetadata().getName(), ns, s.getSpec().getTemplate(), s.getSpec().getReplicas());
            default -> {
                err.println("skipping " + item.getKind() + "/" + item.getMetadata().getName() + ": it creates no pods to place");
                yield List.of();
            }
        };
    }

    private static List<Pod> replicas(String owner, String ns, PodTemplateSpec template, Integer count) {
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < (count == null ? 1 : count); i++) {
            ObjectMeta meta = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
            pods.add(new PodBuilder().withNewMetadataLike(meta).withName(owner + "-" + i).withNamespace(ns)
                    .endMetadata().withSpec(template.getSpec()).build());
        }
        return pods;
    }
}
