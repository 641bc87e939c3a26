package io.podyard.apiserver.auth;

import io.podyard.apiserver.rest.Json;
import io.podyard.apiserver.rest.RequestInfo;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes who asked into the objects that record it: a new CertificateSigningRequest's
 * {@code spec.username} and {@code spec.groups} are the requester's, whatever the body said, as
 * Kubernetes' CSR strategy does (so approvers and {@code kubectl get csr} see the real requestor).
 */
public final class Requesters {
    private Requesters() {
    }

    /** The body to store: stamped for a CSR create, the same bytes otherwise (and for bodies that are not JSON). */
    public static byte[] stamp(String method, RequestInfo info, byte[] body, User user) {
        if (!method.equals("POST") || info.name() != null || info.subresource() != null
                || !info.group().equals("certificates.k8s.io") || !info.resource().equals("certificatesigningrequests")) {
            return body;
        }
        ObjectNode csr;
        try {
            csr = Json.parseObject(body);
        } catch (RuntimeException e) {
            return body; // the handler answers a malformed body with its own Status
        }
        ObjectNode spec = csr.path("spec") instanceof ObjectNode existing ? existing : csr.putObject("spec");
        spec.put("username", user.name());
        ArrayNode groups = spec.putArray("groups");
        user.groups().forEach(groups::add);
        return Json.bytes(csr);
    }
}
