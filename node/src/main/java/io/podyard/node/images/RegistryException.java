package io.podyard.node.images;

import java.util.Objects;

/**
 * A registry refused or failed a request. The message carries the registry's own words (e.g.
 * {@code manifest unknown}) so the node agent can show them in a container's ErrImagePull message.
 */
public final class RegistryException extends ImageException {

    /** What kind of failure, so callers can tell "does not exist" from "try again later". */
    public enum Reason {
        /** 404, or an error code such as MANIFEST_UNKNOWN / NAME_UNKNOWN / BLOB_UNKNOWN. */
        NOT_FOUND,
        /** 401: no credentials, or the registry did not accept them. */
        UNAUTHORIZED,
        /** 403: the credentials are valid but may not pull this repository. */
        DENIED,
        /** 429: rate limited. */
        TOO_MANY_REQUESTS,
        /** The registry could not be reached or answered 5xx. */
        UNAVAILABLE,
        /** The registry answered something the distribution protocol does not allow. */
        PROTOCOL
    }

    private final String registry;
    private final int status;
    private final Reason reason;
    private final String registryMessage;

    public RegistryException(String registry, int status, Reason reason, String registryMessage, String context) {
        super(context + ": " + registryMessage);
        this.registry = Objects.requireNonNull(registry, "registry");
        this.status = status;
        this.reason = Objects.requireNonNull(reason, "reason");
        this.registryMessage = Objects.requireNonNull(registryMessage, "registryMessage");
    }

    public RegistryException(String registry, Reason reason, String message, String context, Throwable cause) {
        super(context + ": " + message, cause);
        this.registry = Objects.requireNonNull(registry, "registry");
        this.status = 0;
        this.reason = Objects.requireNonNull(reason, "reason");
        this.registryMessage = message;
    }

    /** The registry host, e.g. {@code 127.0.0.1:5000} or {@code registry-1.docker.io}. */
    public String registry() {
        return registry;
    }

    /** The HTTP status, or 0 when no response arrived. */
    public int status() {
        return status;
    }

    public Reason reason() {
        return reason;
    }

    /** The registry's own message (its error messages joined), or the transport error. */
    public String registryMessage() {
        return registryMessage;
    }
}
