package io.podyard.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NamesTest {
    // The full messages, copied from Kubernetes: clients and tests in the wild match on them.
    static final String SUBDOMAIN = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
            + "'-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
            + "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    static final String LABEL = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
            + "and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for "
            + "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    static final String DNS1035 = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start "
            + "with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', "
            + "regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
    static final String NAME_PART = "name part must consist of alphanumeric characters, '-', '_' or '.', and must "
            + "start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used "
            + "for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    static final String TOO_MANY_SLASHES = "a qualified name must consist of alphanumeric characters, '-', '_' or '.', "
            + "and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', "
            + "regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS "
            + "subdomain prefix and '/' (e.g. 'example.com/MyName')";
    static final String VALUE = "a valid label must be an empty string or consist of alphanumeric characters, '-', "
            + "'_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or "
            + "'12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    static Stream<Arguments> cases() {
        Function<String, List<String>> subdomain = Names::dns1123Subdomain;
        Function<String, List<String>> label = Names::dns1123Label;
        Function<String, List<String>> dns1035 = Names::dns1035Label;
        Function<String, List<String>> key = Names::qualifiedName;
        Function<String, List<String>> value = Names::labelValue;
        return Stream.of(
                Arguments.of("subdomain", subdomain, "example.com", List.of()),
                Arguments.of("subdomain", subdomain, "a", List.of()),
                Arguments.of("subdomain", subdomain, "1-2.x-y", List.of()),
                Arguments.of("subdomain", subdomain, "a".repeat(253), List.of()),
                Arguments.of("subdomain", subdomain, "", List.of(SUBDOMAIN)),
                Arguments.of("subdomain", subdomain, "Example.com", List.of(SUBDOMAIN)),
                Arguments.of("subdomain", subdomain, "a..b", List.of(SUBDOMAIN)),
                Arguments.of("subdomain", subdomain, "-a", List.of(SUBDOMAIN)),
                Arguments.of("subdomain", subdomain, "a.", List.of(SUBDOMAIN)),
                Arguments.of("subdomain", subdomain, "a".repeat(254), List.of("must be no more than 253 characters")),
                Arguments.of("subdomain", subdomain, "-".repeat(254),
                        List.of("must be no more than 253 characters", SUBDOMAIN)),

                Arguments.of("label", label, "my-name", List.of()),
                Arguments.of("label", label, "123", List.of()),
                Arguments.of("label", label, "a".repeat(63), List.of()),
                Arguments.of("label", label, "a".repeat(64), List.of("must be no more than 63 characters")),
                Arguments.of("label", label, "a.b", List.of("must not contain dots")),
                Arguments.of("label", label, "a_b", List.of(LABEL)),
                Arguments.of("label", label, "", List.of(LABEL)),

                Arguments.of("dns1035", dns1035, "my-service", List.of()),
                Arguments.of("dns1035", dns1035, "1abc", List.of(DNS1035)),
                Arguments.of("dns1035", dns1035, "abc-", List.of(DNS1035)),
                Arguments.of("dns1035", dns1035, "a".repeat(64), List.of("must be no more than 63 characters")),

                Arguments.of("key", key, "app", List.of()),
                Arguments.of("key", key, "My_Name.1", List.of()),
                Arguments.of("key", key, "example.com/MyName", List.of()),
                Arguments.of("key", key, "app.kubernetes.io/name", List.of()),
                Arguments.of("key", key, "", List.of("name part must be non-empty", NAME_PART)),
                Arguments.of("key", key, "a b", List.of(NAME_PART)),
                Arguments.of("key", key, "-app", List.of(NAME_PART)),
                Arguments.of("key", key, "a".repeat(64), List.of("name part must be no more than 63 characters")),
                Arguments.of("key", key, "/app", List.of("prefix part must be non-empty")),
                Arguments.of("key", key, "example.com/", List.of("name part must be non-empty", NAME_PART)),
                Arguments.of("key", key, "Example.com/app", List.of("prefix part " + SUBDOMAIN)),
                Arguments.of("key", key, "a/b/c", List.of(TOO_MANY_SLASHES)),
                // Go's len() counts bytes: 32 two-byte characters are 64 bytes, over the limit.
                Arguments.of("key", key, "é".repeat(32),
                        List.of("name part must be no more than 63 characters", NAME_PART)),

                Arguments.of("value", value, "", List.of()),
                Arguments.of("value", value, "v1.2-beta_3", List.of()),
                Arguments.of("value", value, "a".repeat(63), List.of()),
                Arguments.of("value", value, "a".repeat(64), List.of("must be no more than 63 characters")),
                Arguments.of("value", value, "-v", List.of(VALUE)),
                Arguments.of("value", value, "a/b", List.of(VALUE)));
    }

    @ParameterizedTest(name = "{0} \"{2}\"")
    @MethodSource("cases")
    void reportsKubernetesMessages(String check, Function<String, List<String>> validate, String input,
            List<String> expected) {
        assertThat(validate.apply(input)).containsExactlyElementsOf(expected);
    }
}
