package io.podyard.apiserver.rest;

import io.podyard.api.resource.ResourceRegistry;
import io.podyard.api.resource.ResourceType;
import io.podyard.apiserver.storage.ObjectStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code serviceaccounts/NAME/token} subresource (authentication.k8s.io/v1 TokenRequest):
 * issues a token for an existing ServiceAccount, for the requested audiences (default: the API
 * server's) and lifetime (default one hour, at least ten minutes), optionally bound to a Pod that
 * must exist with the given uid.
 *
 * <p>As Kubernetes does by default ({@code --service-account-extend-token-expiration}), a pod-bound
 * token for the API server requested for exactly {@value #EXTENDED_REQUEST_SECONDS} seconds — what the
 * automatic service-account volume asks for — is signed to last a year, while its status still says
 * {@value #EXTENDED_REQUEST_SECONDS} seconds: the node refreshes it on that schedule, and a client that
 * keeps reading an old token (many read it once) is not cut off.
 */
public final class TokenRequests {
    static final long DEFAULT_EXPIRATION_SECONDS = 3600;
    static final long MIN_EXPIRATION_SECONDS = 600;
    static final long MAX_EXPIRATION_SECONDS = 1L << 32;
    /** Kubernetes' WarnOnlyBoundTokenExpirationSeconds: the lifetime that asks to be extended. */
    static final long EXTENDED_REQUEST_SECONDS = 3607;
    /** Kubernetes' ExpirationExtensionSeconds: one year. */
    static final long EXTENDED_SECONDS = 365L * 24 * 60 * 60;

    /** The Pod a token is bound to. */
    public record BoundPod(String name, String uid) {
    }

    /** A request the server may sign, as the signer needs it. */
    public record Grant(String namespace, String serviceAccount, String serviceAccountUid, Optional<BoundPod> pod,
                        List<String> audiences, Instant issuedAt, Instant expiresAt) {
    }

    /** Signs a grant (the server's service account token key). */
    @FunctionalInterface
    public interface Signer {
        String sign(Grant grant);
    }

    private final ObjectStore store;
    private final ResourceType serviceAccounts;
    private final ResourceType pods;
    private final InstantSource clock;
    private final Signer signer;
    private final String defaultAudience;

    TokenRequests(ResourceRegistry registry, ObjectStore store, InstantSource clock, Signer signer,
                  String defaultAudience) {
        this.store = store;
        this.serviceAccounts = registry.byPlural("", "v1", "serviceaccounts").orElseThrow();
        this.pods = registry.byPlural("", "v1", "pods").orElseThrow();
        this.clock = clock;
        this.signer = signer;
        this.defaultAudience = defaultAudience;
    }

    ObjectNode create(String namespace, String name, ObjectNode request) {
        ObjectNode account = store.get(serviceAccounts, namespace, name)
                .orElseThrow(() -> ApiException.notFound(serviceAccounts, name));
        JsonNode spec = request.path("spec");
        long seconds = spec.path("expirationSeconds").asLong(DEFAULT_EXPIRATION_SECONDS);
        if (seconds < MIN_EXPIRATION_SECONDS || seconds > MAX_EXPIRATION_SECONDS) {
            throw ApiException.invalid(serviceAccounts, name, List.of(ApiException.invalidField(
                    "spec.expirationSeconds", seconds, seconds < MIN_EXPIRATION_SECONDS
                            ? "may not specify a duration less than 10 minutes"
                            : "may not specify a duration larger than 2^32 seconds")));
        }
        List<String> audiences = new ArrayList<>();
        spec.path("audiences").forEach(a -> audiences.add(a.asString("")));
        if (audiences.isEmpty()) {
            audiences.add(defaultAudience);
        }
        Optional<BoundPod> pod = bound(namespace, spec.path("boundObjectRef"));
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expires = now.plus(Duration.ofSeconds(seconds));
        boolean extended = seconds == EXTENDED_REQUEST_SECONDS && pod.isPresent()
                && audiences.equals(List.of(defaultAudience));
        String token = signer.sign(new Grant(namespace, name, uid(account), pod,
                audiences, now, extended ? now.plus(Duration.ofSeconds(EXTENDED_SECONDS)) : expires));

        ObjectNode response = Json.MAPPER.createObjectNode();
        response.put("kind", "TokenRequest").put("apiVersion", "authentication.k8s.io/v1");
        response.putObject("metadata").put("name", name).put("namespace", namespace)
                .put("creationTimestamp", now.toString());
        ObjectNode outSpec = response.putObject("spec");
        audiences.forEach(outSpec.putArray("audiences")::add);
        outSpec.put("expirationSeconds", seconds);
        if (spec.has("boundObjectRef")) {
            outSpec.set("boundObjectRef", spec.get("boundObjectRef"));
        }
        response.putObject("status").put("token", token).put("expirationTimestamp", expires.toString());
        return response;
    }

    /** The Pod the token is bound to, checked to exist; only Pods can be bound here. */
    private Optional<BoundPod> bound(String namespace, JsonNode ref) {
        if (ref.isMissingNode() || ref.isNull()) {
            return Optional.empty();
        }
        String kind = ref.path("kind").asString("");
        if (!kind.equals("Pod")) {
            throw ApiException.badRequest("cannot bind token to object of type " + kind);
        }
        String podName = ref.path("name").asString("");
        ObjectNode pod = store.get(pods, namespace, podName).orElseThrow(() -> ApiException.notFound(pods, podName));
        String uid = uid(pod);
        String wanted = ref.path("uid").asString("");
        if (!wanted.isEmpty() && !wanted.equals(uid)) {
            throw ApiException.conflict(pods, podName, "the UID in the bound object reference (" + wanted
                    + ") does not match the UID in record. The object might have been deleted and then recreated");
        }
        return Optional.of(new BoundPod(podName, uid));
    }

    private static String uid(ObjectNode object) {
        String uid = Json.text(object.path("metadata"), "uid");
        return uid == null ? "" : uid;
    }
}
