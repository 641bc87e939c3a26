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
}
