package io.podyard.node.server;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Who may use the node server: TLS has already verified the client certificate against the cluster
 * CA; the certificate must also name the group (O) {@code system:masters}, which the API server's
 * kubelet-client certificate does, and a future node or user certificate of the same CA need not.
 */
final class ClientCheck {
    static final String GROUP = "system:masters";

    private ClientCheck() {
    }

    static boolean allowed(SSLSession tls) {
        if (tls == null) {
            return false;
        }
        Certificate[] chain;
        try {
            chain = tls.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return false;
        }
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate cert)) {
            return false;
        }
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("O") && GROUP.equals(rdn.getValue().toString())) {
                    return true;
                }
            }
        } catch (InvalidNameException e) {
            return false;
        }
        return false;
    }
}
