package io.podyard.node.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ImageReferenceTest {
    private static final String HEX = "a".repeat(64);

    static Stream<Arguments> normalised() {
        return Stream.of(
                // reference, canonical, familiar, registry API host, loopback
                arguments("busybox", "docker.io/library/busybox:latest", "busybox:latest", "registry-1.docker.io", false),
                arguments("busybox:1.36", "docker.io/library/busybox:1.36", "busybox:1.36", "registry-1.docker.io", false),
                arguments("library/busybox", "docker.io/library/busybox:latest", "busybox:latest", "registry-1.docker.io", false),
                arguments("docker.io/busybox", "docker.io/library/busybox:latest", "busybox:latest", "registry-1.docker.io", false),
                arguments("index.docker.io/busybox", "docker.io/library/busybox:latest", "busybox:latest", "registry-1.docker.io", false),
                arguments("bitnami/redis:7", "docker.io/bitnami/redis:7", "bitnami/redis:7", "registry-1.docker.io", false),
                arguments("a/b/c", "docker.io/a/b/c:latest", "a/b/c:latest", "registry-1.docker.io", false),
                arguments("quay.io/coreos/etcd:v3.5", "quay.io/coreos/etcd:v3.5", "quay.io/coreos/etcd:v3.5", "quay.io", false),
                arguments("registry.k8s.io/pause:3.9", "registry.k8s.io/pause:3.9", "registry.k8s.io/pause:3.9", "registry.k8s.io", false),
                arguments("127.0.0.1:5000/busybox", "127.0.0.1:5000/busybox:latest", "127.0.0.1:5000/busybox:latest", "127.0.0.1:5000", true),
                arguments("127.0.0.1:5000/team/app:v1", "127.0.0.1:5000/team/app:v1", "127.0.0.1:5000/team/app:v1", "127.0.0.1:5000", true),
                arguments("localhost:5000/busybox:x", "localhost:5000/busybox:x", "localhost:5000/busybox:x", "localhost:5000", true),
                arguments("localhost/busybox", "localhost/busybox:latest", "localhost/busybox:latest", "localhost", true),
                arguments("127.1.2.3:80/x", "127.1.2.3:80/x:latest", "127.1.2.3:80/x:latest", "127.1.2.3:80", true),
                arguments("[::1]:5000/x", "[::1]:5000/x:latest", "[::1]:5000/x:latest", "[::1]:5000", true),
                arguments("myhost:5000/x", "myhost:5000/x:latest", "myhost:5000/x:latest", "myhost:5000", false),
                arguments("Registry/x", "Registry/x:latest", "Registry/x:latest", "Registry", false),
                arguments("busybox@sha256:" + HEX, "docker.io/library/busybox@sha256:" + HEX,
                        "busybox@sha256:" + HEX, "registry-1.docker.io", false),
                arguments("busybox:1@sha256:" + HEX, "docker.io/library/busybox:1@sha256:" + HEX,
                        "busybox:1@sha256:" + HEX, "registry-1.docker.io", false),
                arguments("a-b__c_d/f---g.h:T_a.g-1", "docker.io/a-b__c_d/f---g.h:T_a.g-1",
                        "a-b__c_d/f---g.h:T_a.g-1", "registry-1.docker.io", false));
    }

    @ParameterizedTest
    @MethodSource("normalised")
    void normalisesLikeDocker(String text, String canonical, String familiar, String host, boolean loopback) {
        ImageReference ref = ImageReference.parse(text);
        assertThat(ref.toString()).isEqualTo(canonical);
        assertThat(ref.familiar()).isEqualTo(familiar);
        assertThat(ref.registryHost()).isEqualTo(host);
        assertThat(ref.isLoopback()).isEqualTo(loopback);
        assertThat(ImageReference.parse(canonical)).isEqualTo(ref);
    }

    @ParameterizedTest
    @MethodSource("normalised")
    void digestWinsOverTagForManifestRequests(String text) {
        ImageReference ref = ImageReference.parse(text);
        String expected = ref.digest() != null ? "sha256:" + HEX : ref.tag();
        assertThat(ref.manifestReference()).isEqualTo(expected);
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                arguments("", "at least one component"),
                arguments(":latest", "at least one component"),
                arguments("Busybox", "must be lowercase"),
                arguments("quay.io/CoreOS/etcd", "must be lowercase"),
                arguments("busybox:", "invalid tag"),
                arguments("busybox:-x", "invalid tag"),
                arguments("busybox:" + "t".repeat(129), "invalid tag"),
                arguments("busybox@sha256:abc", "invalid sha256 digest"),
                arguments("busybox@md5:" + "a".repeat(32), "unsupported digest algorithm"),
                arguments("busybox@", "invalid digest"),
                arguments(HEX, "64-byte hexadecimal"),
                arguments("a//b", "invalid repository name component \"\""),
                arguments("a/b/", "invalid repository name component \"\""),
                arguments("-a/b", "invalid repository name component \"-a\""),
                arguments("a_/b", "invalid repository name component \"a_\""),
                arguments("a/b c", "invalid repository name component \"b c\""),
                arguments("a/.../b", "invalid repository name component \"...\""),
                arguments("host-.io/x", "invalid registry"),
                arguments("a_b.c/x", "invalid registry \"a_b.c\""),
                arguments("host:port/x", "invalid registry"),
                arguments("quay.io/" + "x".repeat(250), "not be more than 255"));
    }

    @ParameterizedTest
    @MethodSource("rejected")
    void rejectsBadReferencesSayingWhy(String text, String why) {
        assertThatThrownBy(() -> ImageReference.parse(text))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessageContaining("\"" + text + "\"")
                .hasMessageContaining(why);
    }
}
