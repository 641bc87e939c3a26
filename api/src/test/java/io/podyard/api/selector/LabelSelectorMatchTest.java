package io.podyard.api.selector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which label sets a parsed selector selects. */
class LabelSelectorMatchTest {
    static Stream<Arguments> cases() {
        Map<String, String> none = Map.of();
        return Stream.of(
                Arguments.of("", none, true),
                Arguments.of("", Map.of("a", "b"), true),
                Arguments.of("a=b", Map.of("a", "b"), true),
                Arguments.of("a=b", Map.of("a", "c"), false),
                Arguments.of("a=b", none, false),
                Arguments.of("a==b", Map.of("a", "b"), true),
                Arguments.of("a=", Map.of("a", ""), true),
                Arguments.of("a=", none, false),
                // Inequality and notin also select objects that lack the label.
                Arguments.of("a!=b", none, true),
                Arguments.of("a!=b", Map.of("a", "b"), false),
                Arguments.of("a!=b", Map.of("a", "c"), true),
                Arguments.of("a in (x,y)", Map.of("a", "y"), true),
                Arguments.of("a in (x,y)", Map.of("a", "z"), false),
                Arguments.of("a in (x,y)", none, false),
                Arguments.of("a in ()", Map.of("a", ""), true),
                Arguments.of("a notin (x)", none, true),
                Arguments.of("a notin (x)", Map.of("a", "x"), false),
                Arguments.of("a notin (x)", Map.of("a", "y"), true),
                Arguments.of("a", Map.of("a", ""), true),
                Arguments.of("a", none, false),
                Arguments.of("!a", none, true),
                Arguments.of("!a", Map.of("a", ""), false),
                Arguments.of("a>1", Map.of("a", "2"), true),
                Arguments.of("a>1", Map.of("a", "1"), false),
                Arguments.of("a>1", Map.of("a", "x"), false),
                Arguments.of("a>1", none, false),
                // Go's ParseInt reads ASCII digits only; Arabic-Indic two is not a number there.
                Arguments.of("a>1", Map.of("a", "\u0662"), false),
                Arguments.of("a<5", Map.of("a", "-3"), true),
                Arguments.of("a<5", Map.of("a", "5"), false),
                Arguments.of("a=b,c", Map.of("a", "b", "c", "x"), true),
                Arguments.of("a=b,c", Map.of("a", "b"), false));
    }

    @ParameterizedTest(name = "\"{0}\" on {1} -> {2}")
    @MethodSource("cases")
    void matches(String selector, Map<String, String> labels, boolean expected) {
        assertThat(LabelSelector.parse(selector).matches(labels)).isEqualTo(expected);
    }

    static Stream<Arguments> withoutLabels() {
        return Stream.of(
                Arguments.of("", true),
                Arguments.of("!a", true),
                Arguments.of("a notin (x)", true),
                Arguments.of("a", false),
                Arguments.of("a=b", false));
    }

    @ParameterizedTest(name = "\"{0}\" on null -> {1}")
    @MethodSource("withoutLabels")
    void treatsNullLabelsAsNone(String selector, boolean expected) {
        assertThat(LabelSelector.parse(selector).matches(null)).isEqualTo(expected);
    }
}
