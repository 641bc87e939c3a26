package io.podyard.store;

/** A read or compaction named a revision the store has not reached yet. */
public final class FutureRevisionException extends StoreException {
    public FutureRevisionException(long requestedRevision, long currentRevision) {
        super("revision " + requestedRevision + " is newer than the current revision " + currentRevision);
    }
}
