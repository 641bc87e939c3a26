package io.podyard.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.podyard.apiserver.ServerFixture;
import io.podyard.proxy.dns.Upstreams;
import io.podyard.proxy.testing.NetnsLab;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The whole component: kube-dns Service, DNS answers from the informers, rules and route made and removed. */
class ProxyTest {
    @TempDir
    Path dir;

    @Test
    void startsTheDataPlaneAndDnsAndUndoesItOnClose() throws Exception {
        try (ServerFixture server = new ServerFixture(dir.resolve("server")); NetnsLab lab = NetnsLab.create(dir)) {
            KubernetesClient client = server.client();
            String table = "pyt" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20));
            ProxyOptions options = new ProxyOptions("node-a", "10.96.0.0/12", Optional.of(lab.podCidr()), table,
                    "cluster.local", "10.96.0.10", new InetSocketAddress("127.0.0.1", 0), Upstreams.NONE, lab.node());
            try (Proxy proxy = Proxy.start(client, options)) {
                Service kubeDns = client.services().inNamespace("kube-system").withName("kube-dns").get();
                assertThat(kubeDns.getSpec().getClusterIP()).isEqualTo("10.96.0.10");
                assertThat(kubeDns.getSpec().getPorts()).extracting(p -> p.getName() + "/" + p.getProtocol())
                        .containsExactly("dns/UDP", "dns-tcp/TCP");
                int port = proxy.dnsAddress().getPort();
                await().atMost(Duration.ofSeconds(10)).until(() -> rules(lab, table)
                        .contains("dnat to 127.0.0.1:" + port));
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        answer(proxy, "kube-dns.kube-system.svc.cluster.local.").equals("10.96.0.10"));
                assertThat(lab.node().run(null, "ip", "route", "show", "table", "local").stdout())
                        .contains("local 10.96.0.0/12 dev lo");
            }
            assertThat(lab.node().run(null, "nft", "list", "tables").stdout()).doesNotContain(table);
            assertThat(lab.node().run(null, "ip", "route", "show", "table", "local").stdout())
                .doesNotContain("10.96.0.0/12");
        }
    }

    private static String rules(NetnsLab lab, String table) {
        return lab.node().run(null, "nft", "list", "table", "ip", table).stdout();
    }

    private static String answer(Proxy proxy, String name) throws Exception {
        SimpleResolver resolver = new SimpleResolver(proxy.dnsAddress());
        resolver.setTimeout(Duration.ofSeconds(2));
        Message response = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN)));
        return response.getSection(Section.ANSWER).stream().map(Record::rdataToString).findFirst().orElse("");
    }
}
