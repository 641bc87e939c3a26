package io.podyard.node.images;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The node's images: pulled from registries or imported from archives into a content-addressed
 * store, each layer unpacked once into a snapshot directory for overlayfs. Safe to use from many
 * threads, and from several processes on one store (the node agent and {@code podyard image}).
 */
public interface ImageService extends AutoCloseable {

    /** Opens (creating if needed) the store under {@code options.root()}. */
    static ImageService open(ImageServiceOptions options) {
        return new DefaultImageService(options);
    }

    /**
     * Makes the image {@code reference} present, as Kubernetes' {@code imagePullPolicy} says.
     * Concurrent pulls of one reference download once; content already in the store is never
     * downloaded again.
     *
     * @param credentials per registry, from the pod's imagePullSecrets
     * @throws InvalidReferenceException the reference does not parse
     * @throws ImageNotPresentException policy Never and no such local image
     * @throws RegistryException the registry refused or could not be reached (its message included)
     * @throws InvalidContentException what the registry sent does not verify
     * @throws UnsafeLayerException a layer would write outside its snapshot
     */
    Image pull(String reference, PullPolicy policy, RegistryCredentials credentials);

    /** The local image a reference (name, {@code name@digest}, image ID or a unique ID prefix) names. */
    Optional<Image> find(String reference);

    /** Every local image. */
    List<Image> list();

    /**
     * Removes a name from its image, and the image with its content when no name is left or it was
     * named by ID. Blobs and snapshots no other image uses are deleted.
     *
     * @throws ImageNotPresentException no such image
     */
    RemovedImage remove(String reference);

    /**
     * Loads the images of an OCI layout directory, an OCI archive (a tar of one) or a docker-archive
     * ({@code docker save}); blobs the store has are not copied again. Images are named as the
     * archive names them (an image without a name is reachable by its ID).
     *
     * @throws InvalidContentException not one of those formats, or content that does not verify
     */
    List<Image> importArchive(Path path);

    /**
     * Removes images no container uses, least recently used first, until the store uses at most
     * {@code targetBytes}; also deletes blobs and snapshots no image references.
     *
     * @param inUse IDs of images running containers use; never removed
     */
    GcResult garbageCollect(Set<Digest> inUse, long targetBytes);

    /** Bytes the store's blobs and snapshots take. */
    long diskUsage();

    @Override
    void close();
}
