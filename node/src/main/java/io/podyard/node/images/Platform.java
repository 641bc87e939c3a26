package io.podyard.node.images;

import java.util.Locale;
import java.util.Objects;

/**
 * An OS and CPU architecture (with an optional variant, e.g. {@code v8} for arm64), as image
 * indexes name them. A node pulls the manifest for its own platform from a multi-platform image.
 *
 * @param os e.g. {@code linux}
 * @param architecture GOARCH spelling, e.g. {@code amd64}, {@code arm64}
 * @param variant e.g. {@code v7}, {@code v8}, or empty when the architecture has none
 */
public record Platform(String os, String architecture, String variant) {

    public Platform {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(architecture, "architecture");
        variant = variant == null ? "" : variant;
    }

    public static Platform linux(String architecture) {
        return new Platform("linux", architecture, "");
    }

    /** The platform this JVM runs on, in GOARCH spelling. */
    public static Platform current() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux")
                ? "linux" : System.getProperty("os.name").toLowerCase(Locale.ROOT);
        return switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> new Platform(os, "amd64", "");
            case "aarch64", "arm64" -> new Platform(os, "arm64", "v8");
            case "arm" -> new Platform(os, "arm", "v7");
            case "x86", "i386", "i686" -> new Platform(os, "386", "");
            case "ppc64le" -> new Platform(os, "ppc64le", "");
            case "s390x" -> new Platform(os, "s390x", "");
            case "riscv64" -> new Platform(os, "riscv64", "");
            default -> new Platform(os, System.getProperty("os.arch"), "");
        };
    }

    /** {@code linux/amd64}, {@code linux/arm64/v8}. */
    @Override
    public String toString() {
        return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
    }
}
