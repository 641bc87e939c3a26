package io.podyard.node.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Readers-writer locks on an image store that hold across processes, because {@code podyard image
 * import} and {@code image rm} work on the store while the node agent pulls into it. Each region is a
 * byte of {@code <root>/lock} under fcntl locks, plus an in-process lock (the JVM refuses overlapping
 * file locks of its own); shared holders in one process share one shared file lock.
 *
 * <p>File lock calls run on a helper thread: an interrupt on a channel operation closes the channel, and
 * closing it would drop every lock this process holds on the file.
 *
 * <p>Regions: {@link #content()} guards blobs and snapshots (pulls and imports share it, removal and
 * GC take it alone, so nothing deletes what a pull is about to reference); {@link #catalog()} guards
 * {@code images.json} read-modify-write. Always take content before catalog.
 */
final class StoreLock {
    /** A held lock; closing releases it. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    // One instance per store root in this JVM, shared by every service opened on it.
    private static final Map<Path, StoreLock> OPEN = new HashMap<>();
    private static final ExecutorService FILE_LOCKER = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("image-store-lock-", 0).factory());

    private final Path key;
    private final FileChannel channel;
    private final Region content;
    private final Region catalog;
    private int users;

    private StoreLock(Path key, FileChannel channel) {
        this.key = key;
        this.channel = channel;
        this.content = new Region(0);
        this.catalog = new Region(1);
    }

    static StoreLock open(Path root) {
        Path key = root.toAbsolutePath().normalize();
        synchronized (OPEN) {
            StoreLock lock = OPEN.get(key);
            if (lock == null) {
                try {
                    lock = new StoreLock(key, FileChannel.open(key.resolve("lock"), StandardOpenOption.CREATE,
                            StandardOpenOption.READ, StandardOpenOption.WRITE));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot open the lock file of the image store " + key, e);
                }
                OPEN.put(key, lock);
            }
            lock.users++;
            return lock;
        }
    }

    void release() {
        synchronized (OPEN) {
            if (--users == 0) {
                OPEN.remove(key);
                try {
                    channel.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    Region content() {
        return content;
    }

    Region catalog() {
        return catalog;
    }

    final class Region {
        private final long position;
        private final ReentrantReadWriteLock local = new ReentrantReadWriteLock();
        private int sharedHolders;
        private FileLock sharedLock;

        private Region(long position) {
            this.position = position;
        }

        /** Runs {@code work} holding this region shared. */
        <T> T shared(java.util.function.Supplier<T> work) {
            Held held = shared();
            try {
                return work.get();
            } finally {
                held.close();
            }
        }

        /** Runs {@code work} holding this region alone. */
        <T> T exclusive(java.util.function.Supplier<T> work) {
            Held held = exclusive();
            try {
                return work.get();
            } finally {
                held.close();
            }
        }

        Held shared() {
            local.readLock().lock();
            try {
                synchronized (this) {
                    if (sharedHolders == 0) {
                        sharedLock = fileLock(true);
                    }
                    sharedHolders++;
                }
            } catch (RuntimeException e) {
                local.readLock().unlock();
                throw e;
            }
            return () -> {
                synchronized (this) {
                    if (--sharedHolders == 0) {
                        releaseQuietly(sharedLock);
                        sharedLock = null;
                    }
                }
                local.readLock().unlock();
            };
        }

        Held exclusive() {
            local.writeLock().lock();
            FileLock lock;
            try {
                lock = fileLock(false);
            } catch (RuntimeException e) {
                local.writeLock().unlock();
                throw e;
            }
            return () -> {
                releaseQuietly(lock);
                local.writeLock().unlock();
            };
        }

        private FileLock fileLock(boolean shared) {
            return uninterruptibly(() -> channel.lock(position, 1, shared));
        }

        private void releaseQuietly(FileLock lock) {
            uninterruptibly(() -> {
                lock.release();
                return null;
            });
        }
    }

    private <T> T uninterruptibly(Callable<T> call) {
        Future<T> result = FILE_LOCKER.submit(call);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw new UncheckedIOException("cannot lock the image store " + key,
                            e.getCause() instanceof IOException io ? io : new IOException(e.getCause()));
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
