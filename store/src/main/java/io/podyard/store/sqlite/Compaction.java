package io.podyard.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Compaction of the log to a revision C: afterwards the store serves reads at revisions >= C and
 * watches from C - 1 on, so it keeps each key's newest row below C and every row from C on, and
 * drops rows that a newer row below C superseded, and tombstones below C.
 *
 * <p>Work is split into chunks of revisions, each its own short transaction on the writer so writes
 * keep flowing; the meta table records how far it got, and a compaction cut short by a crash is
 * finished by the next one. The target revision is recorded before any row goes, so a reader never
 * sees a half-compacted revision as valid.
 */
final class Compaction {
    private static final long CHUNK = 10_000;

    private Compaction() {}

    /** Records the new target; false if the store is already compacted that far. */
    static boolean begin(Connection c, long revision) throws SQLException {
        return inTransaction(c, () -> {
            if (revision <= meta(c, "compact_revision")) {
                return false;
            }
            setMeta(c, "compact_revision", revision);
            return true;
        });
    }

    /** Deletes one chunk of superseded rows; true while more remain. */
    static boolean step(Connection c) throws SQLException {
        return inTransaction(c, () -> {
            long from = meta(c, "compact_progress");
            long target = meta(c, "compact_revision");
            if (from >= target) {
                return false;
            }
            long to = Math.min(from + CHUNK, target);
            // Rows superseded by a row in [from, to): each row names the one it replaced.
            try (PreparedStatement s = c.prepareStatement("DELETE FROM kv WHERE id IN"
                    + " (SELECT prev_revision FROM kv WHERE id >= ? AND id < ? AND prev_revision > 0)")) {
                s.setLong(1, from);
                s.setLong(2, to);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement(
                    "DELETE FROM kv WHERE deleted = 1 AND id >= ? AND id < ?")) {
                s.setLong(1, from);
                s.setLong(2, to);
                s.executeUpdate();
            }
            setMeta(c, "compact_progress", to);
            return to < target;
        });
    }

    /** Returns freed pages to the file system (the database uses auto_vacuum=INCREMENTAL). */
    static Void reclaim(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            // The driver steps a statement once, and incremental_vacuum frees a page per step, so
            // repeat until the free list is empty (each round returns up to a few thousand pages).
            for (int round = 0; round < 1_000_000 && freePages(s) > 0; round++) {
                s.execute("PRAGMA incremental_vacuum(4096)");
            }
            s.execute("PRAGMA wal_checkpoint(PASSIVE)");
        }
        return null;
    }

    private static long freePages(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA freelist_count")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private interface Body<T> {
        T run() throws SQLException;
    }

    private static <T> T inTransaction(Connection c, Body<T> body) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
        }
        T result = body.run();
        try (Statement s = c.createStatement()) {
            s.execute("COMMIT");
        }
        return result;
    }

    static long meta(Connection c, String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            s.setString(1, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private static void setMeta(Connection c, String key, long value) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE meta SET value = ? WHERE key = ?")) {
            s.setLong(1, value);
            s.setString(2, key);
            s.executeUpdate();
        }
    }
}
