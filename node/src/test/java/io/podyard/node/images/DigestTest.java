package io.podyard.node.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DigestTest {

    @Test
    void sha256OfContentIsWhatSha256sumPrints() {
        // printf 'hello' | sha256sum
        assertThat(Digest.sha256("hello").toString())
                .isEqualTo("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    }

    static Stream<Arguments> bad() {
        return Stream.of(
                arguments("sha256", "want algorithm:hex"),
                arguments(":abc", "want algorithm:hex"),
                arguments("sha256:" + "A".repeat(64), "lowercase hex"),
                arguments("sha256:" + "a".repeat(63), "want 64"),
                arguments("sha512:" + "a".repeat(64), "want 128"),
                arguments("sha256:" + "g".repeat(64), "lowercase hex"),
                arguments("blake3:" + "a".repeat(64), "unsupported digest algorithm \"blake3\""));
    }

    @ParameterizedTest
    @MethodSource("bad")
    void rejectsDigestsItCannotVerify(String text, String why) {
        assertThatThrownBy(() -> Digest.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(why);
    }

    @Test
    void roundTripsThroughItsText() {
        Digest digest = Digest.parse("sha512:" + "0f".repeat(64));
        assertThat(Digest.parse(digest.toString())).isEqualTo(digest);
        assertThat(digest.shortHex()).isEqualTo("0f0f0f0f0f0f");
    }
}
