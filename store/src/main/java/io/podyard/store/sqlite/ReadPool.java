package io.podyard.store.sqlite;

import io.podyard.store.CompactedException;
import io.podyard.store.FutureRevisionException;
import io.podyard.store.Keys;
import io.podyard.store.KeyValue;
import io.podyard.store.RangeResult;
import io.podyard.store.StoreClosedException;
import io.podyard.store.StoreUnavailableException;
import io.podyard.store.WatchEvent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Read connections. WAL lets them read while the writer commits; each call runs in one read
 * transaction, so everything it returns comes from one snapshot and the revision it reports is the
 * snapshot's.
 */
final class ReadPool implements AutoCloseable {

    /**
     * Rows of the log up to a revision that no row up to it superseded, not deleted: the state at
     * that revision. A row's successor is the row naming it as prev_revision (see Database).
     */
    private static final String LIVE_AT = " r.id <= ?3 AND r.deleted = 0 AND NOT EXISTS"
            + " (SELECT 1 FROM kv n WHERE n.name = r.name AND n.prev_revision = r.id AND n.id <= ?3)";

    private static final String HEADER = "SELECT (SELECT IFNULL(MAX(id), 0) FROM kv),"
            + " (SELECT value FROM meta WHERE key = 'compact_revision')";
    private static final String GET = "SELECT " + Row.COLUMNS + " FROM kv WHERE name = ? AND id <= ?"
            + " ORDER BY prev_revision DESC LIMIT 1";
    private static final String RANGE = "SELECT r.id, r.name, r.deleted, r.create_revision, r.version,"
            + " r.value FROM kv r WHERE r.name >= ?1 AND r.name < ?2 AND" + LIVE_AT
            + " ORDER BY r.name LIMIT ?4";
    private static final String COUNT = "SELECT COUNT(*) FROM kv r WHERE r.name >= ?1 AND r.name < ?2 AND"
            + LIVE_AT;
    private static final String HISTORY = "SELECT r.id, r.name, r.deleted, r.create_revision, r.version,"
            + " r.value, p.id, p.name, p.deleted, p.create_revision, p.version, p.value"
            + " FROM kv r LEFT JOIN kv p ON p.id = r.prev_revision"
            + " WHERE r.id > ? AND r.id <= ? AND r.name >= ? AND r.name < ? ORDER BY r.id LIMIT ?";
    private static final String EXPIRED = "SELECT r.name, r.id FROM kv r WHERE r.expires_at > 0"
            + " AND r.expires_at <= ? AND r.deleted = 0"
            + " AND NOT EXISTS (SELECT 1 FROM kv n WHERE n.name = r.name AND n.prev_revision = r.id) LIMIT ?";

    /** The snapshot's newest revision and the oldest revision it can still serve. */
    record Header(long revision, long compacted) {}

    /** A key due for ttl expiry, at the revision that set its ttl. */
    record Expired(String key, long modRevision) {}

    @FunctionalInterface
    private interface Read<T> {
        T apply(Session session, Header header) throws SQLException;
    }

    private final BlockingQueue<Session> idle;
    private final List<Session> all = new ArrayList<>();
    private volatile boolean closed;

    ReadPool(Path file, int size) throws SQLException {
        idle = new ArrayBlockingQueue<>(size);
        try {
            for (int i = 0; i < size; i++) {
                Session s = new Session(Database.open(file));
                all.add(s);
                idle.add(s);
            }
        } catch (SQLException e) {
            close();
            throw e;
        }
    }

    Header header() {
        return read((s, h) -> h);
    }

