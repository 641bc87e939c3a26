package io.podyard.node.images;

import io.podyard.node.images.RegistryCredentials.Credential;
import io.podyard.node.images.archive.ArchiveImporter;
import io.podyard.node.images.content.ContentStore;
import io.podyard.node.images.content.SingleFlight;
import io.podyard.node.images.oci.Descriptor;
import io.podyard.node.images.oci.Document;
import io.podyard.node.images.oci.Documents;
import io.podyard.node.images.oci.Platforms;
import io.podyard.node.images.registry.RegistryClient;
import io.podyard.node.images.snapshots.Snapshots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The image service: pulls and imports go through the {@link Materialiser} into the content store
 * and snapshots under a shared store lock; removal and GC take the lock alone, then delete what no
 * image references. {@code images.json} ({@link Catalog}) names the results.
 */
final class DefaultImageService implements ImageService {
    /** Last-use stamps are hints for GC; rewriting images.json on every container start would be waste. */
    private static final Duration TOUCH_GRANULARITY = Duration.ofMinutes(1);

    private final ImageServiceOptions options;
    private final StoreLock lock;
    private final ContentStore content;
    private final Snapshots snapshots;
    private final Catalog catalog;
    private final HttpClient http;
    private final RegistryClient registry;
    private final Materialiser materialiser;
    private final ArchiveImporter importer;
    private final SingleFlight<String, Image> pulls = new SingleFlight<>();

    DefaultImageService(ImageServiceOptions options) {
        this.options = options;
        try {
            Files.createDirectories(options.root());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the image store " + options.root(), e);
        }
        this.lock = StoreLock.open(options.root());
        this.content = new ContentStore(options.root());
        this.snapshots = new Snapshots(options.root());
        this.catalog = new Catalog(options.root().resolve("images.json"), lock.catalog());
        this.http = RegistryClient.newHttpClient(options.connectTimeout());
        this.registry = new RegistryClient(http, options.clock(), options.insecureRegistries(), options.requestTimeout());
        this.materialiser = new Materialiser(content, snapshots, options.parallelDownloads());
        this.importer = new ArchiveImporter(content, options.platform());
    }

    @Override
    public Image pull(String reference, PullPolicy policy, RegistryCredentials credentials) {
        ImageReference ref = ImageReference.parse(reference);
        if (policy != PullPolicy.ALWAYS) {
            Optional<StoredImage> local = byName(catalog.read(), ref);
            if (local.isPresent()) {
                return toImage(touch(local.get()));
            }
            if (policy == PullPolicy.NEVER) {
                throw new ImageNotPresentException("image \"" + reference + "\" is not present with pull policy of Never");
            }
        }
        return pulls.run(ref.toString(), () -> fetch(ref, credentials.forRegistry(ref.domain())));
    }

    private Image fetch(ImageReference ref, Optional<Credential> credential) {
        return lock.content().shared(() -> {
            Document.Fetched top = registry.manifest(ref, ref.manifestReference(), credential);
            content.put(top.bytes());
            Document.Fetched manifest = top;
            Digest index = null;
            if (top.document() instanceof Document.Index list) {
                Descriptor chosen = choosePlatform(list, ref.toString());
                manifest = registry.manifest(ref, chosen.digest().toString(), credential);
                requireManifest(manifest, ref.toString());
                content.put(manifest.bytes());
                index = top.digest();
            }
            StoredImage image = materialiser.materialise(manifest, index, blob -> registry.blob(ref, blob, credential),
                    now());
            List<String> tags = ref.tag() != null && ref.digest() == null ? List.of(ref.toString()) : List.of();
            List<String> digests = List.of(ref.name() + "@" + top.digest());
            return toImage(record(image, tags, digests));
        });
    }

    @Override
    public List<Image> importArchive(Path path) {
        return lock.content().shared(() -> {
            List<Image> images = new ArrayList<>();
            for (ArchiveImporter.Loaded loaded : importer.load(path)) {
                Document.Fetched top = local(loaded.digest(), loaded.mediaType());
                Document.Fetched manifest = top;
                Digest index = null;
                if (top.document() instanceof Document.Index list) {
                    Descriptor chosen = choosePlatform(list, path.toString());
                    manifest = local(chosen.digest(), chosen.mediaType());
                    requireManifest(manifest, path.toString());
                    index = top.digest();
                }
                StoredImage image = materialiser.materialise(manifest, index, blob -> {
                    throw new InvalidContentException(path + " lacks blob " + blob.digest());
                }, now());
                images.add(toImage(record(image, loaded.names(), List.of())));
            }
            return images;
        });
    }

