package io.podyard.apiserver.auth;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Tells who is calling, as Kubernetes' union of x509 and token authenticators does, in its order:
 * a client certificate the TLS layer verified against the cluster CA names the user (CN) and its
 * groups (O); otherwise a bearer token: the admin token stands for the admin user, any other
 * token is asked of the token authenticator (bootstrap tokens, service account tokens). Anything else is anonymous.
 */
public final class Authenticator {
    public static final User ADMIN = new User("podyard-admin", List.of("system:masters", "system:authenticated"));

    private final Predicate<String> isAdminToken;
    private final Function<String, Optional<User>> tokens;

    public Authenticator(Predicate<String> isAdminToken, Function<String, Optional<User>> tokens) {
        this.isAdminToken = isAdminToken;
        this.tokens = tokens;
    }

    public Optional<User> authenticate(SSLSession tls, String authorization) {
        Optional<User> byCertificate = tls == null ? Optional.empty() : fromCertificate(tls);
        if (byCertificate.isPresent()) {
            return byCertificate;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = authorization.substring(7).trim();
        return isAdminToken.test(token) ? Optional.of(ADMIN) : tokens.apply(token);
    }

    private static Optional<User> fromCertificate(SSLSession tls) {
        Certificate[] chain;
        try {
            chain = tls.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty(); // no client certificate
        }
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate cert)) {
            return Optional.empty();
        }
        try {
            String name = null;
            List<String> groups = new ArrayList<>();
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                switch (rdn.getType().toUpperCase()) {
                    case "CN" -> name = rdn.getValue().toString();
                    case "O" -> groups.add(rdn.getValue().toString());
                    default -> { }
                }
            }
            if (name == null || name.isEmpty()) {
                return Optional.empty();
            }
            groups.add("system:authenticated");
            return Optional.of(new User(name, groups));
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }
}
