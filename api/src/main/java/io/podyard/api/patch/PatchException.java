package io.podyard.api.patch;

/**
 * A patch that cannot be applied. The message says why. {@link #malformed()} tells the API server
 * which status kube-apiserver would answer: 400 Bad Request when the patch itself is malformed, 422
 * Unprocessable Entity when it is well formed but cannot be applied to this document.
 */
public final class PatchException extends RuntimeException {
    private final boolean malformed;

    private PatchException(String message, boolean malformed) {
        super(message);
        this.malformed = malformed;
    }

    static PatchException malformed(String message) {
        return new PatchException(message, true);
    }

    static PatchException unprocessable(String message) {
        return new PatchException(message, false);
    }

    /** True for 400 Bad Request, false for 422 Unprocessable Entity. */
    public boolean malformed() {
        return malformed;
    }
}
