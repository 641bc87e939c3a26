package io.podyard.apiserver.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

class JsonTest {
    static Stream<Arguments> pairs() {
        ObjectNode asLong = Json.MAPPER.createObjectNode();
        asLong.putObject("spec").put("grace", 30L).put("ratio", 1.5);
        return Stream.of(
                Arguments.of(Json.MAPPER.readTree("{\"spec\":{\"grace\":30,\"ratio\":1.5}}"), asLong, true),
                Arguments.of(Json.MAPPER.readTree("{\"spec\":{\"ratio\":1.5,\"grace\":30}}"), asLong, true),
                Arguments.of(Json.MAPPER.readTree("{\"spec\":{\"grace\":31,\"ratio\":1.5}}"), asLong, false),
                Arguments.of(Json.MAPPER.readTree("{\"spec\":{\"grace\":\"30\",\"ratio\":1.5}}"), asLong, false),
                Arguments.of(Json.MAPPER.readTree("[1,2]"), Json.MAPPER.readTree("[2,1]"), false));
    }

    @ParameterizedTest
    @MethodSource("pairs")
    void sameJsonComparesNumbersByValue(tools.jackson.databind.JsonNode a, tools.jackson.databind.JsonNode b,
            boolean same) {
        assertThat(Json.sameJson(a, b)).isEqualTo(same);
    }
}
