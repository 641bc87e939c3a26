package io.podyard.node.images.content;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.podyard.node.images.Digest;
import io.podyard.node.images.InvalidContentException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentStoreTest {
    private static final byte[] HELLO = "hello".getBytes(UTF_8);
    private static final Digest HELLO_DIGEST = Digest.sha256(HELLO);

    @TempDir
    Path root;

    @Test
    void storesABlobUnderItsDigest() throws Exception {
        ContentStore store = new ContentStore(root);

        assertThat(store.ingest(HELLO_DIGEST, HELLO.length, () -> new ByteArrayInputStream(HELLO))).isTrue();

        Path blob = root.resolve("blobs/sha256/" + HELLO_DIGEST.hex());
        assertThat(store.path(HELLO_DIGEST)).isEqualTo(blob);
        assertThat(blob).hasBinaryContent(HELLO);
        assertThat(store.contains(HELLO_DIGEST)).isTrue();
        assertThat(store.size(HELLO_DIGEST)).hasValue(5);
        assertThat(store.list()).containsExactly(HELLO_DIGEST);
        assertThat(root.resolve("ingest")).isEmptyDirectory();
    }

    @Test
    void aBlobAlreadyPresentIsNotReadAgain() {
        ContentStore store = new ContentStore(root);
        store.put(HELLO);

        boolean copied = store.ingest(HELLO_DIGEST, HELLO.length, () -> {
            throw new AssertionError("the source of a present blob must not be opened");
        });

        assertThat(copied).isFalse();
    }

    @Test
    void contentWithAnotherDigestIsRejectedAndNotStored() {
        ContentStore store = new ContentStore(root);
        Digest claimed = Digest.sha256("something else");

        assertThatThrownBy(() -> store.ingest(claimed, HELLO.length, () -> new ByteArrayInputStream(HELLO)))
                .isInstanceOf(InvalidContentException.class)
                .hasMessageContaining("blob " + claimed + " failed verification")
                .hasMessageContaining(HELLO_DIGEST.toString());
        assertThat(store.contains(claimed)).isFalse();
        assertThat(store.list()).isEmpty();
        assertThat(root.resolve("ingest")).isEmptyDirectory();
    }

    @Test
    void contentShorterOrLongerThanTheDescriptorIsRejected() {
        ContentStore store = new ContentStore(root);

        assertThatThrownBy(() -> store.ingest(HELLO_DIGEST, 6, () -> new ByteArrayInputStream(HELLO)))
                .isInstanceOf(InvalidContentException.class).hasMessageContaining("has 5 bytes; its descriptor says 6");
        assertThatThrownBy(() -> store.ingest(HELLO_DIGEST, 4, () -> new ByteArrayInputStream(HELLO)))
                .isInstanceOf(InvalidContentException.class).hasMessageContaining("larger than its descriptor's 4");
        assertThat(store.list()).isEmpty();
        assertThat(root.resolve("ingest")).isEmptyDirectory();
    }

    @Test
    void concurrentIngestsOfOneBlobReadTheSourceOnce() throws Exception {
        ContentStore store = new ContentStore(root);
        AtomicInteger opened = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        ContentStore.Source slow = () -> {
            opened.incrementAndGet();
            return new InputStream() {
                private final InputStream delegate = new ByteArrayInputStream(HELLO);

                @Override
                public int read() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int read(byte[] b, int off, int len) throws java.io.IOException {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new java.io.InterruptedIOException();
                    }
                    return delegate.read(b, off, len);
                }
            };
        };
        int callers = 4;
        List<Thread> threads = new ArrayList<>();
        List<Future<Boolean>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(callers, r -> {
            Thread t = new Thread(r);
            threads.add(t);
            return t;
        })) {
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> store.ingest(HELLO_DIGEST, HELLO.length, slow)));
            }
            // every caller is parked: one in the source, the others waiting for it
            await().until(() -> threads.size() == callers
                    && threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING));
            release.countDown();
            int copies = 0;
            for (Future<Boolean> result : results) {
                copies += result.get() ? 1 : 0;
            }
            assertThat(copies).isEqualTo(1);
        }
        assertThat(opened).hasValue(1);
        assertThat(store.path(HELLO_DIGEST)).hasBinaryContent(HELLO);
    }

    @Test
    void aFailedIngestIsTriedAgainByTheNextCaller() throws ExecutionException {
        ContentStore store = new ContentStore(root);
        assertThatThrownBy(() -> store.ingest(HELLO_DIGEST, 5, () -> new ByteArrayInputStream("HELLO".getBytes(UTF_8))))
                .isInstanceOf(InvalidContentException.class);

        assertThat(store.ingest(HELLO_DIGEST, 5, () -> new ByteArrayInputStream(HELLO))).isTrue();
    }

    @Test
    void deleteFreesTheBlob() {
        ContentStore store = new ContentStore(root);
        store.put(HELLO);

        assertThat(store.delete(HELLO_DIGEST)).isEqualTo(5);
        assertThat(store.delete(HELLO_DIGEST)).isZero();
        assertThat(store.contains(HELLO_DIGEST)).isFalse();
    }

    @Test
    void removesIncompleteIngestsLeftByACrash() throws Exception {
        ContentStore store = new ContentStore(root);
        Files.writeString(root.resolve("ingest/" + HELLO_DIGEST.hex() + "-crashed"), "hel");

        store.removeIncompleteIngests();

        assertThat(root.resolve("ingest")).isEmptyDirectory();
    }
}
