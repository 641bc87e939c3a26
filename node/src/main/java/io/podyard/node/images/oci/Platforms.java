package io.podyard.node.images.oci;

import io.podyard.node.images.Platform;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Chooses a node's manifest from an index, as containerd's default platform matcher does. */
public final class Platforms {
    private Platforms() {
    }

    /**
     * The manifest for {@code wanted}: os and architecture must match; among those, an exact variant
     * beats an entry that names no variant, which beats none. Ties go to the first in the index.
     */
    public static Optional<Descriptor> select(List<Descriptor> manifests, Platform wanted) {
        Platform want = normalise(wanted);
        Descriptor best = null;
        int bestScore = 0;
        for (Descriptor manifest : manifests) {
            int score = score(manifest.platform() == null ? null : normalise(manifest.platform()), want);
            if (score > bestScore) {
                best = manifest;
                bestScore = score;
            }
        }
        return Optional.ofNullable(best);
    }

    private static int score(Platform candidate, Platform want) {
        if (candidate == null || !candidate.os().equals(want.os())
                || !candidate.architecture().equals(want.architecture())) {
            return 0;
        }
        if (candidate.variant().equals(want.variant())) {
            return 3;
        }
        if (candidate.variant().isEmpty() || want.variant().isEmpty()) {
            return 2;
        }
        return 0;
    }

    /** Spellings as GOARCH has them; arm64's default variant is v8, amd64's is none. */
    public static Platform normalise(Platform platform) {
        String os = platform.os().toLowerCase(Locale.ROOT);
        String architecture = platform.architecture().toLowerCase(Locale.ROOT);
        String variant = platform.variant().toLowerCase(Locale.ROOT);
        switch (architecture) {
            case "x86_64", "x86-64", "amd64" -> {
                architecture = "amd64";
                variant = variant.equals("v1") ? "" : variant;
            }
            case "aarch64", "arm64" -> {
                architecture = "arm64";
                variant = variant.isEmpty() || variant.equals("8") ? "v8" : variant;
            }
            case "armhf" -> {
                architecture = "arm";
                variant = "v7";
            }
            case "armel" -> {
                architecture = "arm";
                variant = "v6";
            }
            case "i386", "i686" -> architecture = "386";
            default -> {
            }
        }
        return new Platform(os, architecture, variant);
    }
}
