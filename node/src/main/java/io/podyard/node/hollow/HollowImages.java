package io.podyard.node.hollow;

import io.podyard.node.images.Digest;
import io.podyard.node.images.GcResult;
import io.podyard.node.images.Image;
import io.podyard.node.images.ImageConfig;
import io.podyard.node.images.ImageReference;
import io.podyard.node.images.ImageService;
import io.podyard.node.images.InvalidReferenceException;
import io.podyard.node.images.Platform;
import io.podyard.node.images.PullPolicy;
import io.podyard.node.images.RegistryCredentials;
import io.podyard.node.images.RemovedImage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pretend images: every well-formed reference is an image with no layers. The first pull of a
 * reference (unless the policy is Never) takes the configured pull latency; pulled images are what
 * the node reports in its status. Nothing is downloaded or written.
 */
public final class HollowImages implements ImageService {
    private final HollowSettings settings;
    private final Clock clock;
    private final Map<String, Image> pulled = new ConcurrentHashMap<>();

    public HollowImages(HollowSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public Image pull(String reference, PullPolicy policy, RegistryCredentials credentials) {
        String name = ImageReference.parse(reference).toString();
        Image known = pulled.get(name);
        if (known != null) {
            return known;
        }
        if (policy != PullPolicy.NEVER) {
            HollowSettings.pause(settings.pullLatency());
        }
        return pulled.computeIfAbsent(name, this::image);
    }

    private Image image(String name) {
        Digest id = Digest.sha256("hollow " + name);
        ImageConfig config = new ImageConfig(List.of(), List.of("hollow"), List.of(), "", "", Set.of(), Map.of(), "",
                Platform.current());
        return new Image(id, List.of(name), List.of(), Digest.sha256("manifest " + name), config, List.of(), 0,
                clock.instant());
    }

    @Override
    public Optional<Image> find(String reference) {
        try {
            return Optional.of(pulled.computeIfAbsent(ImageReference.parse(reference).toString(), this::image));
        } catch (InvalidReferenceException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<Image> list() {
        return List.copyOf(pulled.values());
    }

    @Override
    public RemovedImage remove(String reference) {
        Image removed = pulled.remove(ImageReference.parse(reference).toString());
        return new RemovedImage(removed == null ? List.of() : removed.repoTags(),
                Optional.ofNullable(removed).map(Image::id));
    }

    @Override
    public List<Image> importArchive(Path path) {
        return List.of();
    }

    @Override
    public GcResult garbageCollect(Set<Digest> inUse, long targetBytes) {
        return new GcResult(List.of(), 0, 0);
    }

    @Override
    public long diskUsage() {
        return 0;
    }

    @Override
    public void close() {
    }
}
