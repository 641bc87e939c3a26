package io.podyard.store;

/** The requested revision's history was compacted away (the API server answers 410 Gone). */
public final class CompactedException extends StoreException {
    private final long compactedRevision;

    public CompactedException(long requestedRevision, long compactedRevision) {
        super("revision " + requestedRevision + " has been compacted (oldest available: "
                + compactedRevision + ")");
        this.compactedRevision = compactedRevision;
    }

    /** The oldest revision the store can still serve. */
    public long compactedRevision() {
        return compactedRevision;
    }
}
