package io.podyard.proxy.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;

/**
 * The resolvers names outside the cluster domain are forwarded to, tried in order (like CoreDNS'
 * forward plugin with policy sequential). None: such queries are REFUSED.
 */
public record Upstreams(List<InetSocketAddress> servers, Duration timeout) {
    public static final Upstreams NONE = new Upstreams(List.of(), Duration.ofSeconds(2));

    public Upstreams {
        servers = List.copyOf(servers);
    }

    /** The nameservers of a resolv.conf text, port 53, leaving out {@code except} (our own addresses). */
    public static Upstreams fromResolvConf(String content, List<String> except) {
        List<InetSocketAddress> servers = content.lines().map(String::strip)
                .filter(line -> line.startsWith("nameserver"))
                .map(line -> line.split("\\s+"))
                .filter(fields -> fields.length > 1 && fields[1].matches("[0-9.]+") && !except.contains(fields[1]))
                .map(fields -> new InetSocketAddress(fields[1], 53))
                .toList();
        return new Upstreams(servers, Duration.ofSeconds(2));
    }

    /** The first upstream answer, SERVFAIL when none answers, REFUSED when there is no upstream. */
    public Message forward(Message query) {
        if (servers.isEmpty()) {
            return DnsAnswerer.response(query, Rcode.REFUSED);
        }
        for (InetSocketAddress server : servers) {
            try {
                SimpleResolver resolver = new SimpleResolver(server);
                resolver.setTimeout(timeout);
                Message response = resolver.send(query.clone());
                response.getHeader().setID(query.getHeader().getID());
                return response;
            } catch (IOException e) {
                // The next one, if any.
            }
        }
        return DnsAnswerer.response(query, Rcode.SERVFAIL);
    }
}
