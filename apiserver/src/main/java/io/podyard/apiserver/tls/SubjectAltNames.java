package io.podyard.apiserver.tls;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SequencedSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The names the serving certificate carries. IP SANs hold the address bytes and DNS SANs are
 * lower-cased, so two spellings of one name compare equal as {@link GeneralName}s.
 */
final class SubjectAltNames {
    private static final Logger LOG = LoggerFactory.getLogger(SubjectAltNames.class);

    /** Loopback, plus the names pods use for the {@code kubernetes} Service on any cluster. */
    private static final List<String> BUILT_IN = List.of("localhost", "127.0.0.1", "::1", "kubernetes",
            "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local");

    /** Only the dotted quad without leading zeros: "127.1" or "010.0.0.1" mean different addresses to different parsers. */
    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private SubjectAltNames() {}

    /** The built-in names, this machine's host name when it is a valid DNS name, then {@code extra}. */
    static SequencedSet<GeneralName> forApiServer(List<String> extra) {
        var names = new LinkedHashSet<GeneralName>();
        BUILT_IN.forEach(name -> names.add(parse(name)));
        localHostName().ifPresent(name -> names.add(parse(name)));
        extra.forEach(name -> names.add(parse(name)));
        return names;
    }

    /**
     * An IP SAN if {@code entry} is an IP literal, else a DNS SAN. The check is purely textual:
     * resolving the name would make the certificate depend on what DNS said at start-up.
     */
    static GeneralName parse(String entry) {
        if (IPV4.matcher(entry).matches()) {
            return ip(Inet4Address.ofLiteral(entry));
        }
        if (entry.contains(":")) {
            if (entry.contains("%") || entry.contains("[")) {
                throw new IllegalArgumentException("SAN \"" + entry + "\": write a bare IPv6 address, without brackets or zone");
            }
            try {
                return ip(Inet6Address.ofLiteral(entry));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("SAN \"" + entry + "\" is neither an IP address nor a DNS name", e);
            }
        }
        String name = entry.toLowerCase(Locale.ROOT);
        dnsNameProblem(name).ifPresent(problem -> {
            throw new IllegalArgumentException("SAN \"" + entry + "\" " + problem);
        });
        return new GeneralName(GeneralName.dNSName, name);
    }

    static Set<GeneralName> of(X509Certificate certificate) {
        try {
            GeneralNames names = GeneralNames.fromExtensions(
                    new JcaX509CertificateHolder(certificate).getExtensions(), Extension.subjectAlternativeName);
            return names == null ? Set.of() : new LinkedHashSet<>(List.of(names.getNames()));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("certificate cannot be DER-encoded", e);
        }
    }

    /** How a name reads in a log line: "10.0.0.1", "::1" or "example.com". */
    static String describe(GeneralName name) {
        if (name.getTagNo() != GeneralName.iPAddress) {
            return name.getName().toString();
        }
        try {
            // getByAddress never resolves; it only formats the bytes.
            return InetAddress.getByAddress(ASN1OctetString.getInstance(name.getName()).getOctets()).getHostAddress();
        } catch (UnknownHostException e) {
            return name.toString();
        }
    }

    /** Best effort: a machine whose name is unknown or unusable still gets a certificate. */
    static Optional<String> localHostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
            Optional<String> problem = dnsNameProblem(name);
            if (problem.isEmpty()) {
                return Optional.of(name);
            }
            LOG.warn("Host name \"{}\" {}; leaving it out of the serving certificate", name, problem.get());
        } catch (UnknownHostException e) {
            LOG.warn("Host name unknown ({}); leaving it out of the serving certificate", e.toString());
        }
        return Optional.empty();
    }

    private static GeneralName ip(InetAddress address) {
        return new GeneralName(GeneralName.iPAddress, new DEROctetString(address.getAddress()));
    }

    /** Why a lower-cased name is no DNS name a TLS client would match, if it is not one. */
    private static Optional<String> dnsNameProblem(String name) {
        if (name.length() > 253) {
            return Optional.of("is longer than 253 characters");
        }
        String[] labels = name.split("\\.", -1);
        for (int i = 0; i < labels.length; i++) {
            boolean wildcard = i == 0 && labels.length > 1 && labels[0].equals("*");
            if (!wildcard && !DNS_LABEL.matcher(labels[i]).matches()) {
                return Optional.of("is not a DNS name (label \"" + labels[i] + "\")");
            }
        }
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            return Optional.of("looks like an IPv4 address but is not a dotted quad");
        }
        return Optional.empty();
    }
}
