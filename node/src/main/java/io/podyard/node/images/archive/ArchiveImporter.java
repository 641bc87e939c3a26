package io.podyard.node.images.archive;

import io.podyard.node.images.Digest;
import io.podyard.node.images.ImageReference;
import io.podyard.node.images.InvalidContentException;
import io.podyard.node.images.InvalidReferenceException;
import io.podyard.node.images.Platform;
import io.podyard.node.images.content.ContentStore;
import io.podyard.node.images.oci.ConfigDocument;
import io.podyard.node.images.oci.Descriptor;
import io.podyard.node.images.oci.Document;
import io.podyard.node.images.oci.Documents;
import io.podyard.node.images.oci.MediaTypes;
import io.podyard.node.images.oci.Platforms;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Copies the images of an archive into the content store and says what it found: for each image a
 * manifest or index digest (now in the store, with everything this node's platform needs below it)
 * and the names the archive gives it. Formats:
 *
 * <ul>
 *   <li>OCI layout directory or OCI archive: {@code oci-layout}, {@code index.json},
 *       {@code blobs/<alg>/<hex>}; names from {@code io.containerd.image.name} or a full reference in
 *       {@code org.opencontainers.image.ref.name} (a bare tag names no repository, so no image).
 *   <li>docker-archive: {@code manifest.json} listing config and layer files with their RepoTags; a
 *       Docker schema2 manifest is written for each image.
 * </ul>
 * A gzip-compressed archive is decompressed to a temporary file first, since reading blobs the
 * store has would otherwise mean reading past them.
 */
public final class ArchiveImporter {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long MAX_INDEX_BYTES = Documents.MAX_MANIFEST_BYTES;

    /** An image the archive holds: its manifest or index, now in the store, and its names (canonical). */
    public record Loaded(Digest digest, String mediaType, List<String> names) {
        public Loaded {
            names = List.copyOf(names);
        }
    }

    private final ContentStore content;
    private final Platform platform;

    public ArchiveImporter(ContentStore content, Platform platform) {
        this.content = content;
        this.platform = platform;
    }

    public List<Loaded> load(Path path) {
        try {
            if (Files.isDirectory(path)) {
                try (ArchiveFiles files = new ArchiveFiles.Directory(path)) {
                    if (files.size("oci-layout").isEmpty() || files.size("index.json").isEmpty()) {
                        throw new InvalidContentException(path + " is a directory but not an OCI image layout"
                                + " (it needs oci-layout and index.json)");
                    }
                    return loadOci(files);
                }
            }
            if (!Files.isRegularFile(path)) {
                throw new InvalidContentException(path + " does not exist");
            }
            if (isGzip(path)) {
                Path plain = Files.createTempFile("podyard-import", ".tar");
                try {
                    try (InputStream in = new GZIPInputStream(Files.newInputStream(path), 128 * 1024);
                            OutputStream out = Files.newOutputStream(plain)) {
                        in.transferTo(out);
                    }
                    return loadTar(path, plain);
                } finally {
                    Files.deleteIfExists(plain);
                }
            }
            return loadTar(path, path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot import " + path + ": " + e.getMessage(), e);
        }
    }

    private List<Loaded> loadTar(Path named, Path tar) throws IOException {
        byte[] header;
        try (InputStream in = Files.newInputStream(tar)) {
            header = in.readNBytes(512);
        }
        if (!TarArchiveInputStream.matches(header, header.length)) {
            throw new InvalidContentException(named + " is not a tar archive");
        }
        ArchiveFiles.Tar files;
        try {
            files = new ArchiveFiles.Tar(tar);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidContentException(named + " is not a tar archive: " + e.getMessage(), e);
        }
        try (files) {
            if (files.size("oci-layout").isPresent() && files.size("index.json").isPresent()) {
                return loadOci(files);
            }
            if (files.size("manifest.json").isPresent()) {
                return loadDocker(files);
            }
            throw new InvalidContentException(named + " is neither an OCI archive (oci-layout, index.json) nor a"
                    + " docker-archive (manifest.json)");
        }
    }

    private List<Loaded> loadOci(ArchiveFiles files) throws IOException {
        byte[] indexBytes = files.read("index.json", MAX_INDEX_BYTES);
        Document document = Documents.parse(Digest.sha256(indexBytes), indexBytes, MediaTypes.OCI_INDEX);
        if (!(document instanceof Document.Index index)) {
            throw new InvalidContentException("the archive's index.json is not an image index");
        }
        List<Loaded> loaded = new ArrayList<>();
        for (Descriptor descriptor : index.manifests()) {
            copyTree(files, descriptor, 0);
            loaded.add(new Loaded(descriptor.digest(), descriptor.mediaType(), ociNames(descriptor)));
        }
        return loaded;
    }

    private void copyTree(ArchiveFiles files, Descriptor descriptor, int depth) throws IOException {
        copyBlob(files, descriptor);
        byte[] bytes = content.read(descriptor.digest(), Documents.MAX_MANIFEST_BYTES);
        switch (Documents.parse(descriptor.digest(), bytes, descriptor.mediaType())) {
            case Document.Index index -> {
                if (depth > 0) {
                    throw new InvalidContentException("the archive nests image indexes (" + descriptor.digest()
                            + "), which is not supported");
                }
                Descriptor chosen = Platforms.select(index.manifests(), platform).orElseThrow(() ->
                        new InvalidContentException("the archive has no image for " + platform + " in index "
                                + descriptor.digest()));
                copyTree(files, chosen, depth + 1);
            }
            case Document.Manifest manifest -> {
                copyBlob(files, manifest.config());
                for (Descriptor layer : manifest.layers()) {
                    copyBlob(files, layer);
                }
            }
        }
    }

    private void copyBlob(ArchiveFiles files, Descriptor blob) {
        if (content.contains(blob.digest())) {
            return;
        }
        String path = "blobs/" + blob.digest().algorithm() + "/" + blob.digest().hex();
        if (files.size(path).isEmpty()) {
            throw new InvalidContentException("the archive lacks blob " + blob.digest());
        }
        content.ingest(blob.digest(), blob.size(), () -> files.open(path));
    }

    private static List<String> ociNames(Descriptor descriptor) {
        Optional<String> name = descriptor.annotation(Descriptor.CONTAINERD_IMAGE_NAME)
                .or(() -> descriptor.annotation(Descriptor.REF_NAME).filter(n -> n.contains(":") || n.contains("/")));
        return name.flatMap(ArchiveImporter::canonical).map(List::of).orElse(List.of());
    }

    private List<Loaded> loadDocker(ArchiveFiles files) throws IOException {
        JsonNode manifests;
        try {
            manifests = JSON.readTree(files.read("manifest.json", MAX_INDEX_BYTES));
        } catch (JacksonException e) {
            throw new InvalidContentException("the archive's manifest.json is not valid JSON: " + e.getOriginalMessage());
        }
        if (!manifests.isArray()) {
            throw new InvalidContentException("the archive's manifest.json is not a list of images");
        }
        List<Loaded> loaded = new ArrayList<>();
        for (JsonNode item : manifests) {
            loaded.add(loadDockerImage(files, item));
        }
        return loaded;
    }

    private Loaded loadDockerImage(ArchiveFiles files, JsonNode item) throws IOException {
        String configPath = item.path("Config").asString("");
        byte[] configBytes = files.read(configPath, ConfigDocument.MAX_BYTES);
        Digest configDigest = content.put(configBytes);
        ConfigDocument config = ConfigDocument.parse(configDigest, configBytes);
        JsonNode layerPaths = item.path("Layers");
        if (!layerPaths.isArray() || layerPaths.size() != config.diffIds().size()) {
            throw new InvalidContentException("the archive's manifest.json lists " + layerPaths.size() + " layers for "
                    + configPath + ", whose config has " + config.diffIds().size());
        }
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MediaTypes.DOCKER_MANIFEST);
        manifest.set("config", descriptor(MediaTypes.DOCKER_CONFIG, configDigest, configBytes.length));
        ArrayNode layers = manifest.putArray("layers");
        for (int i = 0; i < layerPaths.size(); i++) {
            String path = layerPaths.get(i).asString("");
            long size = files.size(path).orElseThrow(() -> new InvalidContentException("the archive has no " + path));
            boolean gzip;
            try (InputStream in = files.open(path)) {
                byte[] magic = in.readNBytes(2);
                gzip = magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
            }
            Digest digest = gzip ? digestOf(files, path) : config.diffIds().get(i);
            content.ingest(digest, size, () -> files.open(path));
            layers.add(descriptor(gzip ? MediaTypes.DOCKER_LAYER_GZIP : MediaTypes.DOCKER_LAYER, digest, size));
        }
        Digest manifestDigest = content.put(JSON.writeValueAsBytes(manifest));
        List<String> names = new ArrayList<>();
        for (JsonNode tag : item.path("RepoTags")) {
            canonical(tag.asString("")).ifPresent(names::add);
        }
        return new Loaded(manifestDigest, MediaTypes.DOCKER_MANIFEST, names);
    }

    /** A compressed layer's digest is not in the config: read it once to learn it (nothing is copied). */
    private Digest digestOf(ArchiveFiles files, String path) throws IOException {
        MessageDigest hasher = Digest.sha256Hasher();
        try (InputStream in = new DigestInputStream(new BufferedInputStream(files.open(path)), hasher)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return Digest.of(hasher);
    }

    private static ObjectNode descriptor(String mediaType, Digest digest, long size) {
        ObjectNode node = JSON.createObjectNode();
        node.put("mediaType", mediaType);
        node.put("size", size);
        node.put("digest", digest.toString());
        return node;
    }

    private static Optional<String> canonical(String name) {
        try {
            return Optional.of(ImageReference.parse(name).toString());
        } catch (InvalidReferenceException e) {
            return Optional.empty();
        }
    }

    private static boolean isGzip(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] magic = in.readNBytes(2);
            return magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
        }
    }
}
