package io.podyard.store;

/** A change seen by a watch. */
public sealed interface WatchEvent {

    String key();

    long revision();

    /**
     * A key was created or updated.
     *
     * @param previous the value before this write, or null when the key was created
     */
    record Put(KeyValue current, KeyValue previous) implements WatchEvent {
        @Override
        public String key() {
            return current.key();
        }

        @Override
        public long revision() {
            return current.modRevision();
        }

        public boolean isCreate() {
            return current.createRevision() == current.modRevision();
        }
    }

    /**
     * A key was deleted at {@code revision} (by a delete or because its ttl ran out).
     *
     * @param previous the deleted value
     */
    record Delete(String key, long revision, KeyValue previous) implements WatchEvent {}
}
