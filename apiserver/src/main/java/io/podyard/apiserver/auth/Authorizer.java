package io.podyard.apiserver.auth;

import io.podyard.apiserver.rest.RequestInfo;
import java.util.Optional;
import java.util.Set;

/**
 * What an authenticated user may do. Until RBAC exists every user may do everything, except a
 * user that holds only a bootstrap token: it may read discovery and create, read and watch
 * CertificateSigningRequests — enough to obtain a node's credential, as Kubernetes' bootstrap
 * RBAC (system:node-bootstrapper) allows — and nothing else.
 */
public final class Authorizer {
    private static final Set<String> CSR_VERBS = Set.of("GET", "POST");

    private Authorizer() {
    }

    /** Empty when allowed; otherwise Kubernetes' "forbidden" message. */
    public static Optional<String> deny(User user, String method, String path) {
        if (!user.groups().contains(BootstrapTokens.GROUP)) {
            return Optional.empty();
        }
        RequestInfo info = RequestInfo.parse(path);
        if (info == null) {
            return method.equals("GET") ? Optional.empty()
                    : Optional.of("forbidden: User \"" + user.name() + "\" cannot " + method.toLowerCase()
                    + " path \"" + path + "\"");
        }
        if (info.group().equals("certificates.k8s.io") && info.resource().equals("certificatesigningrequests")
                && info.subresource() == null && CSR_VERBS.contains(method)) {
            return Optional.empty();
        }
        String resource = info.resource() + (info.group().isEmpty() ? "" : "." + info.group());
        String verb = switch (method) {
            case "GET" -> info.name() == null ? "list" : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> "delete";
            default -> method.toLowerCase();
        };
        return Optional.of(resource + (info.name() == null ? "" : " \"" + info.name() + "\"") + " is forbidden: User \""
                + user.name() + "\" cannot " + verb + " resource \"" + info.resource()
                + (info.subresource() == null ? "" : "/" + info.subresource()) + "\" in API group \"" + info.group()
                + "\"" + (info.namespace() == null ? " at the cluster scope" : " in the namespace \"" + info.namespace()
                + "\""));
    }
}
