package io.podyard.api.table;

import static io.podyard.api.table.Column.AGE;
import static io.podyard.api.table.Column.NAME;
import static io.podyard.api.table.Fields.age;
import static io.podyard.api.table.Fields.integer;
import static io.podyard.api.table.Fields.name;
import static io.podyard.api.table.Fields.present;
import static io.podyard.api.table.Fields.text;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/** Service, Endpoints and EndpointSlice. */
final class NetworkColumns {
    private static final int MAX_LISTED = 3;

    static final KindColumns SERVICE = KindColumns.of(
            List.of(NAME,
                    Column.string("Type", "type determines how the Service is exposed."),
                    Column.string("Cluster-IP", "clusterIP is the IP address of the service and is usually assigned"
                            + " randomly."),
                    Column.string("External-IP", "externalIPs is a list of IP addresses for which nodes in the"
                            + " cluster will also accept traffic for this service."),
                    Column.string("Port(s)", "The list of ports that are exposed by this service."),
                    AGE,
                    Column.wide("Selector", "string", "Route service traffic to pods with label keys and values"
                            + " matching this selector.")),
            (svc, now) -> {
                JsonNode spec = svc.path("spec");
                return List.of(name(svc), text(spec, "type"), clusterIp(spec), externalIp(svc), ports(spec),
                        age(svc, now), Formats.labels(spec, "selector"));
            });

    static final KindColumns ENDPOINTS = KindColumns.of(
            List.of(NAME, Column.string("Endpoints", "The set of all endpoints is the union of all subsets."), AGE),
            (ep, now) -> List.of(name(ep), endpoints(ep), age(ep, now)));

    static final KindColumns ENDPOINT_SLICE = KindColumns.of(
            List.of(NAME,
                    Column.string("AddressType", "addressType specifies the type of address carried by this"
                            + " EndpointSlice."),
                    Column.string("Ports", "ports specifies the list of network ports exposed by each endpoint in"
                            + " this slice."),
                    Column.string("Endpoints", "endpoints is a list of unique endpoints in this slice."),
                    AGE),
            (slice, now) -> List.of(name(slice), text(slice, "addressType"), slicePorts(slice),
                    sliceEndpoints(slice), age(slice, now)));

    private NetworkColumns() {}

    private static String clusterIp(JsonNode spec) {
        // Defaulting copies clusterIP into an empty clusterIPs, so either names the primary address.
        String ip = Fields.size(spec, "clusterIPs") > 0 ? text(spec.path("clusterIPs").path(0)) : text(spec, "clusterIP");
        return ip.isEmpty() ? "<none>" : ip;
    }

    private static String externalIp(JsonNode svc) {
        JsonNode spec = svc.path("spec");
        List<String> externalIps = new ArrayList<>();
        for (JsonNode ip : spec.path("externalIPs")) {
            externalIps.add(text(ip));
        }
        return switch (text(spec, "type")) {
            case "ClusterIP", "NodePort" -> externalIps.isEmpty() ? "<none>" : String.join(",", externalIps);
            case "LoadBalancer" -> {
                // The server prints wide, so ingress addresses are never cut to 16 characters here.
                TreeSet<String> ingress = new TreeSet<>();
                for (JsonNode point : svc.path("status").path("loadBalancer").path("ingress")) {
                    if (!text(point, "ip").isEmpty()) {
                        ingress.add(text(point, "ip"));
                    } else if (!text(point, "hostname").isEmpty()) {
                        ingress.add(text(point, "hostname"));
                    }
                }
                List<String> all = new ArrayList<>(ingress);
                all.addAll(externalIps);
                yield all.isEmpty() ? "<pending>" : String.join(",", all);
            }
            case "ExternalName" -> text(spec, "externalName");
            default -> "<unknown>";
        };
    }

    /** "80/TCP", "80:30080/TCP" with a node port, comma separated, or {@code <none>}. */
    private static String ports(JsonNode spec) {
        List<String> ports = new ArrayList<>();
        for (JsonNode port : spec.path("ports")) {
            long nodePort = integer(port, "nodePort");
            ports.add(integer(port, "port") + (nodePort > 0 ? ":" + nodePort : "") + "/" + text(port, "protocol"));
        }
        return ports.isEmpty() ? "<none>" : String.join(",", ports);
    }

    /** The first three addresses (host:port for every port), then "+ N more...". */
    private static String endpoints(JsonNode ep) {
        JsonNode subsets = ep.path("subsets");
        if (subsets.isEmpty()) {
            return "<none>";
        }
        List<String> list = new ArrayList<>();
        int count = 0;
        for (JsonNode subset : subsets) {
            JsonNode addresses = subset.path("addresses");
            if (subset.path("ports").isEmpty()) {
                // Headless services may have no ports.
                count += addresses.size();
                for (JsonNode address : addresses) {
                    if (list.size() == MAX_LISTED) {
                        break;
                    }
                    list.add(text(address, "ip"));
                }
                continue;
            }
            for (JsonNode port : subset.path("ports")) {
                count += addresses.size();
                for (JsonNode address : addresses) {
                    if (list.size() == MAX_LISTED) {
                        break;
                    }
                    list.add(hostPort(text(address, "ip"), integer(port, "port")));
                }
            }
        }
        String joined = String.join(",", list);
        return count > MAX_LISTED ? joined + " + " + (count - MAX_LISTED) + " more..." : joined;
    }

    private static String hostPort(String host, long port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static String slicePorts(JsonNode slice) {
        List<String> list = new ArrayList<>();
        int count = 0;
        for (JsonNode port : slice.path("ports")) {
            if (list.size() < MAX_LISTED) {
                list.add(present(port, "port") ? Long.toString(integer(port, "port"))
                        : present(port, "name") ? text(port, "name") : "*");
            }
            count++;
        }
        return Formats.listWithMore(list, count, MAX_LISTED);
    }

    private static String sliceEndpoints(JsonNode slice) {
        List<String> list = new ArrayList<>();
        int count = 0;
        for (JsonNode endpoint : slice.path("endpoints")) {
            for (JsonNode address : endpoint.path("addresses")) {
                if (list.size() < MAX_LISTED) {
                    list.add(text(address));
                }
                count++;
            }
        }
        return Formats.listWithMore(list, count, MAX_LISTED);
    }
}
