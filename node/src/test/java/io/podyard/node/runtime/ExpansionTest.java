package io.podyard.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Cases after Kubernetes' own expansion tests. */
class ExpansionTest {
    private static final Map<String, String> VARS = Map.of("VAR_A", "A", "VAR_B", "B", "VAR_C", "C",
            "VAR_REF", "$(VAR_A)", "VAR_EMPTY", "", "VAR_SPACES", "  ");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("whole string", "$(VAR_A)", "A"),
                Arguments.of("inside text", "___$(VAR_B)___", "___B___"),
                Arguments.of("two in a row", "$(VAR_A)$(VAR_B)", "AB"),
                Arguments.of("no recursion into values", "$(VAR_REF)", "$(VAR_A)"),
                Arguments.of("empty value", "x$(VAR_EMPTY)y", "xy"),
                Arguments.of("spaces kept", "[$(VAR_SPACES)]", "[  ]"),
                Arguments.of("undefined stays", "$(VAR_DNE)", "$(VAR_DNE)"),
                Arguments.of("escaped reference", "$$(VAR_B)", "$(VAR_B)"),
                Arguments.of("escape then reference", "$$$(VAR_B)", "$B"),
                Arguments.of("many escapes", "$$$$$$(BIG_MONEY)", "$$$(BIG_MONEY)"),
                Arguments.of("odd escapes", "$$$$$$$(BIG_MONEY)", "$$$$(BIG_MONEY)"),
                Arguments.of("lone dollar", "$", "$"),
                Arguments.of("trailing dollar", "foo$", "foo$"),
                Arguments.of("double dollar", "$$", "$"),
                Arguments.of("triple dollar", "$$$", "$$"),
                Arguments.of("dollar before text", "$VAR_A", "$VAR_A"),
                Arguments.of("escaped dollar before text", "f000-$$VAR_A", "f000-$VAR_A"),
                Arguments.of("backslash is not an escape", "foo\\$(VAR_C)bar", "foo\\Cbar"),
                Arguments.of("unclosed reference", "$(VAR_A", "$(VAR_A"),
                Arguments.of("unclosed after a good one", "$(VAR_A)$(VAR_A", "A$(VAR_A"),
                Arguments.of("the first closing paren ends the name", "$(foo$(VAR_A)", "$(foo$(VAR_A)"),
                Arguments.of("empty name", "$()", "$()"),
                Arguments.of("nested parenthesis", "$((VAR_A))", "$((VAR_A))"),
                Arguments.of("dollar and close paren", "$)", "$)"),
                Arguments.of("no references", "plain text", "plain text"),
                Arguments.of("empty input", "", ""));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void expandsLikeKubernetes(String name, String input, String expected) {
        assertThat(Expansion.expand(input, VARS)).isEqualTo(expected);
    }
}