    private Document.Fetched local(Digest digest, String mediaType) {
        byte[] bytes = content.read(digest, Documents.MAX_MANIFEST_BYTES);
        return new Document.Fetched(digest, bytes, Documents.parse(digest, bytes, mediaType));
    }

    private Descriptor choosePlatform(Document.Index index, String what) {
        return Platforms.select(index.manifests(), options.platform()).orElseThrow(() -> new InvalidContentException(
                "no image for " + options.platform() + " in " + what + "; it has "
                        + index.manifests().stream().map(d -> d.platform() == null ? "?" : d.platform().toString())
                                .collect(Collectors.joining(", "))));
    }

    private static void requireManifest(Document.Fetched fetched, String what) {
        if (!(fetched.document() instanceof Document.Manifest)) {
            throw new InvalidContentException(what + ": the index names another index (" + fetched.digest()
                    + "); nested indexes are not supported");
        }
    }

    /** Adds the image to the catalog under these names, taking them off any image that had them. */
    private StoredImage record(StoredImage image, List<String> tags, List<String> digests) {
        StoredImage[] recorded = new StoredImage[1];
        catalog.update(images -> {
            List<StoredImage> next = new ArrayList<>();
            List<String> allTags = new ArrayList<>();
            List<String> allDigests = new ArrayList<>();
            for (StoredImage other : images) {
                if (other.id().equals(image.id())) {
                    allTags.addAll(other.repoTags());
                    allDigests.addAll(other.repoDigests());
                    continue;
                }
                StoredImage stripped = other;
                for (String name : tags) {
                    stripped = stripped.unnamed(name);
                }
                next.add(stripped);
            }
            tags.stream().filter(t -> !allTags.contains(t)).forEach(allTags::add);
            digests.stream().filter(d -> !allDigests.contains(d)).forEach(allDigests::add);
            recorded[0] = image.withNames(allTags, allDigests);
            next.add(recorded[0]);
            return next;
        }, true);
        return recorded[0];
    }

    private StoredImage touch(StoredImage image) {
        long now = now();
        if (now - image.lastUsedMillis() < TOUCH_GRANULARITY.toMillis()) {
            return image;
        }
        StoredImage touched = image.withLastUsed(now);
        catalog.update(images -> images.stream().map(i -> i.id().equals(image.id()) ? touched : i).toList(), false);
        return touched;
    }

    @Override
    public Optional<Image> find(String reference) {
        return resolve(catalog.read(), reference).map(match -> toImage(match.image()));
    }

    @Override
    public List<Image> list() {
        return catalog.read().stream().map(this::toImage).toList();
    }

    /** How a reference matched: by one of its names, or by ID. */
    private record Match(StoredImage image, String name) {
    }

    private Optional<Match> resolve(List<StoredImage> images, String reference) {
        try {
            ImageReference ref = ImageReference.parse(reference);
            Optional<StoredImage> named = byName(images, ref);
            if (named.isPresent()) {
                String name = ref.digest() != null ? ref.name() + "@" + ref.digest() : ref.toString();
                return Optional.of(new Match(named.get(), named.get().isNamed(name) ? name : null));
            }
        } catch (InvalidReferenceException e) {
            // perhaps an image ID
        }
        String hex = reference.startsWith("sha256:") ? reference.substring(7) : reference;
        if (hex.length() < 3 || !hex.matches("[0-9a-f]+")) {
            return Optional.empty();
        }
        List<StoredImage> matches = images.stream().filter(i -> Digest.parse(i.id()).hex().startsWith(hex)).toList();
        if (matches.size() > 1) {
            throw new ImageNotPresentException("image ID prefix \"" + reference + "\" is ambiguous: it matches "
                    + matches.size() + " images");
        }
        return matches.stream().findFirst().map(i -> new Match(i, null));
    }

    private static Optional<StoredImage> byName(List<StoredImage> images, ImageReference ref) {
        if (ref.digest() != null) {
            String byDigest = ref.name() + "@" + ref.digest();
            String digest = ref.digest().toString();
            return images.stream().filter(i -> i.repoDigests().contains(byDigest)
                    || ((digest.equals(i.manifest()) || digest.equals(i.index())) && hasRepository(i, ref.name())))
                    .findFirst();
        }
        return images.stream().filter(i -> i.repoTags().contains(ref.toString())).findFirst();
    }

    private static boolean hasRepository(StoredImage image, String repository) {
        return image.repoTags().stream().anyMatch(t -> t.startsWith(repository + ":"))
                || image.repoDigests().stream().anyMatch(d -> d.startsWith(repository + "@"));
    }

