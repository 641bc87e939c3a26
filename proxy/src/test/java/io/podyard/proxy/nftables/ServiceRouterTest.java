package io.podyard.proxy.nftables;

import static io.podyard.proxy.Fixtures.ready;
import static io.podyard.proxy.Fixtures.service;
import static io.podyard.proxy.Fixtures.slice;
import static io.podyard.proxy.Fixtures.tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.podyard.apiserver.ServerFixture;
import io.podyard.proxy.HostCommand;
import io.podyard.proxy.ServiceInformers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@link ServiceRouter} programs the kernel, seen through a recording stand-in for the host
 * commands: every sync is one {@code nft -f -} run carrying the whole transaction, and EndpointSlice
 * changes arriving while a sync runs fold into a single next one.
 */
class ServiceRouterTest {
    private static final int UPDATES = 10;

    @TempDir
    Path dir;

    @Test
    void aBurstOfSliceUpdatesWhileASyncRunsIsAppliedByOneMoreNftRun() throws IOException {
        Path calls = dir.resolve("calls");
        Path gate = dir.resolve("gate");
        Path waiting = dir.resolve("waiting");
        // Records each command line and its stdin; while the gate file exists a run waits (the test
        // holds a sync in progress), saying so in "waiting".
        HostCommand recorder = new HostCommand(List.of("sh", "-c", """
                d=$0
                while [ -e "$d/gate" ]; do touch "$d/waiting"; sleep 0.01; done
                echo "$*" >> "$d/calls"
                { cat; echo '--- end of run ---'; } >> "$d/transactions"
                """, dir.toString()));
        try (ServerFixture server = new ServerFixture(dir.resolve("server"))) {
            KubernetesClient client = server.client();
            client.resource(service("default", "web", "10.96.0.20", tcp("http", 80)).build()).create();
            EndpointSlice slice = client.resource(slice("default", "web", "http", 8080, ready("10.244.0.10", "n")))
                    .create();
            try (ServiceInformers informers = new ServiceInformers(client);
                 ServiceRouter router = new ServiceRouter(informers, new NftConfig("pyt", "n", Optional.empty()),
                         recorder)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> transactions().contains("10.244.0.10"));
                int before = lines(calls).size();

                Files.createFile(gate);
                client.resource(slice("default", "web", "http", 8080, ready("10.244.0.11", "n"))).update();
                await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(waiting));
                String last = "";
                for (int i = 2; i <= UPDATES; i++) {
                    last = "10.244.0." + (10 + i);
                    client.resource(slice("default", "web", "http", 8080, ready(last, "n"))).update();
                }
                String lastIp = last;
                // The router's informers have every update before the held sync is let go.
                await().atMost(Duration.ofSeconds(10)).until(() -> informers.snapshot().slicesByService()
                        .get("default/web").getFirst().getEndpoints().getFirst().getAddresses().getFirst()
                        .equals(lastIp));
                Files.delete(gate);
                await().atMost(Duration.ofSeconds(10)).until(() -> transactions().contains(lastIp));

                List<String> runs = lines(calls).subList(before, lines(calls).size());
                assertThat(runs).as("nft runs for %d slice updates", UPDATES).hasSize(2).containsOnly("nft -f -");
                assertThat(router.syncs()).isEqualTo(before + 2L);
            }
            assertThat(lines(calls).getLast()).as("the table's removal on close").isEqualTo("nft -f -");
            assertThat(transactions()).endsWith("delete table ip pyt\n--- end of run ---\n");
        }
    }

    private String transactions() throws IOException {
        Path file = dir.resolve("transactions");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }
}
