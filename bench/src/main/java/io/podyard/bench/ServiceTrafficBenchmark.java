package io.podyard.bench;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.podyard.proxy.HostCommand;
import io.podyard.proxy.ServiceCidrRoute;
import io.podyard.proxy.ServiceSnapshot;
import io.podyard.proxy.nftables.IncrementalRules;
import io.podyard.proxy.nftables.NftApplier;
import io.podyard.proxy.nftables.NftConfig;
import io.podyard.proxy.testing.NetnsLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Requests per second through a Service's ClusterIP against the same pod straight at its IP
 * (issue 8's goal: ≥ 0.95). A node and two pods live in network namespaces of their own (the proxy
 * tests' {@code NetnsLab}): busybox httpd in one pod, {@code ab} in the other, the proxy's nftables
 * rules for a one-endpoint Service in the node namespace. Rounds alternate direct and ClusterIP so
 * both see the same machine; nothing touches the host's network.
 */
@Command(name = "service-traffic", mixinStandardHelpOptions = true,
        description = "Proxy: HTTP requests/s through a ClusterIP vs straight to the pod IP (ab, busybox httpd).")
final class ServiceTrafficBenchmark implements Callable<Integer> {
    private static final Pattern RATE = Pattern.compile("Requests per second:\\s+([0-9.]+)");
    private static final String CLUSTER_IP = "10.96.200.2";
    private static final double GOAL = 0.95;

    @Mixin
    RunOptions run = new RunOptions();

    @Option(names = "--requests", description = "requests per round (default ${DEFAULT-VALUE}; all the rounds'"
            + " connections together stay under the client's 64k ports)")
    int requests = 2000;

    @Option(names = "--concurrency", description = "concurrent connections (default ${DEFAULT-VALUE})")
    int concurrency = 4;

    @Option(names = "--rounds", description = "rounds per target, alternating (default ${DEFAULT-VALUE})")
    int rounds = 7;

    @Override
    public Integer call() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            System.err.println("service-traffic makes network namespaces: run it as root");
            return 1;
        }
        Path dir = Files.createTempDirectory("podyard-bench-traffic");
        List<Double> direct = new ArrayList<>();
        List<Double> viaService = new ArrayList<>();
        try (NetnsLab lab = NetnsLab.create(dir);
                ServiceCidrRoute route = ServiceCidrRoute.install(lab.node(), "10.96.0.0/12")) {
            String podIp = lab.addPod("web");
            lab.serve("web");
            lab.addPod("client");
            NftConfig config = new NftConfig("pybenchtraffic", "node-a", Optional.of(lab.podCidr()));
            NftApplier applier = new NftApplier(lab.node(), config.table());
            try {
                applier.apply(new IncrementalRules(config).build(ServiceSnapshot.of(List.of(service()),
                        List.of(slice(podIp)))));
                HostCommand client = HostCommand.inNetns(lab.podNs("client"));
                // Every request is a new connection: with the default 28k ephemeral ports a long run
                // reuses ports whose last connection the server still holds in TIME_WAIT, and measures
                // that stall instead of the DNAT. The client's namespace gets the whole port range.
                client.run(null, "sysctl", "-q", "-w", "net.ipv4.ip_local_port_range=1024 65535");
                String serviceUrl = "http://" + CLUSTER_IP + "/";
                String podUrl = "http://" + podIp + ":8080/";
                if (!NetnsLab.fetch(lab.podNs("client"), serviceUrl).equals("web")) {
                    throw new IllegalStateException("the Service does not answer: "
                            + NetnsLab.fetch(lab.podNs("client"), serviceUrl));
                }
                ab(client, podUrl, Math.min(requests, 1000)); // warm-up: caches, conntrack, httpd
                for (int round = 0; round < rounds; round++) {
                    direct.add(ab(client, podUrl, requests));
                    viaService.add(ab(client, serviceUrl, requests));
                }
            } finally {
                applier.remove();
            }
        } finally {
            TempDirs.delete(dir);
        }
        double podRate = median(direct);
        double serviceRate = median(viaService);
        // Each round's two runs are next to each other, so their ratio shares the load of that moment;
        // the median of those ratios is what the goal is judged by.
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            ratios.add(viaService.get(i) / direct.get(i));
        }
        double ratio = median(ratios);
        List<List<String>> rows = List.of(
                List.of("pod IP (direct)", Report.fmt("%.0f", podRate), "1.000"),
                List.of("ClusterIP (nftables DNAT)", Report.fmt("%.0f", serviceRate), Report.fmt("%.3f", ratio)));
        String table = Report.table(List.of("target", "requests/s (median of " + rounds + ")",
                "ratio (median of the rounds' ratios)"), rows);
        System.out.print(table);
        String verdict = ratio >= GOAL ? "met" : "not met";
        System.out.println("goal: ratio >= " + GOAL + ": " + verdict);
        Report.append(run.report, "service-traffic: ClusterIP vs pod IP", "HTTP GETs with `ab -n " + requests + " -c "
                + concurrency + "` (a new connection per request, so each one goes through the DNAT and conntrack)"
                + " from a client pod to busybox httpd in another pod, both in network namespaces of their own"
                + " behind a node namespace holding the proxy's rules for a one-endpoint Service. Each round runs"
                + " direct then ClusterIP; the ratio is the median of the rounds' ratios (each pair shares the"
                + " machine's load of its moment). Goal: ratio ≥ " + GOAL + " (" + verdict + "). Rounds: direct "
                + rates(direct) + "; ClusterIP " + rates(viaService) + "; ratios "
                + String.join(", ", ratios.stream().map(r -> Report.fmt("%.3f", r)).toList()) + ".", table);
        return 0;
    }

    private double ab(HostCommand client, String url, int count) {
        HostCommand.Result result = client.run(null, "ab", "-q", "-n", Integer.toString(count), "-c",
                Integer.toString(concurrency), url);
        Matcher m = RATE.matcher(result.stdout());
        if (!result.ok() || !m.find()) {
            throw new IllegalStateException("ab " + url + " failed: " + result.stderr().strip() + result.stdout());
        }
        return Double.parseDouble(m.group(1));
    }

    private static Service service() {
        return new ServiceBuilder().withNewMetadata().withNamespace("default").withName("web").endMetadata()
                .withNewSpec().withClusterIP(CLUSTER_IP).withClusterIPs(CLUSTER_IP).addNewPort().withName("http")
                .withProtocol("TCP").withPort(80).endPort().endSpec().build();
    }

    private static EndpointSlice slice(String podIp) {
        return new EndpointSliceBuilder().withNewMetadata().withNamespace("default").withName("web-a")
                .withLabels(Map.of(ServiceSnapshot.SERVICE_NAME_LABEL, "web")).endMetadata().withAddressType("IPv4")
                .addNewEndpoint().withAddresses(podIp).withNodeName("node-a").withNewConditions().withReady(true)
                .endConditions().endEndpoint()
                .addNewPort().withName("http").withProtocol("TCP").withPort(8080).endPort().build();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String rates(List<Double> values) {
        return String.join(", ", values.stream().map(v -> Report.fmt("%.0f", v)).toList());
    }
}
