package io.podyard.apiserver.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class QosClassTest {
    static Stream<Arguments> pods() {
        return Stream.of(
                Arguments.of("{\"containers\":[{\"name\":\"a\"}]}", "BestEffort"),
                Arguments.of("{\"containers\":[{\"resources\":{\"limits\":{\"cpu\":\"1\",\"memory\":\"1Gi\"}}}]}", "Guaranteed"),
                Arguments.of("{\"containers\":[{\"resources\":{\"limits\":{\"cpu\":\"1\",\"memory\":\"1Gi\"},"
                        + "\"requests\":{\"cpu\":\"1\",\"memory\":\"1Gi\"}}}]}", "Guaranteed"),
                Arguments.of("{\"containers\":[{\"resources\":{\"limits\":{\"cpu\":\"1\",\"memory\":\"1Gi\"},"
                        + "\"requests\":{\"cpu\":\"500m\"}}}]}", "Burstable"),
                Arguments.of("{\"containers\":[{\"resources\":{\"requests\":{\"memory\":\"1Gi\"}}}]}", "Burstable"),
                Arguments.of("{\"containers\":[{\"resources\":{\"limits\":{\"cpu\":\"1\",\"memory\":\"1Gi\"}}},{\"name\":\"b\"}]}",
                        "Burstable"));
    }

    @ParameterizedTest
    @MethodSource("pods")
    void classifiesLikeKubernetes(String spec, String expected) {
        assertThat(QosClass.of(Json.MAPPER.readTree(spec))).isEqualTo(expected);
    }
}