    Optional<KeyValue> get(String key, long atRevision) {
        return read((s, h) -> {
            long rev = servable(h, atRevision);
            PreparedStatement q = s.get;
            q.setString(1, key);
            q.setLong(2, rev);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.ofNullable(Row.read(rs, 1).live()) : Optional.empty();
            }
        });
    }

    RangeResult range(String prefix, int limit, String continueAfter, long atRevision) {
        return read((s, h) -> {
            long rev = servable(h, atRevision);
            PreparedStatement q = s.range;
            q.setString(1, continueAfter == null ? prefix : Keys.successor(continueAfter));
            q.setString(2, Keys.prefixEnd(prefix));
            q.setLong(3, rev);
            q.setLong(4, limit == 0 ? -1 : limit + 1L);
            List<KeyValue> items = new ArrayList<>();
            boolean more = false;
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    if (limit != 0 && items.size() == limit) {
                        more = true;
                        break;
                    }
                    items.add(Row.read(rs, 1).toKeyValue());
                }
            }
            return new RangeResult(items, rev, more);
        });
    }

    long count(String prefix) {
        return read((s, h) -> {
            PreparedStatement q = s.count;
            q.setString(1, prefix);
            q.setString(2, Keys.prefixEnd(prefix));
            q.setLong(3, h.revision());
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /**
     * Changes under {@code prefix} with revisions in ({@code after}, {@code upTo}], oldest first, at
     * most {@code limit}.
     *
     * @throws CompactedException if some of that history was compacted away
     */
    List<WatchEvent> history(String prefix, long after, long upTo, int limit) {
        return read((s, h) -> {
            if (after + 1 < h.compacted()) {
                throw new CompactedException(after, h.compacted());
            }
            PreparedStatement q = s.history;
            q.setLong(1, after);
            q.setLong(2, upTo);
            q.setString(3, prefix);
            q.setString(4, Keys.prefixEnd(prefix));
            q.setInt(5, limit);
            List<WatchEvent> events = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    Row row = Row.read(rs, 1);
                    rs.getLong(7);
                    KeyValue previous = rs.wasNull() ? null : Row.read(rs, 7).live();
                    events.add(row.deleted()
                            ? new WatchEvent.Delete(row.name(), row.id(), previous)
                            : new WatchEvent.Put(row.toKeyValue(), previous));
                }
            }
            return events;
        });
    }

    List<Expired> expired(long nowMillis, int limit) {
        return read((s, h) -> {
            PreparedStatement q = s.expired;
            q.setLong(1, nowMillis);
            q.setInt(2, limit);
            List<Expired> due = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    due.add(new Expired(rs.getString(1), rs.getLong(2)));
                }
            }
            return due;
        });
    }

    private static long servable(Header h, long atRevision) {
        if (atRevision == 0) {
            return h.revision();
        }
        if (atRevision > h.revision()) {
            throw new FutureRevisionException(atRevision, h.revision());
        }
        if (atRevision < h.compacted()) {
            throw new CompactedException(atRevision, h.compacted());
        }
        return atRevision;
    }

    private <T> T read(Read<T> read) {
        if (closed) {
            throw new StoreClosedException();
        }
        Session session;
        try {
            session = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for a read connection", e);
        }
        try {
            if (closed) {
                throw new StoreClosedException();
            }
            return session.inSnapshot(read);
        } catch (SQLException e) {
            throw new StoreUnavailableException("read failed: " + e.getMessage(), e);
        } finally {
            idle.add(session);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Session s : all) {
            s.close();
        }
    }

    private static final class Session {
        final Connection connection;
        final PreparedStatement header;
        final PreparedStatement get;
        final PreparedStatement range;
        final PreparedStatement count;
        final PreparedStatement history;
        final PreparedStatement expired;

        Session(Connection connection) throws SQLException {
            this.connection = connection;
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA query_only = 1");
            }
            header = connection.prepareStatement(HEADER);
            get = connection.prepareStatement(GET);
            range = connection.prepareStatement(RANGE);
            count = connection.prepareStatement(COUNT);
            history = connection.prepareStatement(HISTORY);
            expired = connection.prepareStatement(EXPIRED);
        }

        <T> T inSnapshot(Read<T> read) throws SQLException {
            try (Statement s = connection.createStatement()) {
                s.execute("BEGIN");
            }
            try {
                Header h;
                try (ResultSet rs = header.executeQuery()) {
                    rs.next();
                    h = new Header(rs.getLong(1), rs.getLong(2));
                }
                return read.apply(this, h);
            } finally {
                try (Statement s = connection.createStatement()) {
                    s.execute("COMMIT");
                }
            }
        }

        void close() {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }
}
