package io.podyard.store.sqlite;

import io.podyard.store.KeyValue;
import io.podyard.store.StoreClosedException;
import io.podyard.store.StoreException;
import io.podyard.store.StoreUnavailableException;
import io.podyard.store.WatchEvent;
import io.podyard.store.WriteResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's only writer: one thread, one connection. Writes queue up while a commit is being
 * fsync'ed and are applied together in the next transaction (group commit), so one fsync
 * acknowledges many writes. Compare-and-swap is checked here against the log itself, inside the
 * transaction, so writes in one batch see each other. After each commit the batch's events are
 * handed to {@code publisher} in revision order.
 */
final class GroupCommitWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

    /** Most writes per transaction, and most value bytes, so one commit stays bounded. */
    private static final int MAX_BATCH = 2048;
    private static final long MAX_BATCH_BYTES = 16L << 20;

    sealed interface Op {
        String key();
    }

    record Create(String key, byte[] value, long expiresAt) implements Op {}

    record Update(String key, long expectedModRevision, byte[] value, long expiresAt) implements Op {}

    record Delete(String key, long expectedModRevision) implements Op {}

    /** Work that needs the write connection for itself (compaction, vacuum). */
    @FunctionalInterface
    interface Task<T> {
        T run(Connection connection) throws SQLException;
    }

    private sealed interface Job {}

    private record WriteJob(Op op, CompletableFuture<WriteResult> done) implements Job {}

    private record TaskJob<T>(Task<T> task, CompletableFuture<T> done) implements Job {}

    private record Stop() implements Job {}

    private final Connection connection;
    private final PreparedStatement latest;
    private final PreparedStatement insert;
    private final Consumer<List<WatchEvent>> publisher;
    private final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final ReentrantReadWriteLock closing = new ReentrantReadWriteLock();
    private final Thread thread;
    private boolean closed; // guarded by closing
    private long revision; // only touched by the writer thread after construction

    GroupCommitWriter(Connection connection, long revision, Consumer<List<WatchEvent>> publisher)
            throws SQLException {
        this.connection = connection;
        this.revision = revision;
        this.publisher = publisher;
        this.latest = connection.prepareStatement(
                "SELECT " + Row.COLUMNS + " FROM kv WHERE name = ? ORDER BY prev_revision DESC LIMIT 1");
        this.insert = connection.prepareStatement("INSERT INTO kv (id, name, deleted, create_revision,"
                + " prev_revision, version, expires_at, value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        this.thread = Thread.ofPlatform().name("store-writer").daemon().start(this::run);
    }

    /** Applies {@code op} and returns once it is durable (or was refused). */
    WriteResult write(Op op) {
        CompletableFuture<WriteResult> done = new CompletableFuture<>();
        enqueue(new WriteJob(op, done));
        return await(done);
    }

    /** Runs {@code task} alone on the write connection, between batches. */
    <T> T run(Task<T> task) {
        CompletableFuture<T> done = new CompletableFuture<>();
        enqueue(new TaskJob<>(task, done));
        return await(done);
    }

    private void enqueue(Job job) {
        closing.readLock().lock();
        try {
            if (closed) {
                throw new StoreClosedException();
            }
            queue.add(job);
        } finally {
            closing.readLock().unlock();
        }
    }

    private static <T> T await(CompletableFuture<T> done) {
        try {
            return done.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof StoreException se) {
                throw se;
            }
            throw new StoreUnavailableException("write failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        closing.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(new Stop());
        } finally {
            closing.writeLock().unlock();
        }
        // Everything queued before Stop is still applied: a caller that was accepted gets an answer.
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<WriteJob> batch = new ArrayList<>();
        try {
            while (true) {
                Job job = queue.take();
                switch (job) {
                    case Stop() -> {
                        return;
                    }
                    case TaskJob<?> task -> runTask(task);
                    case WriteJob first -> {
                        batch.add(first);
                        long bytes = size(first.op());
                        // Take what queued up during the previous commit, but stop at a task or Stop
                        // so their order relative to writes is kept.
                        while (batch.size() < MAX_BATCH && bytes < MAX_BATCH_BYTES
                                && queue.peek() instanceof WriteJob next) {
                            queue.poll();
                            batch.add(next);
                            bytes += size(next.op());
                        }
                        commit(batch);
                        batch.clear();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            log.error("store writer died", e);
            for (WriteJob j : batch) {
                j.done().completeExceptionally(new StoreUnavailableException("store writer died", e));
            }
        } finally {
            failRemaining();
        }
    }

    private void failRemaining() {
        Job job;
        while ((job = queue.poll()) != null) {
            switch (job) {
                case WriteJob w -> w.done().completeExceptionally(new StoreClosedException());
                case TaskJob<?> t -> t.done().completeExceptionally(new StoreClosedException());
                case Stop() -> {}
            }
        }
    }

    private static long size(Op op) {
        return switch (op) {
            case Create c -> c.value().length;
            case Update u -> u.value().length;
            case Delete d -> 0;
        };
    }

    private <T> void runTask(TaskJob<T> job) {
        try {
            job.done().complete(job.task().run(connection));
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            job.done().completeExceptionally(e instanceof StoreException ? e
                    : new StoreUnavailableException("store maintenance failed: " + e.getMessage(), e));
        }
    }

    /** One write's outcome inside a batch, published only after the commit. */
    private record Outcome(WriteJob job, WriteResult result, WatchEvent event) {}

    private void commit(List<WriteJob> batch) {
        long before = revision;
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        try {
            execute("BEGIN IMMEDIATE");
            for (WriteJob job : batch) {
                outcomes.add(apply(job));
            }
            execute("COMMIT");
        } catch (SQLException e) {
            rollbackQuietly();
            revision = before;
            if (batch.size() > 1) {
                // Find the write that fails on its own; the others still go through.
                for (WriteJob job : batch) {
                    commit(List.of(job));
                }
            } else {
                batch.getFirst().done().completeExceptionally(
                        new StoreUnavailableException("write failed: " + e.getMessage(), e));
            }
            return;
        }
        List<WatchEvent> events = new ArrayList<>(outcomes.size());
        for (Outcome o : outcomes) {
            if (o.event() != null) {
                events.add(o.event());
            }
        }
        if (!events.isEmpty()) {
            publisher.accept(events);
        }
        for (Outcome o : outcomes) {
            o.job().done().complete(o.result());
        }
    }

    private Outcome apply(WriteJob job) throws SQLException {
        Op op = job.op();
        Row current = latest(op.key());
        KeyValue live = current == null ? null : current.live();
        long prevRevision = current == null ? 0 : current.id();
        switch (op) {
            case Create(String key, byte[] value, long expiresAt) -> {
                if (live != null) {
                    return conflict(job, live);
                }
                long rev = ++revision;
                insert(rev, key, false, rev, prevRevision, 1, expiresAt, value);
                KeyValue kv = new KeyValue(key, value, rev, rev, 1);
                return new Outcome(job, new WriteResult.Written(rev), new WatchEvent.Put(kv, null));
            }
            case Update(String key, long expected, byte[] value, long expiresAt) -> {
                if (live == null || live.modRevision() != expected) {
                    return conflict(job, live);
                }
                long rev = ++revision;
                long version = live.version() + 1;
                insert(rev, key, false, live.createRevision(), prevRevision, version, expiresAt, value);
                KeyValue kv = new KeyValue(key, value, live.createRevision(), rev, version);
                return new Outcome(job, new WriteResult.Written(rev), new WatchEvent.Put(kv, live));
            }
            case Delete(String key, long expected) -> {
                if (live == null || live.modRevision() != expected) {
                    return conflict(job, live);
                }
                long rev = ++revision;
                insert(rev, key, true, live.createRevision(), prevRevision, 0, 0, null);
                return new Outcome(job, new WriteResult.Written(rev), new WatchEvent.Delete(key, rev, live));
            }
        }
    }

    private static Outcome conflict(WriteJob job, KeyValue live) {
        return new Outcome(job, new WriteResult.Conflict(Optional.ofNullable(live)), null);
    }

    private Row latest(String key) throws SQLException {
        latest.setString(1, key);
        try (ResultSet rs = latest.executeQuery()) {
            return rs.next() ? Row.read(rs, 1) : null;
        }
    }

    private void insert(long id, String key, boolean deleted, long createRevision, long prevRevision,
            long version, long expiresAt, byte[] value) throws SQLException {
        insert.setLong(1, id);
        insert.setString(2, key);
        insert.setInt(3, deleted ? 1 : 0);
        insert.setLong(4, createRevision);
        insert.setLong(5, prevRevision);
        insert.setLong(6, version);
        insert.setLong(7, expiresAt);
        insert.setBytes(8, value);
        insert.executeUpdate();
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    private void rollbackQuietly() {
        try {
            execute("ROLLBACK"); // transactions are explicit BEGIN/COMMIT; JDBC auto-commit stays on
        } catch (SQLException ignored) {
            // no transaction was open
        }
    }
}
