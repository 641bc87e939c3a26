package io.podyard.apiserver.rest;

/**
 * What a resource request addresses, parsed from its path the way Kubernetes' RequestInfoResolver
 * does: {@code /api/v1/namespaces/ns/pods/name/status} → group "", version v1, namespace ns,
 * resource pods, name, subresource status.
 *
 * @param namespace null for cluster-wide requests
 * @param name null for collection requests
 * @param subresource null unless addressed
 */
public record RequestInfo(String group, String version, String namespace, String resource, String name,
        String subresource) {

    /** Parses a resource path; null when the path is not one (discovery, health and so on). */
    public static RequestInfo parse(String path) {
        String[] parts = trim(path).split("/");
        int i;
        String group;
        String version;
        if (parts.length >= 3 && parts[0].equals("api")) {
            group = "";
            version = parts[1];
            i = 2;
        } else if (parts.length >= 4 && parts[0].equals("apis")) {
            group = parts[1];
            version = parts[2];
            i = 3;
        } else {
            return null;
        }
        String namespace = null;
        int rest = parts.length - i;
        if (parts[i].equals("namespaces") && rest >= 3 && !isNamespaceSubresource(parts[i + 2])) {
            namespace = parts[i + 1];
            i += 2;
            rest -= 2;
        } else if (parts[i].equals("namespaces") && rest >= 2) {
            // The namespace object itself: /api/v1/namespaces/name[/status|/finalize]
            namespace = parts[i + 1];
        }
        if (rest > 3) {
            return null;
        }
        String resource = parts[i];
        String name = rest >= 2 ? parts[i + 1] : null;
        String subresource = rest == 3 ? parts[i + 2] : null;
        return new RequestInfo(group, version, namespace, resource, name, subresource);
    }

    private static boolean isNamespaceSubresource(String part) {
        return part.equals("status") || part.equals("finalize");
    }

    private static String trim(String path) {
        int start = path.startsWith("/") ? 1 : 0;
        int end = path.endsWith("/") && path.length() > 1 ? path.length() - 1 : path.length();
        return path.substring(start, Math.max(start, end));
    }
}
