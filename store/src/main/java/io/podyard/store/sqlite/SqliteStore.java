package io.podyard.store.sqlite;

import io.podyard.store.Compactor;
import io.podyard.store.KeyValue;
import io.podyard.store.RangeResult;
import io.podyard.store.StoreClosedException;
import io.podyard.store.StoreOptions;
import io.podyard.store.StoreUnavailableException;
import io.podyard.store.Watch;
import io.podyard.store.WatchListener;
import io.podyard.store.WriteResult;
import io.podyard.store.internal.StoreBase;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * The embedded store: an append-only log in one SQLite file (WAL, synchronous=FULL), written by a
 * single group-commit writer, read through a pool of snapshot readers, watched in process.
 * One process at a time may open a database; a lock file next to it enforces that.
 */
public final class SqliteStore extends StoreBase {
    private static final int READERS = 4;

    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Connection writeConnection;
    private final ReadPool reads;
    private final WatchHub hub;
    private final GroupCommitWriter writer;
    private final TtlSweeper sweeper;
    private final Compactor compactor;

    private SqliteStore(Path file, StoreOptions options, FileChannel lockChannel, FileLock lock)
            throws SQLException {
        super(options);
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.writeConnection = Database.open(file);
        Database.migrate(writeConnection);

        this.reads = new ReadPool(file, READERS);
        long revision = reads.header().revision();
        this.hub = new WatchHub(revision, reads::history, options.watchQueueLimit(), options.progressInterval());
        this.writer = new GroupCommitWriter(writeConnection, revision, hub::publish);
        this.sweeper = new TtlSweeper(reads, writer, options.clock());
        this.compactor = Compactor.start(this, options.compactionInterval());
    }

    /** Opens (creating if needed) the store in {@code file}. */
    public static SqliteStore open(Path file, StoreOptions options) {
        FileChannel channel = null;
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path lockFile = parent.resolve(file.getFileName() + ".lock");
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new StoreUnavailableException(file + " is in use by another Podyard store");
            }
            return new SqliteStore(file, options, channel, lock);
        } catch (IOException | SQLException e) {
            closeQuietly(channel);
            throw new StoreUnavailableException("cannot open " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    @Override
    protected long revisionNow() {
        return reads.header().revision();
    }

    @Override
    protected Optional<KeyValue> read(String key, long atRevision) {
        return reads.get(key, atRevision);
    }

    @Override
    protected RangeResult readRange(String prefix, int limit, String continueAfter, long atRevision) {
        return reads.range(prefix, limit, continueAfter, atRevision);
    }

    @Override
    protected long countNow(String prefix) {
        return reads.count(prefix);
    }

    @Override
    protected WriteResult doCreate(String key, byte[] value, Duration ttl) {
        return writer.write(new GroupCommitWriter.Create(key, value, expiresAt(ttl)));
    }

    @Override
    protected WriteResult doUpdate(String key, long expectedModRevision, byte[] value, Duration ttl) {
        return writer.write(new GroupCommitWriter.Update(key, expectedModRevision, value, expiresAt(ttl)));
    }

    @Override
    protected WriteResult doDelete(String key, long expectedModRevision) {
        return writer.write(new GroupCommitWriter.Delete(key, expectedModRevision));
    }

    @Override
    protected Watch doWatch(String prefix, long fromRevision, WatchListener listener) {
        return hub.subscribe(prefix, fromRevision, listener);
    }

    @Override
    protected void doCompact(long revision) {
        writer.run(c -> Compaction.begin(c, revision));
        // Also finishes a compaction an earlier run was cut off in.
        while (writer.run(Compaction::step)) {
            // each step is one short transaction; writes interleave between them
        }
        writer.run(Compaction::reclaim);
    }

    /** Deletes keys whose ttl has run out now (the store also does this by itself). */
    int expireNow() {
        return sweeper.sweep();
    }

    private long expiresAt(Duration ttl) {
        return ttl == null ? 0 : options.clock().millis() + ttl.toMillis();
    }

    @Override
    protected void doClose() {
        compactor.close();
        sweeper.close();
        writer.close();
        hub.endAll(new StoreClosedException());
        hub.close();
        reads.close();
        try {
            writeConnection.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
        try {
            lock.release();
        } catch (IOException ignored) {
            // the channel close releases it too
        }
        closeQuietly(lockChannel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }
}
