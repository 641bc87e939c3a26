package io.podyard.node.images.oci;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.podyard.node.images.Digest;
import io.podyard.node.images.InvalidContentException;
import io.podyard.node.images.Platform;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DocumentsTest {
    private static final String D1 = Digest.sha256("1").toString();
    private static final String D2 = Digest.sha256("2").toString();

    private static String manifest(String mediaTypeField, String configType, String layerType) {
        return """
                {"schemaVersion":2,%s
                 "config":{"mediaType":"%s","digest":"%s","size":7},
                 "layers":[{"mediaType":"%s","digest":"%s","size":9}]}"""
                .formatted(mediaTypeField == null ? "" : "\"mediaType\":\"" + mediaTypeField + "\",",
                        configType, D1, layerType, D2);
    }

    private static String index(String mediaTypeField) {
        return """
                {"schemaVersion":2,%s
                 "manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":3,
                   "platform":{"os":"linux","architecture":"arm64","variant":"v8"},
                   "annotations":{"org.opencontainers.image.ref.name":"1.0"}}]}"""
                .formatted(mediaTypeField == null ? "" : "\"mediaType\":\"" + mediaTypeField + "\",", D1);
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                // body, Content-Type, kind expected
                arguments(manifest(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_CONFIG, MediaTypes.OCI_LAYER_GZIP), null,
                        MediaTypes.OCI_MANIFEST),
                arguments(manifest(null, MediaTypes.OCI_CONFIG, MediaTypes.OCI_LAYER), MediaTypes.OCI_MANIFEST,
                        MediaTypes.OCI_MANIFEST),
                arguments(manifest(null, MediaTypes.OCI_CONFIG, MediaTypes.OCI_LAYER_ZSTD), null, MediaTypes.OCI_MANIFEST),
                arguments(manifest(MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_CONFIG, MediaTypes.DOCKER_LAYER_GZIP),
                        "application/json", MediaTypes.DOCKER_MANIFEST),
                arguments(manifest(null, MediaTypes.DOCKER_CONFIG, MediaTypes.DOCKER_LAYER_FOREIGN_GZIP),
                        MediaTypes.DOCKER_MANIFEST + "; charset=utf-8", MediaTypes.DOCKER_MANIFEST),
                arguments(index(MediaTypes.OCI_INDEX), null, MediaTypes.OCI_INDEX),
                arguments(index(null), null, MediaTypes.OCI_INDEX),
                arguments(index(null), MediaTypes.DOCKER_MANIFEST_LIST, MediaTypes.DOCKER_MANIFEST_LIST),
                arguments(index(MediaTypes.DOCKER_MANIFEST_LIST), MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST_LIST));
    }

    @ParameterizedTest
    @MethodSource("accepted")
    void parsesOciAndDockerManifestsAndIndexes(String body, String contentType, String kind) {
        Document document = Documents.parse(Digest.sha256(body), body.getBytes(UTF_8), contentType);

        assertThat(document.mediaType()).isEqualTo(kind);
        switch (document) {
            case Document.Manifest m -> {
                assertThat(m.config().digest().toString()).isEqualTo(D1);
                assertThat(m.config().size()).isEqualTo(7);
                assertThat(m.layers()).extracting(Descriptor::digest).containsExactly(Digest.parse(D2));
            }
            case Document.Index i -> {
                Descriptor only = i.manifests().getFirst();
                assertThat(only.platform()).isEqualTo(new Platform("linux", "arm64", "v8"));
                assertThat(only.annotation(Descriptor.REF_NAME)).contains("1.0");
            }
        }
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                arguments("not json", "is not valid JSON"),
                arguments("[]", "is not a JSON object"),
                arguments("{\"schemaVersion\":1,\"fsLayers\":[]}", "schema 1 manifest, which is not supported"),
                arguments("{\"mediaType\":\"" + MediaTypes.DOCKER_SCHEMA1_SIGNED + "\"}", "schema 1"),
                arguments("{\"mediaType\":\"text/html\",\"config\":{}}", "media type \"text/html\", which is neither"),
                arguments("{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"layers\":[]}", "has no config"),
                arguments(manifest(null, MediaTypes.OCI_CONFIG, "application/vnd.example.secret+tar"),
                        "of media type \"application/vnd.example.secret+tar\", which this node cannot unpack"),
                arguments(manifest(null, MediaTypes.OCI_CONFIG, MediaTypes.OCI_LAYER).replace(D2, "sha256:beef"),
                        "invalid sha256 digest"),
                arguments(manifest(null, MediaTypes.OCI_CONFIG, MediaTypes.OCI_LAYER).replace("\"size\":9", "\"size\":-1"),
                        "has no valid size"),
                arguments("{\"manifests\":{}}", "expected an array of descriptors"));
    }

    @ParameterizedTest
    @MethodSource("rejected")
    void rejectsWhatItCannotPullSayingWhy(String body, String why) {
        Digest digest = Digest.sha256(body);
        assertThatThrownBy(() -> Documents.parse(digest, body.getBytes(UTF_8), null))
                .isInstanceOf(InvalidContentException.class)
                .hasMessageContaining("manifest " + digest)
                .hasMessageContaining(why);
    }

    @Test
    void readsTheRuntimePartsOfAnImageConfig() {
        String body = """
                {"architecture":"amd64","os":"linux",
                 "config":{"User":"1000:1000","ExposedPorts":{"80/tcp":{},"53/udp":{}},"Env":["PATH=/bin","A=b"],
                   "Entrypoint":["/bin/httpd"],"Cmd":null,"WorkingDir":"/www","Labels":{"k":"v"},"StopSignal":"SIGQUIT"},
                 "rootfs":{"type":"layers","diff_ids":["%s","%s"]},
                 "history":[{"created_by":"x"}]}""".formatted(D1, D2);

        ConfigDocument parsed = ConfigDocument.parse(Digest.sha256(body), body.getBytes(UTF_8));

        var config = parsed.config();
        assertThat(config.entrypoint()).containsExactly("/bin/httpd");
        assertThat(config.cmd()).isEmpty();
        assertThat(config.env()).containsExactly("PATH=/bin", "A=b");
        assertThat(config.workingDir()).isEqualTo("/www");
        assertThat(config.user()).isEqualTo("1000:1000");
        assertThat(config.exposedPorts()).isEqualTo(Set.of("80/tcp", "53/udp"));
        assertThat(config.labels()).isEqualTo(Map.of("k", "v"));
        assertThat(config.stopSignal()).isEqualTo("SIGQUIT");
        assertThat(config.platform()).isEqualTo(Platform.linux("amd64"));
        assertThat(parsed.diffIds()).isEqualTo(List.of(Digest.parse(D1), Digest.parse(D2)));
    }

    @Test
    void aConfigWithoutLayersRootfsIsRejected() {
        byte[] body = "{\"os\":\"linux\",\"config\":{}}".getBytes(UTF_8);
        assertThatThrownBy(() -> ConfigDocument.parse(Digest.sha256(body), body))
                .isInstanceOf(InvalidContentException.class).hasMessageContaining("no rootfs of type \"layers\"");
    }
}
