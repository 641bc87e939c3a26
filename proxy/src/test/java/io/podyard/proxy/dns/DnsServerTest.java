package io.podyard.proxy.dns;

import static io.podyard.proxy.Fixtures.ready;
import static io.podyard.proxy.Fixtures.service;
import static io.podyard.proxy.Fixtures.slice;
import static io.podyard.proxy.Fixtures.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.podyard.proxy.ServiceSnapshot;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The server over real UDP and TCP sockets on loopback; "outside" names go to a stub upstream on loopback. */
class DnsServerTest {
    private static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress("127.0.0.1", 0);

    private DnsServer server;
    private DnsServer upstream;

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private static DnsIndex cluster(String ip) {
        return DnsIndex.build(ServiceSnapshot.of(List.of(service("default", "web", ip, tcp("http", 80)).build()),
                List.of()), "cluster.local");
    }

    private Message ask(String name, int type, boolean tcp) throws Exception {
        SimpleResolver resolver = new SimpleResolver(server.address());
        resolver.setTCP(tcp);
        resolver.setTimeout(Duration.ofSeconds(5));
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
    }

    @Test
    void answersClusterNamesOverUdpAndTcpAndFollowsUpdates() throws Exception {
        server = DnsServer.start(ANY_LOOPBACK_PORT, cluster("10.96.0.20"), Upstreams.NONE);
        for (boolean tcp : new boolean[] {false, true}) {
            Message response = ask("web.default.svc.cluster.local.", Type.A, tcp);
            assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(response.getSection(Section.ANSWER)).extracting(Record::rdataToString).containsExactly("10.96.0.20");
        }
        server.update(cluster("10.96.0.21"));
        assertThat(ask("web.default.svc.cluster.local.", Type.A, false).getSection(Section.ANSWER))
                .extracting(Record::rdataToString).containsExactly("10.96.0.21");
        assertThat(ask("nope.default.svc.cluster.local.", Type.A, false).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void otherNamesAreRefusedWithoutUpstreams() throws Exception {
        server = DnsServer.start(ANY_LOOPBACK_PORT, cluster("10.96.0.20"), Upstreams.NONE);
        assertThat(ask("example.org.", Type.A, false).getRcode()).isEqualTo(Rcode.REFUSED);
    }

    @Test
    void otherNamesAreForwardedToTheUpstream() throws Exception {
        // The stub upstream is another server whose "cluster domain" is example.org.
        upstream = DnsServer.start(ANY_LOOPBACK_PORT, DnsIndex.build(ServiceSnapshot.of(
                List.of(service("x", "www", "192.0.2.80", tcp("http", 80)).build()), List.of()), "example.org"),
                Upstreams.NONE);
        server = DnsServer.start(ANY_LOOPBACK_PORT, cluster("10.96.0.20"),
                new Upstreams(List.of(upstream.address()), Duration.ofSeconds(2)));
        Message response = ask("www.x.svc.example.org.", Type.A, false);
        assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(response.getSection(Section.ANSWER)).extracting(Record::rdataToString).containsExactly("192.0.2.80");
        assertThat(ask("missing.example.org.", Type.A, true).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void anUnansweringUpstreamIsAServerFailure() throws Exception {
        // A port nothing listens on: the upstream never answers.
        upstream = DnsServer.start(ANY_LOOPBACK_PORT, DnsIndex.empty("example.org"), Upstreams.NONE);
        InetSocketAddress silent = upstream.address();
        upstream.close();
        upstream = null;
        server = DnsServer.start(ANY_LOOPBACK_PORT, cluster("10.96.0.20"),
                new Upstreams(List.of(silent), Duration.ofMillis(300)));
        assertThat(ask("example.org.", Type.A, false).getRcode()).isEqualTo(Rcode.SERVFAIL);
    }

    @Test
    void upstreamsComeFromResolvConfWithoutOurOwnAddress() {
        Upstreams upstreams = Upstreams.fromResolvConf("""
                # generated
                nameserver 192.0.2.53
                nameserver 10.96.0.10
                nameserver ::1
                search example.org
                """, List.of("10.96.0.10"));
        assertThat(upstreams.servers()).containsExactly(new InetSocketAddress("192.0.2.53", 53));
    }
}
