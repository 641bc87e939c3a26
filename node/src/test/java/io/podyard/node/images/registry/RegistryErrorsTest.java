package io.podyard.node.images.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RegistryErrorsTest {

    static Stream<Arguments> bodies() {
        return Stream.of(
                arguments("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\",\"detail\":{\"Tag\":\"x\"}}]}",
                        "manifest unknown", List.of("MANIFEST_UNKNOWN")),
                arguments("{\"errors\":[{\"code\":\"DENIED\",\"message\":\"requested access to the resource is denied\"},"
                                + "{\"code\":\"UNAUTHORIZED\",\"message\":\"\"}]}",
                        "requested access to the resource is denied; unauthorized", List.of("DENIED", "UNAUTHORIZED")),
                arguments("{\"details\":\"incorrect username or password\"}", "incorrect username or password", List.of()),
                arguments("<html>502 Bad Gateway</html>\n", "<html>502 Bad Gateway</html>", List.of()),
                arguments("", "", List.of()));
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void takesTheRegistrysOwnWords(String body, String message, List<String> codes) {
        List<String> found = new ArrayList<>();
        assertThat(RegistryErrors.message(body, found)).isEqualTo(message);
        assertThat(found).isEqualTo(codes);
    }
}
