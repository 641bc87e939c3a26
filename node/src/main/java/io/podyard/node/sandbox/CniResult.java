package io.podyard.node.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * What a CNI ADD returned (spec 0.3.0 to 1.0.0 share this shape): the interfaces it made, the
 * addresses it gave and the routes it set. Kept whole for DEL and CHECK, which take it back as
 * {@code prevResult}.
 */
record CniResult(List<Interface> interfaces, List<IpConfig> ips, List<Route> routes, JsonNode raw) {
    record Interface(String name, String mac, String sandbox) {
    }

    /** An address in CIDR form ("10.244.1.5/24"), its gateway, and the index of its interface or -1. */
    record IpConfig(String address, String gateway, int interfaceIndex) {
        String ip() {
            int slash = address.indexOf('/');
            return slash < 0 ? address : address.substring(0, slash);
        }

        boolean ipv4() {
            return ip().indexOf(':') < 0;
        }
    }

    record Route(String dst, String gw) {
    }

    static CniResult parse(JsonNode result) {
        if (result == null || !result.isObject()) {
            throw new CniException("CNI result is not a JSON object: " + result);
        }
        List<Interface> interfaces = new ArrayList<>();
        for (JsonNode iface : result.path("interfaces")) {
            interfaces.add(new Interface(iface.path("name").asString(""), iface.path("mac").asString(""),
                    iface.path("sandbox").asString("")));
        }
        List<IpConfig> ips = new ArrayList<>();
        for (JsonNode ip : result.path("ips")) {
            String address = ip.path("address").asString("");
            if (address.isEmpty()) {
                throw new CniException("CNI result has an IP entry without an address: " + ip);
            }
            ips.add(new IpConfig(address, ip.path("gateway").asString(""), ip.path("interface").asInt(-1)));
        }
        List<Route> routes = new ArrayList<>();
        for (JsonNode route : result.path("routes")) {
            routes.add(new Route(route.path("dst").asString(""), route.path("gw").asString("")));
        }
        return new CniResult(List.copyOf(interfaces), List.copyOf(ips), List.copyOf(routes), result);
    }

    /**
     * The pod's IPv4 address: the first one on an interface inside the sandbox, else the first
     * IPv4 address at all (plugins may leave out the interface index).
     */
    Optional<IpConfig> podAddress() {
        for (IpConfig ip : ips) {
            if (ip.ipv4() && ip.interfaceIndex() >= 0 && ip.interfaceIndex() < interfaces.size()
                    && !interfaces.get(ip.interfaceIndex()).sandbox().isEmpty()) {
                return Optional.of(ip);
            }
        }
        return ips.stream().filter(IpConfig::ipv4).findFirst();
    }

    /** Host-side interfaces the plugins made (the veth ends and the bridge). */
    List<String> hostInterfaces() {
        return interfaces.stream().filter(i -> i.sandbox().isEmpty()).map(Interface::name).toList();
    }
}
