package io.podyard.api.table;

/**
 * What each Table row carries in {@code row.object}, chosen by {@code ?includeObject=}. kubectl
 * leaves it unset, so rows carry {@link #METADATA}, unless it sorts ({@code --sort-by}) and asks
 * for {@link #OBJECT}.
 */
public enum IncludeObject {
    /** {@code "object": null}. */
    NONE("None"),
    /** A meta.k8s.io/v1 PartialObjectMetadata holding the object's metadata: the default. */
    METADATA("Metadata"),
    /** The whole object. */
    OBJECT("Object");

    private final String value;

    IncludeObject(String value) {
        this.value = value;
    }

    /** The query parameter value. */
    public String value() {
        return value;
    }

    /**
     * Reads {@code ?includeObject=}; absent or empty means {@link #METADATA}.
     *
     * @throws IllegalArgumentException with the API server's 400 message for any other value
     */
    public static IncludeObject parse(String value) {
        if (value == null || value.isEmpty()) {
            return METADATA;
        }
        for (IncludeObject candidate : values()) {
            if (candidate.value.equals(value)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("Unable to convert to Table as requested: includeObject: Invalid value: \""
                + value + "\": must be 'Metadata', 'Object', 'None', or empty");
    }
}
