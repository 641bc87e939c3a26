package io.podyard.node.images.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.podyard.node.images.Digest;
import io.podyard.node.images.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlatformsTest {

    /** An index entry per platform spec ("os/arch[/variant]", "-" for no platform); the digest says which. */
    private static List<Descriptor> index(String... platforms) {
        List<Descriptor> result = new ArrayList<>();
        for (String spec : platforms) {
            Platform platform = null;
            if (!spec.equals("-")) {
                String[] p = spec.split("/");
                platform = new Platform(p[0], p[1], p.length > 2 ? p[2] : "");
            }
            result.add(new Descriptor(MediaTypes.OCI_MANIFEST, Digest.sha256(spec + result.size()), 1, platform, Map.of()));
        }
        return result;
    }

    static Stream<Arguments> choices() {
        return Stream.of(
                // wanted, index, chosen position (-1: none)
                arguments("linux/amd64", new String[] {"linux/arm64/v8", "linux/amd64"}, 1),
                arguments("linux/amd64", new String[] {"linux/amd64", "linux/amd64"}, 0),
                arguments("linux/amd64", new String[] {"linux/arm64", "linux/arm/v7"}, -1),
                arguments("linux/amd64", new String[] {"windows/amd64", "linux/amd64"}, 1),
                arguments("linux/amd64", new String[] {"-", "unknown/unknown", "linux/amd64"}, 2),
                arguments("linux/amd64", new String[] {}, -1),
                arguments("linux/amd64", new String[] {"linux/x86_64"}, 0),
                arguments("linux/amd64", new String[] {"linux/amd64/v3", "linux/amd64"}, 1),
                arguments("linux/arm64/v8", new String[] {"linux/arm64"}, 0),
                arguments("linux/arm64/v8", new String[] {"linux/aarch64"}, 0),
                arguments("linux/arm64", new String[] {"linux/arm64/v8"}, 0),
                arguments("linux/arm/v7", new String[] {"linux/arm/v6", "linux/arm", "linux/arm/v7"}, 2),
                arguments("linux/arm/v7", new String[] {"linux/arm/v6", "linux/arm"}, 1),
                arguments("linux/arm/v7", new String[] {"linux/arm/v6"}, -1),
                arguments("linux/arm", new String[] {"linux/arm/v6", "linux/arm/v7"}, 0));
    }

    @ParameterizedTest
    @MethodSource("choices")
    void picksTheNodesPlatform(String wanted, String[] platforms, int chosen) {
        String[] w = wanted.split("/");
        List<Descriptor> index = index(platforms);

        var choice = Platforms.select(index, new Platform(w[0], w[1], w.length > 2 ? w[2] : ""));

        if (chosen < 0) {
            assertThat(choice).isEmpty();
        } else {
            assertThat(choice).contains(index.get(chosen));
        }
    }
}
