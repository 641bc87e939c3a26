package io.podyard.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/** Opens connections to the store's database file and creates its schema. */
final class Database {

    /** Incremented whenever the schema changes shape; checked on open. */
    static final int SCHEMA_VERSION = 1;

    // A kine-style log: the row id is the revision; a key's current value is its newest row.
    // UNIQUE(name, prev_revision) is the second guard behind the writer's compare-and-swap: two
    // writes built on the same previous revision of a key can never both land. It is also the only
    // index on name: a key's rows form a chain (each names its predecessor in prev_revision, and ids
    // grow), so the newest row has the largest prev_revision, and a row is superseded exactly when
    // some row names it as its predecessor. One name index instead of two halves the pages a commit
    // dirties, which is most of what a write costs.
    private static final String[] SCHEMA = {
        """
        CREATE TABLE IF NOT EXISTS kv (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL,
          deleted INTEGER NOT NULL,
          create_revision INTEGER NOT NULL,
          prev_revision INTEGER NOT NULL,
          version INTEGER NOT NULL,
          expires_at INTEGER NOT NULL,
          value BLOB,
          UNIQUE (name, prev_revision)
        )""",
        "CREATE INDEX IF NOT EXISTS kv_expiring ON kv (expires_at) WHERE expires_at > 0",
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID",
        "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', " + SCHEMA_VERSION + ")",
        "INSERT OR IGNORE INTO meta (key, value) VALUES ('compact_revision', 0)",
        "INSERT OR IGNORE INTO meta (key, value) VALUES ('compact_progress', 0)",
    };

    private Database() {}

    /**
     * Opens a connection. Every connection uses WAL with synchronous=FULL: a commit returns only
     * after the WAL is fsync'ed, which is what lets the store acknowledge a write as durable.
     */
    static Connection open(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(30_000);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        config.setCacheSize(-32_000); // KiB
        Connection connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = connection.createStatement()) {
            // Keep a checkpointed WAL from staying at its high-water mark after a burst.
            s.execute("PRAGMA journal_size_limit = 67108864");
        }
        return connection;
    }

    /** Creates the schema on a new database. */
    static void migrate(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            boolean fresh;
            try (var rs = s.executeQuery("SELECT COUNT(*) FROM sqlite_schema")) {
                fresh = rs.next() && rs.getLong(1) == 0;
            }
            if (fresh) {
                // Opening in WAL mode already wrote the header, so auto_vacuum only takes hold after a
                // VACUUM, which costs nothing on an empty database. It lets compaction shrink the file.
                s.execute("PRAGMA auto_vacuum = INCREMENTAL");
                s.execute("VACUUM");
            }
            for (String ddl : SCHEMA) {
                s.execute(ddl);
            }
            try (var rs = s.executeQuery("SELECT value FROM meta WHERE key = 'schema_version'")) {
                int version = rs.next() ? rs.getInt(1) : 0;
                if (version != SCHEMA_VERSION) {
                    throw new SQLException("database schema version " + version + " is not "
                            + SCHEMA_VERSION + "; this Podyard cannot open it");
                }
            }
        }
    }
}
