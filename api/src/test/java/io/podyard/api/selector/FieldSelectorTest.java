package io.podyard.api.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Parsing, printing and matching {@code ?fieldSelector=} as Kubernetes does. */
class FieldSelectorTest {
    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("", "", List.of()),
                Arguments.of(",", "", List.of()),
                Arguments.of("metadata.name=web", "metadata.name=web", List.of("metadata.name")),
                Arguments.of("metadata.name==web", "metadata.name=web", List.of("metadata.name")),
                Arguments.of("status.phase!=Running,metadata.name=web",
                        "metadata.name=web,status.phase!=Running", List.of("metadata.name", "status.phase")),
                Arguments.of("a=b,,c=d", "a=b,c=d", List.of("a", "c")),
                Arguments.of("a=1,a=2", "a=1,a=2", List.of("a")),
                Arguments.of("a=", "a=", List.of("a")),
                Arguments.of("a!=", "a!=", List.of("a")),
                Arguments.of("=x", "=x", List.of("")),
                Arguments.of("a=x\\,y", "a=x\\,y", List.of("a")),
                Arguments.of("a=x\\=y\\\\z", "a=x\\=y\\\\z", List.of("a")),
                // No trimming: the field is " a ", which the caller will reject as unsupported.
                Arguments.of(" a = b ", " a = b ", List.of(" a ")));
    }

    @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
    @MethodSource("valid")
    void parsesAndPrintsCanonically(String selector, String canonical, List<String> fields) {
        FieldSelector parsed = FieldSelector.parse(selector);

        assertThat(parsed).hasToString(canonical);
        assertThat(parsed.fields()).containsExactlyElementsOf(fields);
        assertThat(FieldSelector.parse(canonical)).hasToString(canonical);
    }

    static Stream<Arguments> matching() {
        return Stream.of(
                Arguments.of("", Map.of(), true),
                Arguments.of("metadata.name=web", Map.of("metadata.name", "web"), true),
                Arguments.of("metadata.name=web", Map.of("metadata.name", "api"), false),
                Arguments.of("metadata.name==web", Map.of("metadata.name", "web"), true),
                Arguments.of("status.phase!=Running", Map.of("status.phase", "Pending"), true),
                Arguments.of("status.phase!=Running", Map.of("status.phase", "Running"), false),
                // A missing field compares as the empty string.
                Arguments.of("spec.nodeName=", Map.of(), true),
                Arguments.of("spec.nodeName!=", Map.of(), false),
                Arguments.of("spec.nodeName!=node-1", Map.of(), true),
                Arguments.of("a=x\\,y", Map.of("a", "x,y"), true),
                Arguments.of("a=b,c!=d", Map.of("a", "b", "c", "e"), true),
                Arguments.of("a=b,c!=d", Map.of("a", "b", "c", "d"), false));
    }

    @ParameterizedTest(name = "\"{0}\" on {1} -> {2}")
    @MethodSource("matching")
    void matches(String selector, Map<String, String> fields, boolean expected) {
        assertThat(FieldSelector.parse(selector).matches(fields::get)).isEqualTo(expected);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("a", "invalid selector: 'a'; can't understand 'a'"),
                Arguments.of("a!b", "invalid selector: 'a!b'; can't understand 'a!b'"),
                Arguments.of("a=b,c", "invalid selector: 'a=b,c'; can't understand 'c'"),
                // Go prints the offending rune with %v: '=' is 61.
                Arguments.of("a=b=c", "invalid field selector: unescaped character in value: 61"),
                Arguments.of("a=b\\,c=d", "invalid field selector: unescaped character in value: 61"),
                Arguments.of("a=b\\x", "invalid field selector: invalid escape sequence: \\x"),
                Arguments.of("a=b\\", "invalid field selector: invalid escape sequence: \\"));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @MethodSource("invalid")
    void rejectsLikeKubernetes(String selector, String message) {
        assertThatThrownBy(() -> FieldSelector.parse(selector))
                .isInstanceOf(SelectorException.class)
                .hasMessage(message);
    }
}
