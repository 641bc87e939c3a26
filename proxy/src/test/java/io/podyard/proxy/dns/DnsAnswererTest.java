package io.podyard.proxy.dns;

import static io.podyard.proxy.Fixtures.notReady;
import static io.podyard.proxy.Fixtures.ready;
import static io.podyard.proxy.Fixtures.service;
import static io.podyard.proxy.Fixtures.slice;
import static io.podyard.proxy.Fixtures.tcp;
import static io.podyard.proxy.Fixtures.withHostname;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.podyard.proxy.ServiceSnapshot;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Queries against a small cluster: the rcode and the answer records as "NAME TYPE DATA". */
class DnsAnswererTest {
    private static final DnsIndex INDEX = index();

    private static DnsIndex index() {
        Service web = service("default", "web", "10.96.0.20", tcp("http", 80)).build();
        Service db = service("prod", "db", "None", tcp("pg", 5432)).build();
        Service external = service("default", "ext", "", tcp("http", 80)).editSpec().withType("ExternalName")
                .withExternalName("db.example.org").endSpec().build();
        Service empty = service("default", "empty", "None", tcp("http", 80)).build();
        return DnsIndex.build(ServiceSnapshot.of(List.of(web, db, external, empty), List.of(
                slice("prod", "db", "pg", 5432, withHostname(ready("10.244.1.5", "n1"), "db-0"), ready("10.244.1.6", "n1"),
                        notReady("10.244.1.7", "n1")))), "cluster.local");
    }

    record Case(String name, String qname, int type, String rcode, List<String> answers, List<String> additional) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                new Case("a ClusterIP Service: its ClusterIP", "web.default.svc.cluster.local.", Type.A, "NOERROR",
                        List.of("web.default.svc.cluster.local. A 10.96.0.20"), List.of()),
                new Case("names are case-insensitive", "WEB.Default.svc.cluster.local.", Type.A, "NOERROR",
                        List.of("WEB.Default.svc.cluster.local. A 10.96.0.20"), List.of()),
                new Case("no AAAA for an IPv4 Service: NODATA, not NXDOMAIN", "web.default.svc.cluster.local.", Type.AAAA,
                        "NOERROR", List.of(), List.of()),
                new Case("SRV for a named port points at the Service name", "_http._tcp.web.default.svc.cluster.local.",
                        Type.SRV, "NOERROR", List.of("_http._tcp.web.default.svc.cluster.local. SRV 0 100 80 web.default.svc.cluster.local."),
                        List.of("web.default.svc.cluster.local. A 10.96.0.20")),
                new Case("a headless Service: every ready endpoint", "db.prod.svc.cluster.local.", Type.A, "NOERROR",
                        List.of("db.prod.svc.cluster.local. A 10.244.1.5", "db.prod.svc.cluster.local. A 10.244.1.6"), List.of()),
                new Case("an endpoint by its hostname", "db-0.db.prod.svc.cluster.local.", Type.A, "NOERROR",
                        List.of("db-0.db.prod.svc.cluster.local. A 10.244.1.5"), List.of()),
                new Case("an endpoint without hostname by its dashed IP", "10-244-1-6.db.prod.svc.cluster.local.", Type.A,
                        "NOERROR", List.of("10-244-1-6.db.prod.svc.cluster.local. A 10.244.1.6"), List.of()),
                new Case("a not-ready endpoint has no name", "10-244-1-7.db.prod.svc.cluster.local.", Type.A, "NXDOMAIN",
                        List.of(), List.of()),
                new Case("headless SRV: one per endpoint with its port", "_pg._tcp.db.prod.svc.cluster.local.", Type.SRV,
                        "NOERROR", List.of("_pg._tcp.db.prod.svc.cluster.local. SRV 0 50 5432 db-0.db.prod.svc.cluster.local.",
                        "_pg._tcp.db.prod.svc.cluster.local. SRV 0 50 5432 10-244-1-6.db.prod.svc.cluster.local."),
                        List.of("db-0.db.prod.svc.cluster.local. A 10.244.1.5", "10-244-1-6.db.prod.svc.cluster.local. A 10.244.1.6")),
                new Case("a headless Service without ready endpoints does not exist yet", "empty.default.svc.cluster.local.",
                        Type.A, "NXDOMAIN", List.of(), List.of()),
                new Case("ExternalName: a CNAME", "ext.default.svc.cluster.local.", Type.A, "NOERROR",
                        List.of("ext.default.svc.cluster.local. CNAME db.example.org."), List.of()),
                new Case("a pod by its dashed address", "10-244-3-4.default.pod.cluster.local.", Type.A, "NOERROR",
                        List.of("10-244-3-4.default.pod.cluster.local. A 10.244.3.4"), List.of()),
                new Case("not an address under pod", "10-244-3-400.default.pod.cluster.local.", Type.A, "NXDOMAIN",
                        List.of(), List.of()),
                new Case("an unknown Service", "nope.default.svc.cluster.local.", Type.A, "NXDOMAIN", List.of(), List.of()),
                new Case("a search-path miss (ndots:5)", "example.org.default.svc.cluster.local.", Type.A, "NXDOMAIN",
                        List.of(), List.of()),
                new Case("the reverse name of a ClusterIP", "20.0.96.10.in-addr.arpa.", Type.PTR, "NOERROR",
                        List.of("20.0.96.10.in-addr.arpa. PTR web.default.svc.cluster.local."), List.of()),
                new Case("the reverse name of a headless endpoint: the Service and the endpoint name",
                        "5.1.244.10.in-addr.arpa.", Type.PTR, "NOERROR",
                        List.of("5.1.244.10.in-addr.arpa. PTR db.prod.svc.cluster.local.",
                                "5.1.244.10.in-addr.arpa. PTR db-0.db.prod.svc.cluster.local."), List.of()),
                new Case("a namespace with Services exists", "default.svc.cluster.local.", Type.A, "NOERROR", List.of(),
                        List.of()))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answers(Case c) throws Exception {
        Message query = Message.newQuery(Record.newRecord(Name.fromString(c.qname()), c.type(), DClass.IN));
        DnsAnswerer.Reply reply = DnsAnswerer.answer(query, INDEX);
        assertThat(reply).isInstanceOf(DnsAnswerer.Reply.Answer.class);
        Message response = ((DnsAnswerer.Reply.Answer) reply).response();
        assertThat(Rcode.string(response.getRcode())).isEqualTo(c.rcode());
        assertThat(response.getHeader().getID()).isEqualTo(query.getHeader().getID());
        assertThat(render(response, Section.ANSWER)).containsExactlyInAnyOrderElementsOf(c.answers());
        assertThat(render(response, Section.ADDITIONAL)).containsExactlyInAnyOrderElementsOf(c.additional());
    }

    static Stream<Arguments> forwarded() {
        return Stream.of("example.org.", "kubernetes.io.", "cluster.local.example.org.", "9.9.9.192.in-addr.arpa.")
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forwarded")
    void namesOutsideTheClusterDomainAreForwarded(String qname) throws Exception {
        Message query = Message.newQuery(Record.newRecord(Name.fromString(qname), Type.A, DClass.IN));
        assertThat(DnsAnswerer.answer(query, INDEX)).isInstanceOf(DnsAnswerer.Reply.Forward.class);
    }

    static List<String> render(Message response, int section) {
        return response.getSection(section).stream()
                .map(r -> r.getName() + " " + Type.string(r.getType()) + " " + r.rdataToString()).toList();
    }
}
