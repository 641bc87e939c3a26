package io.podyard.proxy.nftables;

import static org.assertj.core.api.Assertions.assertThat;

import io.podyard.proxy.nftables.Ruleset.Chain;
import io.podyard.proxy.nftables.Ruleset.NftSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The commands between two rulesets: only what changed, references dropped before their targets. */
class NftTransactionTest {
    private static final Chain BASE = new Chain("nat-prerouting", "type nat hook prerouting priority -100; policy accept;",
            List.of("jump services"));
    private static final Chain SERVICES = new Chain("services", "", List.of("ip daddr . meta l4proto . th dport vmap @service-ips"));
    private static final Chain EP1 = new Chain("ep-1", "", List.of("meta l4proto tcp dnat to 10.244.0.2:80"));
    private static final Chain EP2 = new Chain("ep-2", "", List.of("meta l4proto tcp dnat to 10.244.0.3:80"));
    private static final Chain SVC_BOTH = new Chain("svc-a", "", List.of("numgen random mod 2 vmap { 0 : goto ep-1, 1 : goto ep-2 }"));
    private static final Chain SVC_ONE = new Chain("svc-a", "", List.of("goto ep-2"));
    private static final String MAP_SPEC = "type ipv4_addr . inet_proto . inet_service : verdict;";

    private static Ruleset ruleset(List<Chain> chains, List<NftSet> sets) {
        Map<String, Chain> byName = new LinkedHashMap<>();
        chains.forEach(c -> byName.put(c.name(), c));
        Map<String, NftSet> setsByName = new LinkedHashMap<>();
        sets.forEach(s -> setsByName.put(s.name(), s));
        return new Ruleset("podyard", byName, setsByName);
    }

    private static NftSet serviceIps(String... elements) {
        return new NftSet("service-ips", "map", MAP_SPEC, false, new TreeSet<>(List.of(elements)));
    }

    private static NftSet affinity() {
        return new NftSet("aff-x-60", "set", "type ipv4_addr; flags dynamic,timeout; timeout 60s;", true, new TreeSet<>());
    }

    private static final Ruleset TWO = ruleset(List.of(BASE, SERVICES, EP1, EP2, SVC_BOTH),
            List.of(serviceIps("10.96.0.1 . tcp . 80 : goto svc-a"), affinity()));
    private static final Ruleset ONE = ruleset(List.of(BASE, SERVICES, EP2, SVC_ONE),
            List.of(serviceIps("10.96.0.1 . tcp . 80 : goto svc-a")));
    private static final Ruleset NONE = ruleset(List.of(BASE, SERVICES), List.of(serviceIps()));

    record Case(String name, Optional<Ruleset> previous, Ruleset next, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                new Case("unknown kernel state: the table is recreated with everything", Optional.empty(), ONE, List.of(
                        "add table ip podyard",
                        "delete table ip podyard",
                        "add table ip podyard",
                        "add chain ip podyard nat-prerouting { type nat hook prerouting priority -100; policy accept; }",
                        "add chain ip podyard services",
                        "add chain ip podyard ep-2",
                        "add chain ip podyard svc-a",
                        "add map ip podyard service-ips { " + MAP_SPEC + " }",
                        "add element ip podyard service-ips { 10.96.0.1 . tcp . 80 : goto svc-a }",
                        "add rule ip podyard nat-prerouting jump services",
                        "add rule ip podyard services ip daddr . meta l4proto . th dport vmap @service-ips",
                        "add rule ip podyard ep-2 meta l4proto tcp dnat to 10.244.0.3:80",
                        "add rule ip podyard svc-a goto ep-2")),
                new Case("nothing changed: nothing but the idempotent table add", Optional.of(ONE), ONE, List.of(
                        "add table ip podyard")),
                new Case("an endpoint goes: its Service chain is refilled, its chain and affinity set deleted after",
                        Optional.of(TWO), ONE, List.of(
                        "add table ip podyard",
                        "flush chain ip podyard ep-1",
                        "flush chain ip podyard svc-a",
                        "add rule ip podyard svc-a goto ep-2",
                        "delete chain ip podyard ep-1",
                        "delete set ip podyard aff-x-60")),
                new Case("a Service goes: its map element by key, then its chains", Optional.of(ONE), NONE, List.of(
                        "add table ip podyard",
                        "flush chain ip podyard ep-2",
                        "flush chain ip podyard svc-a",
                        "delete element ip podyard service-ips { 10.96.0.1 . tcp . 80 }",
                        "delete chain ip podyard ep-2",
                        "delete chain ip podyard svc-a")),
                new Case("a Service comes: chains declared before the element that points at them", Optional.of(NONE), ONE,
                        List.of(
                        "add table ip podyard",
                        "add chain ip podyard ep-2",
                        "add chain ip podyard svc-a",
                        "add element ip podyard service-ips { 10.96.0.1 . tcp . 80 : goto svc-a }",
                        "add rule ip podyard ep-2 meta l4proto tcp dnat to 10.244.0.3:80",
                        "add rule ip podyard svc-a goto ep-2")))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void transaction(Case c) {
        assertThat(NftTransaction.between(c.previous(), c.next()).lines().toList()).isEqualTo(c.expected());
    }
}
