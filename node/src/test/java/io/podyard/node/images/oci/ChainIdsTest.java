package io.podyard.node.images.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.podyard.node.images.Digest;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainIdsTest {
    @Test
    void chainsEachDiffIdOntoTheOnesBelow() {
        Digest a = Digest.sha256("a");
        Digest b = Digest.sha256("b");

        // printf "sha256:$(printf a | sha256sum) sha256:$(printf b | sha256sum)" | sha256sum
        assertThat(ChainIds.of(List.of(a, b))).containsExactly(a,
                Digest.parse("sha256:51c0c8ace48498d6f5fee6b0592cc06f2da0f3cbe09c5a34a97dce85c3889676"));
        assertThat(ChainIds.of(List.of())).isEmpty();
    }
}
