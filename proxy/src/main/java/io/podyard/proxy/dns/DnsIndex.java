package io.podyard.proxy.dns;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.podyard.proxy.Backend;
import io.podyard.proxy.ServiceSnapshot;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TextParseException;

/**
 * The cluster's DNS names, as CoreDNS' kubernetes plugin serves them, computed once per change of
 * Services or EndpointSlices: {@code svc.ns.svc.DOMAIN} (ClusterIP, or each ready endpoint of a
 * headless Service), {@code _port._proto.svc.ns.svc.DOMAIN} SRV for named ports,
 * {@code host.svc.ns.svc.DOMAIN} for each endpoint of a headless Service (its hostname, else its
 * dashed IP) and CNAMEs for ExternalName Services. Pod names ({@code a-b-c-d.ns.pod.DOMAIN}) need no
 * index. Immutable.
 */
public final class DnsIndex {
    /** CoreDNS' default TTL for cluster records. */
    static final long TTL = 5;

    private final Name domain;
    private final Map<Name, List<Record>> records;
    private final Set<Name> names;

    private DnsIndex(Name domain, Map<Name, List<Record>> records, Set<Name> names) {
        this.domain = domain;
        this.records = records;
        this.names = names;
    }

    public static DnsIndex empty(String domain) {
        return build(ServiceSnapshot.of(List.of(), List.of()), domain);
    }

    public static DnsIndex build(ServiceSnapshot snapshot, String domain) {
        Builder builder = new Builder(absolute(domain));
        for (Service service : snapshot.services()) {
            builder.service(service, snapshot);
        }
        return new DnsIndex(builder.domain, Map.copyOf(builder.records), Set.copyOf(builder.names));
    }

    public Name domain() {
        return domain;
    }

    /** Every record at {@code name} (any type). */
    List<Record> at(Name name) {
        return records.getOrDefault(lower(name), List.of());
    }

    /** The name exists: it has records or names below it. */
    boolean exists(Name name) {
        return names.contains(lower(name));
    }

    static Name absolute(String name) {
        try {
            return Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a domain name: " + name, e);
        }
    }

    static Name lower(Name name) {
        return absolute(name.toString().toLowerCase(Locale.ROOT));
    }

    private static final class Builder {
        private final Name domain;
        private final Map<Name, List<Record>> records = new HashMap<>();
        private final Set<Name> names = new HashSet<>();

        Builder(Name domain) {
            this.domain = domain;
            names.add(domain);
        }

        void service(Service service, ServiceSnapshot snapshot) {
            var spec = service.getSpec();
            if (spec == null) {
                return;
            }
            String namespace = service.getMetadata().getNamespace();
            Name base = name(service.getMetadata().getName() + "." + namespace + ".svc");
            if ("ExternalName".equals(spec.getType())) {
                if (spec.getExternalName() != null && !spec.getExternalName().isEmpty()) {
                    add(new CNAMERecord(base, DClass.IN, TTL, absolute(spec.getExternalName())));
                }
                return;
            }
            List<ServicePort> ports = spec.getPorts() == null ? List.of() : spec.getPorts();
            String clusterIp = spec.getClusterIP();
            if (clusterIp != null && !clusterIp.isEmpty() && !clusterIp.equals("None")) {
                address(base, clusterIp);
                for (ServicePort port : ports) {
                    srv(port, base, port.getPort(), base, 100);
                }
                return;
            }
            // Headless: the ready endpoints themselves.
            List<Backend> ready = Backend.all(snapshot.slices(service)).stream().filter(Backend::ready).toList();
            for (Backend backend : ready) {
                address(base, backend.ip());
                address(endpointName(backend, base), backend.ip());
            }
            for (ServicePort port : ports) {
                String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
                List<Backend> backends = Backend.forPort(snapshot.slices(service), port.getName(), protocol).stream()
                        .filter(Backend::ready).toList();
                for (Backend backend : backends) {
                    srv(port, base, backend.port(), endpointName(backend, base), Math.max(1, 100 / backends.size()));
                }
            }
        }

        private static Name endpointName(Backend backend, Name base) {
            String label = backend.hostname().isEmpty() ? backend.ip().replace('.', '-') : backend.hostname();
            return concat(label, base);
        }

        private void srv(ServicePort port, Name base, int number, Name target, int weight) {
            if (port.getName() == null || port.getName().isEmpty() || number <= 0) {
                return;
            }
            String protocol = (port.getProtocol() == null ? "TCP" : port.getProtocol()).toLowerCase(Locale.ROOT);
            Name name = concat("_" + port.getName() + "._" + protocol, base);
            add(new SRVRecord(name, DClass.IN, TTL, 0, weight, number, target));
        }

        private void address(Name name, String ip) {
            try {
                InetAddress address = InetAddress.getByName(ip);
                add(new ARecord(name, DClass.IN, TTL, address));
                // The reverse name, as CoreDNS' kubernetes plugin answers in-addr.arpa for what it knows.
                Name reverse = lower(ReverseMap.fromAddress(address));
                records.computeIfAbsent(reverse, n -> new ArrayList<>()).add(new PTRRecord(reverse, DClass.IN, TTL, name));
            } catch (UnknownHostException | IllegalArgumentException e) {
                // Not an IPv4 literal: nothing to serve.
            }
        }

        private void add(Record record) {
            Name name = lower(record.getName());
            List<Record> at = records.computeIfAbsent(name, n -> new ArrayList<>());
            if (!at.contains(record)) {
                at.add(record);
            }
            for (Name n = name; n.labels() > domain.labels() && !names.contains(n); n = new Name(n, 1)) {
                names.add(n);
            }
        }

        private Name name(String relative) {
            return concat(relative, domain);
        }

        private static Name concat(String relative, Name origin) {
            try {
                return lower(Name.fromString(relative, origin));
            } catch (TextParseException e) {
                throw new IllegalArgumentException("not a domain name: " + relative, e);
            }
        }
    }
}
