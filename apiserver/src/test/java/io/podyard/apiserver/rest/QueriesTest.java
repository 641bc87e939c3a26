package io.podyard.apiserver.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class QueriesTest {
    static Stream<Arguments> flags() {
        return Stream.of(
                Arguments.of(null, false),
                Arguments.of("false", false),
                Arguments.of("False", false), // the Python client writes Python's booleans
                Arguments.of("FALSE", false),
                Arguments.of("0", false),
                Arguments.of("true", true),
                Arguments.of("True", true),
                Arguments.of("1", true),
                Arguments.of("", true), // ?watch= asks for a watch in Kubernetes too
                Arguments.of("yes", true));
    }

    @ParameterizedTest
    @MethodSource("flags")
    void booleanParametersConvertAsApimachineryDoes(String value, boolean expected) {
        Map<String, String> query = new HashMap<>();
        if (value != null) {
            query.put("watch", value);
        }
        assertThat(Queries.flag(query, "watch")).isEqualTo(expected);
    }
}
