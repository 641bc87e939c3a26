package io.podyard.api.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What Kubernetes accepts in {@code ?labelSelector=}, and the canonical text it prints back. */
class LabelSelectorParseTest {
    static final String VALUE_RULE = "a valid label must be an empty string or consist of alphanumeric characters, "
            + "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
            + "'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
    static final String NAME_RULE = "name part must consist of alphanumeric characters, '-', '_' or '.', and must "
            + "start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used "
            + "for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("", ""),
                Arguments.of(" \t\n", ""),
                Arguments.of("a=b", "a=b"),
                Arguments.of("a==b", "a==b"),
                Arguments.of("a!=b", "a!=b"),
                Arguments.of("a in (y,x)", "a in (x,y)"),
                Arguments.of("a notin (x)", "a notin (x)"),
                Arguments.of("a", "a"),
                Arguments.of("!a", "!a"),
                Arguments.of("a>1", "a>1"),
                Arguments.of("a<5", "a<5"),
                Arguments.of("a>007", "a>007"),
                Arguments.of("b=1,a=2", "a=2,b=1"),
                Arguments.of("a=1,a=2", "a=1,a=2"),
                Arguments.of(" a = b , c in ( x , y ) ", "a=b,c in (x,y)"),
                Arguments.of("a\tin\r\n(x)", "a in (x)"),
                Arguments.of("a in(x)", "a in (x)"),
                Arguments.of("example.com/app=web", "example.com/app=web"),
                Arguments.of("a=", "a="),
                Arguments.of("a=,b", "a=,b"),
                Arguments.of("a in ()", "a in ()"),
                Arguments.of("a in (,x)", "a in (,x)"),
                Arguments.of("a in (x,)", "a in (,x)"),
                Arguments.of("a in (x,x)", "a in (x)"),
                Arguments.of("x in (foo,,baz),y,z notin ()", "x in (,baz,foo),y,z notin ()"),
                // "in" and "notin" are keywords only where an operator may stand.
                Arguments.of("in in (in,notin)", "in in (in,notin)"),
                Arguments.of("notin", "notin"));
    }

    @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
    @MethodSource("valid")
    void parsesAndPrintsCanonically(String selector, String canonical) {
        assertThat(LabelSelector.parse(selector)).hasToString(canonical);
        assertThat(LabelSelector.parse(canonical)).hasToString(canonical);
    }

    static Stream<Arguments> invalid() {
        String requirement = "unable to parse requirement: ";
        return Stream.of(
                Arguments.of(",", "found ',', expected: !, identifier, or 'end of string'"),
                Arguments.of("!=a", "found '!=', expected: !, identifier, or 'end of string'"),
                Arguments.of("a,", "found '', expected: identifier after ','"),
                Arguments.of("a,,b", "found ',', expected: identifier after ','"),
                Arguments.of("a=b=c", "found '=', expected: ',' or 'end of string'"),
                Arguments.of("!a=b", "found '=', expected: ',' or 'end of string'"),
                Arguments.of("a b", requirement + "found 'b', expected: in, notin, =, ==, !=, gt, lt"),
                Arguments.of("a in", requirement + "found '' expected: '('"),
                Arguments.of("a in x", requirement + "found 'x' expected: '('"),
                Arguments.of("a in (x", requirement + "found '', expected: ',' or ')'"),
                Arguments.of("a in (x y)", requirement + "found 'y', expected: ',' or ')'"),
                Arguments.of("a in (=)", requirement + "found '=', expected: ',', ')' or identifier"),
                // Kubernetes' list parser consumes the token after ",," without looking at it first.
                Arguments.of("a in (x,,)", requirement + "found ')', expected: ',', or identifier"),
                Arguments.of("a=(", requirement + "found '(', expected: identifier"),
                Arguments.of("!", requirement + "found '', expected: identifier"),
                Arguments.of("a>b", requirement
                        + "values[0]: Invalid value: \"b\": for 'Gt', 'Lt' operators, the value must be an integer"),
                Arguments.of("a>1.5", requirement
                        + "values[0]: Invalid value: \"1.5\": for 'Gt', 'Lt' operators, the value must be an integer"),
                Arguments.of("a>", requirement
                        + "values[0]: Invalid value: \"\": for 'Gt', 'Lt' operators, the value must be an integer"),
                Arguments.of("a>-1", requirement + "values[0][a]: Invalid value: \"-1\": " + VALUE_RULE),
                Arguments.of("a>-x", requirement + "[values[0]: Invalid value: \"-x\": for 'Gt', 'Lt' operators, "
                        + "the value must be an integer, values[0][a]: Invalid value: \"-x\": " + VALUE_RULE + "]"),
                Arguments.of("a=-b", requirement + "values[0][a]: Invalid value: \"-b\": " + VALUE_RULE),
                // Kubernetes sorts a value set before checking it, so the index is the sorted position.
                Arguments.of("a in (ok,-b)", requirement + "values[0][a]: Invalid value: \"-b\": " + VALUE_RULE),
                Arguments.of("a=" + "v".repeat(64), requirement + "values[0][a]: Invalid value: \"" + "v".repeat(64)
                        + "\": must be no more than 63 characters"),
                // The parser checks keys before building the requirement, without a field path.
                Arguments.of("-a", requirement + "<nil>: Invalid value: \"-a\": " + NAME_RULE),
                Arguments.of("a\"b", requirement + "<nil>: Invalid value: \"a\\\"b\": " + NAME_RULE),
                Arguments.of("/a", requirement + "<nil>: Invalid value: \"/a\": prefix part must be non-empty"),
                Arguments.of("a/b/c=d", requirement + "<nil>: Invalid value: \"a/b/c\": a qualified name must consist"));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @MethodSource("invalid")
    void rejectsLikeKubernetes(String selector, String message) {
        assertThatThrownBy(() -> LabelSelector.parse(selector))
                .isInstanceOf(SelectorException.class)
                .hasMessageStartingWith(message);
    }
}
