package io.podyard.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CapabilitiesTest {
    static List<String> defaultsWith(List<String> add, List<String> remove) {
        List<String> caps = new ArrayList<>(Capabilities.DEFAULT);
        caps.addAll(add);
        caps.removeAll(remove);
        return caps;
    }

    static Stream<Arguments> cases() {
        List<String> allButChown = new ArrayList<>(Capabilities.ALL);
        allButChown.remove("CAP_CHOWN");
        return Stream.of(
                Arguments.of("nothing asked: containerd's defaults", false, null, null, Capabilities.DEFAULT),
                Arguments.of("privileged: everything", true, List.of(), List.of("ALL"), Capabilities.ALL),
                Arguments.of("add without prefix, any case", false, List.of("net_admin", "CAP_SYS_TIME"), null,
                        defaultsWith(List.of("CAP_NET_ADMIN", "CAP_SYS_TIME"), List.of())),
                Arguments.of("drop some", false, null, List.of("NET_RAW", "MKNOD"),
                        defaultsWith(List.of(), List.of("CAP_NET_RAW", "CAP_MKNOD"))),
                Arguments.of("drop ALL then add back", false, List.of("NET_BIND_SERVICE"), List.of("ALL"),
                        List.of("CAP_NET_BIND_SERVICE")),
                Arguments.of("add ALL minus a drop", false, List.of("ALL"), List.of("CHOWN"), allButChown),
                Arguments.of("adding a default again changes nothing", false, List.of("KILL"), null,
                        Capabilities.DEFAULT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void addAndDropLikeContainerd(String name, boolean privileged, List<String> add, List<String> drop,
                                  List<String> expected) {
        assertThat(Capabilities.resolve(privileged, add, drop)).isEqualTo(expected);
    }

    @Test
    void unknownCapabilityIsAConfigError() {
        assertThatThrownBy(() -> Capabilities.resolve(false, List.of("FLY"), null))
                .isInstanceOf(ContainerConfigException.class).hasMessage("unknown capability to add: CAP_FLY");
    }
}
