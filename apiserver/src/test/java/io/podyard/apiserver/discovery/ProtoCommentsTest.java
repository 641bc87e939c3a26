package io.podyard.apiserver.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProtoCommentsTest {
    static Stream<Arguments> comments() {
        return Stream.of(
                Arguments.of("joined lines", "     * Number of desired pods. This is\n     * a pointer.\n",
                        "Number of desired pods. This is a pointer."),
                Arguments.of("generator tags dropped", "     * Label selector.\n     * +optional\n     * +patchStrategy=retainKeys\n",
                        "Label selector."),
                Arguments.of("paragraphs kept", "     * First.\n     *\n     * Second.\n", "First.\n\nSecond."),
                Arguments.of("indented lines on their own", "     * Example:\n     *   a: b\n     * Done.\n",
                        "Example:\n  a: b\nDone."),
                Arguments.of("nothing after ---", "     * Shown.\n     * ---\n     * Hidden.\n", "Shown."),
                Arguments.of("TODO dropped", "     * Shown.\n     * TODO: later\n", "Shown."),
                Arguments.of("javadoc escapes undone", "     * a &lt;b&gt; &amp; c&#64;d &#42;/\n", "a <b> & c@d */"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("comments")
    void formatsAsKubeOpenApiDoes(String name, String javadoc, String description) {
        assertThat(ProtoComments.format(javadoc)).isEqualTo(description);
    }
}
