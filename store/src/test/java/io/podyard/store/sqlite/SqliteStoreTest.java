package io.podyard.store.sqlite;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.podyard.store.Compactor;
import io.podyard.store.KeyValue;
import io.podyard.store.StoreOptions;
import io.podyard.store.StoreUnavailableException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the embedded store has to do: own its file, stay bounded, give space back. */
class SqliteStoreTest {
    private static final StoreOptions OPTIONS = StoreOptions.defaults();

    @TempDir
    Path dir;

    @Test
    void aDatabaseOpenInOneStoreCannotBeOpenedByAnother() {
        Path db = dir.resolve("state.db");
        try (SqliteStore first = SqliteStore.open(db, OPTIONS)) {
            first.create("/registry/a", bytes("x"));
            assertThatThrownBy(() -> SqliteStore.open(db, OPTIONS))
                    .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("in use");
        }
        try (SqliteStore again = SqliteStore.open(db, OPTIONS)) {
            assertThat(again.get("/registry/a")).isPresent();
        }
    }

    @Test
    void compactionDeletesSupersededRowsAndGivesSpaceBack() throws Exception {
        Path db = dir.resolve("state.db");
        try (SqliteStore store = SqliteStore.open(db, OPTIONS)) {
            churn(store, 100, 100, 2048);
            assertThat(pragma(db, "auto_vacuum")).as("auto_vacuum=INCREMENTAL").isEqualTo(2);
            long pagesBefore = pragma(db, "page_count");
            assertThat(rows(db)).isEqualTo(100 + 100 * 100);

            store.compact(store.currentRevision());

            // One row per live key, plus the row that the write at the compaction revision itself
            // replaced: a watch from C - 1 still gets that write's previous value.
            assertThat(rows(db)).isEqualTo(100 + 1);
            assertThat(pragma(db, "page_count")).as("pages after compaction").isLessThan(pagesBefore / 10);
            assertThat(store.count("/registry/")).isEqualTo(100);
        }
    }

    @Test
    void periodicCompactionKeepsTheLogBoundedUnderChurn() throws Exception {
        Path db = dir.resolve("state.db");
        try (SqliteStore store = SqliteStore.open(db, OPTIONS)) {
            Compactor compactor = Compactor.manual(store);
            List<Long> rowCounts = new ArrayList<>();
            for (int period = 0; period < 8; period++) {
                churn(store, 50, 40, 256);
                compactor.tick();
                rowCounts.add(rows(db));
            }
            // Each tick keeps at most the last period's rows plus one per key: 50 + 2 * 50 * 40.
            assertThat(rowCounts).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(50 + 2 * 50 * 40 + 50));
            assertThat(rowCounts.getLast()).isLessThanOrEqualTo(rowCounts.get(1));
        }
    }

    @Test
    void expiredKeysAreSweptThroughTheLog() throws Exception {
        Path db = dir.resolve("state.db");
        var clock = new java.util.concurrent.atomic.AtomicLong(1_000_000);
        StoreOptions options = OPTIONS.withClock(() -> java.time.Instant.ofEpochMilli(clock.get()));
        try (SqliteStore store = SqliteStore.open(db, options)) {
            store.create("/registry/events/e1", bytes("x"), java.time.Duration.ofSeconds(60));
            long kept = store.create("/registry/events/e2", bytes("x"), java.time.Duration.ofSeconds(60)).revision();
            store.update("/registry/events/e2", kept, bytes("y"), java.time.Duration.ofSeconds(600));
            clock.addAndGet(61_000);
            assertThat(store.expireNow()).isEqualTo(1);
            assertThat(store.get("/registry/events/e1")).isEmpty();
            assertThat(store.get("/registry/events/e2").map(KeyValue::value)).contains(bytes("y"));
        }
    }

    /** {@code keys} keys, each created and then updated {@code updates} times. */
    private static void churn(SqliteStore store, int keys, int updates, int valueBytes) {
        byte[] value = new byte[valueBytes];
        for (int k = 0; k < keys; k++) {
            String key = "/registry/churn/k" + k;
            long rev = store.get(key).map(KeyValue::modRevision).orElse(0L);
            if (rev == 0) {
                rev = store.create(key, value).revision();
            }
            for (int u = 0; u < updates; u++) {
                rev = store.update(key, rev, value).revision();
            }
        }
    }

    private static long rows(Path db) throws Exception {
        return query(db, "SELECT COUNT(*) FROM kv");
    }

    private static long pragma(Path db, String name) throws Exception {
        return query(db, "PRAGMA " + name);
    }

    private static long query(Path db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }
}
