package io.podyard.api.table;

import static io.podyard.api.table.TableFixtures.ago;
import static io.podyard.api.table.TableFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Service, Endpoints and EndpointSlice columns. */
class NetworkColumnsTest {
    static Stream<Arguments> headers() {
        return Stream.of(
                Arguments.of("v1", "Service",
                        List.of("Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age", "Selector*")),
                Arguments.of("v1", "Endpoints", List.of("Name", "Endpoints", "Age")),
                Arguments.of("discovery.k8s.io/v1", "EndpointSlice",
                        List.of("Name", "AddressType", "Ports", "Endpoints", "Age")));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("headers")
    void columns(String apiVersion, String kind, List<String> header) {
        assertThat(TableFixtures.header(apiVersion, kind)).isEqualTo(header);
    }

    private static String service(String spec, String status) {
        return "{metadata:{name:'web', creationTimestamp:'%s'}, spec:%s, status:%s}".formatted(ago("2d"), spec, status);
    }

    static Stream<Arguments> services() {
        return Stream.of(
                Arguments.of("cluster IP", service("""
                        {type:'ClusterIP', clusterIP:'10.96.0.10', clusterIPs:['10.96.0.10', 'fd00::a'],
                         selector:{app:'web', tier:'front'},
                         ports:[{name:'http', port:80, protocol:'TCP', targetPort:8080},
                                {name:'dns', port:53, protocol:'UDP'}]}""", "{}"),
                        List.of("web", "ClusterIP", "10.96.0.10", "<none>", "80/TCP,53/UDP", "2d",
                                "app=web,tier=front")),
                Arguments.of("only clusterIP written", service("{type:'ClusterIP', clusterIP:'10.96.0.11'}", "{}"),
                        List.of("web", "ClusterIP", "10.96.0.11", "<none>", "<none>", "2d", "<none>")),
                Arguments.of("headless", service("{type:'ClusterIP', clusterIP:'None', clusterIPs:['None']}", "{}"),
                        List.of("web", "ClusterIP", "None", "<none>", "<none>", "2d", "<none>")),
                Arguments.of("node port with external IPs", service("""
                        {type:'NodePort', clusterIPs:['10.96.1.1'], externalIPs:['192.0.2.1', '192.0.2.2'],
                         ports:[{port:80, nodePort:30080, protocol:'TCP'}]}""", "{}"),
                        List.of("web", "NodePort", "10.96.1.1", "192.0.2.1,192.0.2.2", "80:30080/TCP", "2d",
                                "<none>")),
                Arguments.of("load balancer pending", service("""
                        {type:'LoadBalancer', clusterIPs:['10.96.1.2'], ports:[{port:443, nodePort:31443, protocol:'TCP'}]}""",
                        "{loadBalancer:{}}"),
                        List.of("web", "LoadBalancer", "10.96.1.2", "<pending>", "443:31443/TCP", "2d", "<none>")),
                Arguments.of("load balancer with ingress, sorted, never cut", service("""
                        {type:'LoadBalancer', clusterIPs:['10.96.1.3'], externalIPs:['192.0.2.9']}""", """
                        {loadBalancer:{ingress:[{hostname:'a-very-long-name.elb.example.com'}, {ip:'203.0.113.7'},
                                                {ip:'203.0.113.7'}]}}"""),
                        List.of("web", "LoadBalancer", "10.96.1.3",
                                "203.0.113.7,a-very-long-name.elb.example.com,192.0.2.9", "<none>", "2d", "<none>")),
                Arguments.of("external name", service("{type:'ExternalName', externalName:'db.example.com'}", "{}"),
                        List.of("web", "ExternalName", "<none>", "db.example.com", "<none>", "2d", "<none>")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void serviceCells(String description, String service, List<Object> expected) {
        assertThat(TableFixtures.cells("v1", "Service", json(service))).isEqualTo(expected);
    }

    static Stream<Arguments> endpoints() {
        return Stream.of(
                Arguments.of("no subsets", "[]", "<none>"),
                Arguments.of("no ready addresses", "[{notReadyAddresses:[{ip:'10.1.0.5'}], ports:[{port:80}]}]", ""),
                Arguments.of("addresses by port", """
                        [{addresses:[{ip:'10.1.0.5'}, {ip:'10.1.0.6'}], ports:[{name:'http', port:8080}]}]""",
                        "10.1.0.5:8080,10.1.0.6:8080"),
                Arguments.of("headless without ports", "[{addresses:[{ip:'10.1.0.5'}]}]", "10.1.0.5"),
                Arguments.of("IPv6 in brackets", "[{addresses:[{ip:'fd00::5'}], ports:[{port:80}]}]", "[fd00::5]:80"),
                Arguments.of("more than three", """
                        [{addresses:[{ip:'10.1.0.1'}, {ip:'10.1.0.2'}], ports:[{port:80}, {port:443}]},
                         {addresses:[{ip:'10.1.0.3'}]}]""",
                        "10.1.0.1:80,10.1.0.2:80,10.1.0.1:443 + 2 more..."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void endpointsCells(String description, String subsets, String expected) {
        String endpoints = "{metadata:{name:'web', creationTimestamp:'%s'}, subsets:%s}".formatted(ago("5m"), subsets);

        assertThat(TableFixtures.cells("v1", "Endpoints", json(endpoints))).containsExactly("web", expected, "5m");
    }

    static Stream<Arguments> slices() {
        return Stream.of(
                Arguments.of("ports and endpoints", "IPv4", """
                        ports:[{name:'http', port:8080, protocol:'TCP'}, {name:'metrics', port:9090}],
                        endpoints:[{addresses:['10.1.0.5'], conditions:{ready:true}}, {addresses:['10.1.0.6']}]""",
                        "8080,9090", "10.1.0.5,10.1.0.6"),
                Arguments.of("empty", "IPv6", "endpoints:[]", "<unset>", "<unset>"),
                Arguments.of("port by name, any port, and more", "IPv4", """
                        ports:[{name:'http'}, {}, {port:1}, {port:2}, {port:3}],
                        endpoints:[{addresses:['10.1.0.1', '10.1.0.2', '10.1.0.3']}, {addresses:['10.1.0.4']}]""",
                        "http,*,1 + 2 more...", "10.1.0.1,10.1.0.2,10.1.0.3 + 1 more..."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("slices")
    void endpointSliceCells(String description, String addressType, String body, String ports, String endpoints) {
        String slice = "{metadata:{name:'web-abc12', creationTimestamp:'%s'}, addressType:'%s', %s}"
                .formatted(ago("1m"), addressType, body);

        assertThat(TableFixtures.cells("discovery.k8s.io/v1", "EndpointSlice", json(slice)))
                .containsExactly("web-abc12", addressType, ports, endpoints, "60s");
    }
}
