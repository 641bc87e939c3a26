package io.podyard.store.sqlite;

import io.podyard.store.KeyValue;
import java.sql.ResultSet;
import java.sql.SQLException;

/** One log row: a key's state as written at revision {@code id}. */
record Row(long id, String name, boolean deleted, long createRevision, long version, byte[] value) {

    /** Columns to select, in this order, to read a row with {@link #read}. */
    static final String COLUMNS = "id, name, deleted, create_revision, version, value";

    static Row read(ResultSet rs, int first) throws SQLException {
        byte[] value = rs.getBytes(first + 5);
        return new Row(rs.getLong(first), rs.getString(first + 1), rs.getInt(first + 2) != 0,
                rs.getLong(first + 3), rs.getLong(first + 4), value == null ? new byte[0] : value);
    }

    KeyValue toKeyValue() {
        return new KeyValue(name, value, createRevision, id, version);
    }

    /** The key's value, or null when this row is a tombstone. */
    KeyValue live() {
        return deleted ? null : toKeyValue();
    }
}
