package io.podyard.node.images;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Set;

/**
 * How an image service is set up.
 *
 * @param root the store's directory ({@code <data-dir>/images}): blobs, snapshots, images.json
 * @param platform the platform whose manifest is pulled from multi-platform images
 * @param insecureRegistries registries ({@code host[:port]}) spoken to over plain HTTP, as
 *     {@code --insecure-registry} lists them; loopback registries always are
 * @param clock stamps images' last use (image GC removes the least recently used first)
 * @param connectTimeout for connections to registries
 * @param requestTimeout until a registry's response headers arrive
 * @param parallelDownloads layers of one image downloaded at once
 */
public record ImageServiceOptions(Path root, Platform platform, Set<String> insecureRegistries, InstantSource clock,
        Duration connectTimeout, Duration requestTimeout, int parallelDownloads) {

    public ImageServiceOptions {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(platform, "platform");
        insecureRegistries = Set.copyOf(insecureRegistries);
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (parallelDownloads < 1) {
            throw new IllegalArgumentException("parallelDownloads must be at least 1");
        }
    }

    /** This machine's platform, no insecure registries, the system clock, Docker-like timeouts and parallelism. */
    public static ImageServiceOptions defaults(Path root) {
        return new ImageServiceOptions(root, Platform.current(), Set.of(), InstantSource.system(), Duration.ofSeconds(30),
                Duration.ofMinutes(1), 3);
    }

    public ImageServiceOptions withInsecureRegistries(Set<String> registries) {
        return new ImageServiceOptions(root, platform, registries, clock, connectTimeout, requestTimeout, parallelDownloads);
    }

    public ImageServiceOptions withPlatform(Platform newPlatform) {
        return new ImageServiceOptions(root, newPlatform, insecureRegistries, clock, connectTimeout, requestTimeout,
                parallelDownloads);
    }

    public ImageServiceOptions withClock(InstantSource newClock) {
        return new ImageServiceOptions(root, platform, insecureRegistries, newClock, connectTimeout, requestTimeout,
                parallelDownloads);
    }
}
