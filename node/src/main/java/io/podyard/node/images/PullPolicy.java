package io.podyard.node.images;

/** Kubernetes' imagePullPolicy. */
public enum PullPolicy {
    /** Resolve the reference at the registry every time (content already present is not downloaded again). */
    ALWAYS,
    /** Use the local image if the reference names one; pull otherwise. */
    IF_NOT_PRESENT,
    /** Use the local image; fail with {@link ImageNotPresentException} if there is none. */
    NEVER;

    /** From the API's spelling ({@code Always}, {@code IfNotPresent}, {@code Never}). */
    public static PullPolicy of(String kubernetes) {
        return switch (kubernetes) {
            case "Always" -> ALWAYS;
            case "IfNotPresent" -> IF_NOT_PRESENT;
            case "Never" -> NEVER;
            default -> throw new IllegalArgumentException("unknown imagePullPolicy \"" + kubernetes + "\"");
        };
    }
}
