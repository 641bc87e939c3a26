package io.podyard.store;

import java.util.List;

/**
 * A page of a range read.
 *
 * @param items the keys found, in key order
 * @param revision the revision the read was served at; pass it back to read the next page from the
 *     same snapshot
 * @param more whether keys after the last item were left out because of the limit
 */
public record RangeResult(List<KeyValue> items, long revision, boolean more) {

    public RangeResult {
        items = List.copyOf(items);
    }

    /** The last key of this page, to continue after; null for an empty page. */
    public String lastKey() {
        return items.isEmpty() ? null : items.getLast().key();
    }
}
