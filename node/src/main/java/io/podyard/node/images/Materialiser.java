package io.podyard.node.images;

import io.podyard.node.images.content.ContentStore;
import io.podyard.node.images.oci.ChainIds;
import io.podyard.node.images.oci.ConfigDocument;
import io.podyard.node.images.oci.Descriptor;
import io.podyard.node.images.oci.Document;
import io.podyard.node.images.snapshots.Snapshots;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Turns a manifest into a runnable image: fetches the config and the layers the store lacks
 * (several at once), unpacks each layer into its snapshot as soon as it and the ones below are
 * there, and describes the result as a {@link StoredImage}. Pulls and imports share it; they differ
 * in where missing blobs come from.
 */
final class Materialiser {

    /** Where a blob the store lacks comes from (a registry; for imports, nowhere). */
    @FunctionalInterface
    interface BlobSource {
        InputStream open(Descriptor blob) throws IOException;
    }

    private final ContentStore content;
    private final Snapshots snapshots;
    private final int parallelDownloads;

    Materialiser(ContentStore content, Snapshots snapshots, int parallelDownloads) {
        this.content = content;
        this.snapshots = snapshots;
        this.parallelDownloads = parallelDownloads;
    }

    StoredImage materialise(Document.Fetched fetched, Digest index, BlobSource source, long nowMillis) {
        Document.Manifest manifest = (Document.Manifest) fetched.document();
        Descriptor configBlob = manifest.config();
        content.ingest(configBlob.digest(), configBlob.size(), () -> source.open(configBlob));
        ConfigDocument config = ConfigDocument.parse(configBlob.digest(),
                content.read(configBlob.digest(), ConfigDocument.MAX_BYTES));
        List<Descriptor> layers = manifest.layers();
        if (config.diffIds().size() != layers.size()) {
            throw new InvalidContentException("manifest " + fetched.digest() + " has " + layers.size()
                    + " layers but its config lists " + config.diffIds().size() + " diff IDs");
        }
        List<Digest> chain = ChainIds.of(config.diffIds());
        List<StoredImage.StoredLayer> stored = new ArrayList<>();
        Semaphore downloads = new Semaphore(parallelDownloads);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<?>> fetches = new ArrayList<>();
            for (Descriptor layer : layers) {
                fetches.add(executor.submit(() -> {
                    downloads.acquireUninterruptibly();
                    try {
                        content.ingest(layer.digest(), layer.size(), () -> source.open(layer));
                    } finally {
                        downloads.release();
                    }
                    return null;
                }));
            }
            List<Path> below = new ArrayList<>(); // top first, as the unpacker wants them
            for (int i = 0; i < layers.size(); i++) {
                await(fetches.get(i));
                Descriptor layer = layers.get(i);
                long unpacked = snapshots.ensure(chain.get(i), config.diffIds().get(i), List.copyOf(below),
                        () -> content.open(layer.digest()));
                below.addFirst(snapshots.path(chain.get(i)));
                stored.add(new StoredImage.StoredLayer(layer.digest().toString(), layer.mediaType(), layer.size(),
                        config.diffIds().get(i).toString(), chain.get(i).toString(), unpacked));
            }
        } finally {
            executor.shutdownNow(); // on failure, stop the other downloads
            executor.close();
        }
        return new StoredImage(configBlob.digest().toString(), fetched.digest().toString(), manifest.mediaType(),
                index == null ? null : index.toString(), List.of(), List.of(), config.config(), configBlob.size(), stored,
                nowMillis);
    }

    private static void await(Future<?> future) {
        try {
            future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while downloading layers", e);
        }
    }
}
