package io.podyard.store.sqlite;

import io.podyard.store.StoreException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes keys whose ttl ran out. The deletes go through the writer like any other (compare-and-swap
 * on the revision that set the ttl), so a key written again in the meantime survives and watchers
 * see an ordinary delete event.
 */
final class TtlSweeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TtlSweeper.class);
    private static final Duration PERIOD = Duration.ofMillis(500);
    private static final int BATCH = 1000;

    private final ReadPool reads;
    private final GroupCommitWriter writer;
    private final InstantSource clock;
    private final Thread thread;

    TtlSweeper(ReadPool reads, GroupCommitWriter writer, InstantSource clock) {
        this.reads = reads;
        this.writer = writer;
        this.clock = clock;
        this.thread = Thread.ofVirtual().name("store-ttl").start(this::loop);
    }

    private void loop() {
        try {
            while (true) {
                Thread.sleep(PERIOD);
                try {
                    sweep();
                } catch (StoreException e) {
                    log.warn("ttl sweep failed; retrying", e);
                }
            }
        } catch (InterruptedException e) {
            // closing
        }
    }

    /** Deletes what is due now; returns how many keys expired. */
    int sweep() {
        int total = 0;
        List<ReadPool.Expired> due;
        do {
            due = reads.expired(clock.millis(), BATCH);
            // Submitted together so one group commit deletes the whole batch.
            List<Future<Boolean>> deletes = new ArrayList<>(due.size());
            try (ExecutorService parallel = Executors.newVirtualThreadPerTaskExecutor()) {
                for (ReadPool.Expired e : due) {
                    deletes.add(parallel.submit(() -> writer.write(
                            new GroupCommitWriter.Delete(e.key(), e.modRevision())).succeeded()));
                }
            }
            for (Future<Boolean> d : deletes) {
                if (d.state() == Future.State.SUCCESS && d.resultNow()) {
                    total++;
                }
            }
        } while (due.size() == BATCH && !Thread.currentThread().isInterrupted());
        return total;
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
