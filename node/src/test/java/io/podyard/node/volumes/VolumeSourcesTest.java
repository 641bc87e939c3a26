package io.podyard.node.volumes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.podyard.node.volumes.VolumeSources.Kind;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VolumeSourcesTest {
    private static final Pod POD = new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec()
            .addNewVolume().withName("cm").withNewConfigMap().withName("settings").endConfigMap().endVolume()
            .addNewVolume().withName("sec").withNewSecret().withSecretName("creds").endSecret().endVolume()
            .addNewVolume().withName("all").withNewProjected()
            .addNewSource().withNewConfigMap().withName("projected-cm").endConfigMap().endSource()
            .addNewSource().withNewSecret().withName("projected-secret").endSecret().endSource()
            .endProjected().endVolume()
            .addNewVolume().withName("scratch").withNewEmptyDir().endEmptyDir().endVolume()
            .endSpec().build();

    static Stream<Arguments> references() {
        return Stream.of(
                Arguments.of(Kind.CONFIG_MAP, "settings", true),
                Arguments.of(Kind.SECRET, "settings", false),
                Arguments.of(Kind.SECRET, "creds", true),
                Arguments.of(Kind.CONFIG_MAP, "creds", false),
                Arguments.of(Kind.CONFIG_MAP, "projected-cm", true),
                Arguments.of(Kind.SECRET, "projected-secret", true),
                Arguments.of(Kind.CONFIG_MAP, "projected-secret", false),
                Arguments.of(Kind.CONFIG_MAP, "other", false));
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @MethodSource("references")
    void findsThePodsThatShowAnObject(Kind kind, String name, boolean expected) {
        assertThat(VolumeSources.references(POD, kind, name)).isEqualTo(expected);
    }

    static Stream<Arguments> metadata() {
        return Stream.of(
                Arguments.of(POD, false),
                Arguments.of(new PodBuilder(POD).editSpec().addNewVolume().withName("info").withNewDownwardAPI()
                        .endDownwardAPI().endVolume().endSpec().build(), true),
                Arguments.of(new PodBuilder(POD).editSpec().addNewVolume().withName("p2").withNewProjected()
                        .addNewSource().withNewDownwardAPI().endDownwardAPI().endSource().endProjected().endVolume()
                        .endSpec().build(), true));
    }

    @ParameterizedTest
    @MethodSource("metadata")
    void knowsWhetherAPodShowsItsOwnMetadata(Pod pod, boolean expected) {
        assertThat(VolumeSources.showsMetadata(pod)).isEqualTo(expected);
    }

    private static Pod withTokens(Long... lifetimes) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec()
                .addNewVolume().withName("scratch").withNewEmptyDir().endEmptyDir().endVolume().endSpec();
        for (Long lifetime : lifetimes) {
            pod.editSpec().addNewVolume().withName("t" + lifetime).withNewProjected().addNewSource()
                    .withNewServiceAccountToken().withPath("token").withExpirationSeconds(lifetime)
                    .endServiceAccountToken().endSource().endProjected().endVolume().endSpec();
        }
        return pod.build();
    }

    static Stream<Arguments> tokens() {
        return Stream.of(
                // token lifetimes in the pod's volumes (null: not given), the one that counts, seconds to refresh
                Arguments.of(new Long[] {}, null, null),
                Arguments.of(new Long[] {600L}, 600L, 480L),
                Arguments.of(new Long[] {3607L, 600L}, 600L, 480L),
                Arguments.of(new Long[] {null}, 3600L, 2880L),
                Arguments.of(new Long[] {7L * 24 * 3600}, 7L * 24 * 3600, 24L * 3600));
    }

    @ParameterizedTest(name = "{0}: refresh after {2} s")
    @MethodSource("tokens")
    void tokensAreRefreshedAtFourFifthsOfTheirLifetimeAndDaily(Long[] lifetimes, Long lifetime, Long refreshAfter) {
        java.util.OptionalLong found = VolumeSources.tokenLifetime(withTokens(lifetimes));
        assertThat(found.isPresent() ? found.getAsLong() : null).isEqualTo(lifetime);
        if (lifetime != null) {
            java.time.Instant written = java.time.Instant.parse("2026-01-01T00:00:00Z");
            assertThat(VolumeSources.tokenRefreshAt(written, lifetime)).isEqualTo(written.plusSeconds(refreshAfter));
        }
    }
}
