package io.podyard.node.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store lock holds across processes: the CLI and the node agent share one image store. */
class StoreLockTest {
    @TempDir
    Path root;

    @Test
    void aRegionHeldByAnotherProcessBlocksUntilReleased() throws Exception {
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), root.toString(), "catalog")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        StoreLock lock = StoreLock.open(root);
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream()));
            assertThat(out.readLine()).isEqualTo("locked");

            AtomicReference<Thread> reader = new AtomicReference<>();
            CompletableFuture<Void> shared = CompletableFuture.runAsync(() -> {
                reader.set(Thread.currentThread());
                lock.catalog().shared().close();
            });
            // the other region is free meanwhile
            lock.content().exclusive().close();
            await().until(() -> reader.get() != null && reader.get().getState() == Thread.State.WAITING);
            assertThat(shared).isNotDone();

            holder.getOutputStream().close();
            shared.get(30, TimeUnit.SECONDS);
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            holder.destroyForcibly();
            lock.release();
        }
    }

    @Test
    void sharedHoldersInOneProcessDoNotExcludeEachOther() {
        StoreLock lock = StoreLock.open(root);
        try (StoreLock.Held first = lock.content().shared(); StoreLock.Held second = lock.content().shared()) {
            assertThat(first).isNotNull();
            assertThat(second).isNotNull();
        } finally {
            lock.release();
        }
        StoreLock again = StoreLock.open(root);
        try (StoreLock.Held held = again.content().exclusive()) {
            assertThat(held).isNotNull();
        } finally {
            again.release();
        }
    }
}
