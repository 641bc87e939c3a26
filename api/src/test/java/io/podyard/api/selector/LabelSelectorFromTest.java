package io.podyard.api.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Converting the selector field of an object, as controllers and services do. */
class LabelSelectorFromTest {
    @Test
    void nullSelectsNothing() {
        LabelSelector selector = LabelSelector.from(null);

        assertThat(selector.matches(Map.of())).isFalse();
        assertThat(selector.matches(Map.of("app", "web"))).isFalse();
        assertThat(selector).hasToString("");
    }

    @Test
    void emptySelectsEverything() {
        LabelSelector selector = LabelSelector.from(new io.fabric8.kubernetes.api.model.LabelSelector());

        assertThat(selector.matches(null)).isTrue();
        assertThat(selector.matches(Map.of("app", "web"))).isTrue();
        assertThat(LabelSelector.from(new io.fabric8.kubernetes.api.model.LabelSelector(null, null)).matches(null))
                .isTrue();
    }

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of(selector(Map.of("app", "web")), "app=web"),
                Arguments.of(selector(Map.of("tier", "fe", "app", "web")), "app=web,tier=fe"),
                Arguments.of(selector(Map.of(),
                        new LabelSelectorRequirement("d", "DoesNotExist", null),
                        new LabelSelectorRequirement("c", "Exists", List.of()),
                        new LabelSelectorRequirement("b", "NotIn", List.of("z")),
                        new LabelSelectorRequirement("a", "In", List.of("y", "x"))),
                        "a in (x,y),b notin (z),c,!d"),
                Arguments.of(selector(Map.of("app", "web"), new LabelSelectorRequirement("app", "In", List.of("web"))),
                        "app=web,app in (web)"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("valid")
    void convertsToCanonicalRequirements(io.fabric8.kubernetes.api.model.LabelSelector selector, String canonical) {
        assertThat(LabelSelector.from(selector)).hasToString(canonical);
    }

    @Test
    void matchesLikeTheParsedEquivalent() {
        LabelSelector selector = LabelSelector.from(selector(Map.of("app", "web"),
                new LabelSelectorRequirement("tier", "NotIn", List.of("db")),
                new LabelSelectorRequirement("canary", "DoesNotExist", null)));

        assertThat(selector.matches(Map.of("app", "web"))).isTrue();
        assertThat(selector.matches(Map.of("app", "web", "tier", "fe"))).isTrue();
        assertThat(selector.matches(Map.of("app", "web", "tier", "db"))).isFalse();
        assertThat(selector.matches(Map.of("app", "web", "canary", "true"))).isFalse();
        assertThat(selector.matches(Map.of("app", "api"))).isFalse();
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of(selector(Map.of(), new LabelSelectorRequirement("a", "Gt", List.of("1"))),
                        "\"Gt\" is not a valid label selector operator"),
                Arguments.of(selector(Map.of(), new LabelSelectorRequirement("a", null, null)),
                        "\"\" is not a valid label selector operator"),
                Arguments.of(selector(Map.of(), new LabelSelectorRequirement("a", "In", List.of())),
                        "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty"),
                Arguments.of(selector(Map.of(), new LabelSelectorRequirement("a", "NotIn", null)),
                        "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty"),
                Arguments.of(selector(Map.of(), new LabelSelectorRequirement("a", "Exists", List.of("x", "<y>"))),
                        "[values: Invalid value: [\"x\",\"\\u003cy\\u003e\"]: values set must be empty for exists and "
                                + "does not exist, values[1][a]: Invalid value: \"<y>\": a valid label must"),
                Arguments.of(selector(Map.of("-a", "b")), "key: Invalid value: \"-a\": name part must consist"),
                Arguments.of(selector(Map.of("a", "-b")), "values[0][a]: Invalid value: \"-b\": a valid label must"),
                Arguments.of(selector(Map.of(), new LabelSelectorRequirement(null, "In", null)),
                        "[key: Invalid value: \"\": name part must be non-empty; name part must consist"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalid")
    void rejectsLikeKubernetes(io.fabric8.kubernetes.api.model.LabelSelector selector, String message) {
        assertThatThrownBy(() -> LabelSelector.from(selector))
                .isInstanceOf(SelectorException.class)
                .hasMessageStartingWith(message);
    }

    private static io.fabric8.kubernetes.api.model.LabelSelector selector(Map<String, String> matchLabels,
            LabelSelectorRequirement... expressions) {
        return new io.fabric8.kubernetes.api.model.LabelSelector(
                new ArrayList<>(List.of(expressions)), new LinkedHashMap<>(matchLabels));
    }
}
