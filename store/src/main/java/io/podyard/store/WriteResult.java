package io.podyard.store;

import java.util.Optional;

/** The outcome of a compare-and-swap write. */
public sealed interface WriteResult {

    /** The write applied at {@code revision}, which is now the key's mod revision. */
    record Written(long revision) implements WriteResult {}

    /**
     * The precondition did not hold and nothing changed.
     *
     * @param current the key's value when the write was tried; empty if the key did not exist
     */
    record Conflict(Optional<KeyValue> current) implements WriteResult {}

    default boolean succeeded() {
        return this instanceof Written;
    }

    /** The new revision of a successful write; throws if this is a conflict. */
    default long revision() {
        if (this instanceof Written(long revision)) {
            return revision;
        }
        throw new IllegalStateException("write did not apply: " + this);
    }
}