    @Override
    public RemovedImage remove(String reference) {
        return lock.content().exclusive(() -> {
            RemovedImage[] result = new RemovedImage[1];
            catalog.update(images -> {
                Match match = resolve(images, reference)
                        .orElseThrow(() -> new ImageNotPresentException("no such image: " + reference));
                StoredImage image = match.image();
                boolean otherNames = match.name() != null
                        && image.repoTags().size() + image.repoDigests().size() > 1;
                if (otherNames) {
                    result[0] = new RemovedImage(List.of(match.name()), Optional.empty());
                    return images.stream().map(i -> i == image ? i.unnamed(match.name()) : i).toList();
                }
                List<String> names = new ArrayList<>(image.repoTags());
                names.addAll(image.repoDigests());
                result[0] = new RemovedImage(names, Optional.of(Digest.parse(image.id())));
                return images.stream().filter(i -> i != image).toList();
            }, true);
            deleteUnreferenced();
            return result[0];
        });
    }

    @Override
    public GcResult garbageCollect(Set<Digest> inUse, long targetBytes) {
        return lock.content().exclusive(() -> {
            long freed = deleteUnreferenced();
            List<StoredImage> images = catalog.read();
            java.util.Map<String, Long> sizes = new java.util.HashMap<>();
            List<GcPlanner.Candidate> candidates = new ArrayList<>();
            for (StoredImage image : images) {
                Set<String> keys = new java.util.HashSet<>();
                for (String blob : image.blobs()) {
                    keys.add("blob " + blob);
                    sizes.put("blob " + blob, content.size(Digest.parse(blob)).orElse(0));
                }
                for (StoredImage.StoredLayer layer : image.layers()) {
                    keys.add("snapshot " + layer.chainId());
                    sizes.put("snapshot " + layer.chainId(), layer.unpackedSize());
                }
                candidates.add(new GcPlanner.Candidate(Digest.parse(image.id()), image.lastUsedMillis(), keys));
            }
            long usage = sizes.values().stream().mapToLong(Long::longValue).sum();
            GcPlanner.Plan plan = GcPlanner.plan(candidates, sizes, inUse, usage, targetBytes);
            if (!plan.remove().isEmpty()) {
                Set<String> doomed = plan.remove().stream().map(Digest::toString).collect(Collectors.toSet());
                catalog.update(list -> list.stream().filter(i -> !doomed.contains(i.id())).toList(), true);
                freed += deleteUnreferenced();
            }
            return new GcResult(plan.remove(), freed, usage());
        });
    }

    @Override
    public long diskUsage() {
        return lock.content().shared(this::usage);
    }

    private long usage() {
        long total = 0;
        for (Digest blob : content.list()) {
            total += content.size(blob).orElse(0);
        }
        java.util.Map<String, Long> known = new java.util.HashMap<>();
        for (StoredImage image : catalog.read()) {
            image.layers().forEach(l -> known.put(Digest.parse(l.chainId()).hex(), l.unpackedSize()));
        }
        for (String snapshot : snapshots.list()) {
            Long size = known.get(snapshot);
            total += size != null ? size : snapshots.size(snapshot);
        }
        return total;
    }

    /** Deletes blobs and snapshots no image references, and leftovers of interrupted writes. Needs the exclusive lock. */
    private long deleteUnreferenced() {
        List<StoredImage> images = catalog.read();
        Set<String> blobs = images.stream().flatMap(i -> i.blobs().stream()).collect(Collectors.toSet());
        Set<String> chains = images.stream().flatMap(i -> i.layers().stream())
                .map(l -> Digest.parse(l.chainId()).hex()).collect(Collectors.toSet());
        long freed = 0;
        for (Digest blob : content.list()) {
            if (!blobs.contains(blob.toString())) {
                freed += content.delete(blob);
            }
        }
        for (String snapshot : snapshots.list()) {
            if (!chains.contains(snapshot)) {
                freed += snapshots.size(snapshot);
                snapshots.delete(snapshot);
            }
        }
        content.removeIncompleteIngests();
        snapshots.removeIncomplete();
        return freed;
    }

    private Image toImage(StoredImage stored) {
        Function<StoredImage.StoredLayer, Image.Layer> layer = l -> new Image.Layer(Digest.parse(l.digest()),
                l.mediaType(), l.size(), Digest.parse(l.diffId()), Digest.parse(l.chainId()),
                snapshots.path(Digest.parse(l.chainId())));
        return new Image(Digest.parse(stored.id()), stored.repoTags(), stored.repoDigests(),
                Digest.parse(stored.manifest()), stored.config(), stored.layers().stream().map(layer).toList(),
                stored.size(), Instant.ofEpochMilli(stored.lastUsedMillis()));
    }

    private long now() {
        return options.clock().millis();
    }

    @Override
    public void close() {
        http.close();
        lock.release();
    }
}
