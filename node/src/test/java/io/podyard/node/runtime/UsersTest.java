package io.podyard.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UsersTest {
    private static final Users.Database DB = Users.Database.parse("""
            root:x:0:0:root:/root:/bin/sh
            # a comment
            web:x:1000:1001:web:/var/www:/bin/sh
            broken:x:notanumber:0::/:
            """, """
            root:x:0:
            www:x:1001:
            extra:x:2000:web,other
            web:x:3000:web
            """);

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("no user: root", new Users.Request("", null, null, null, null), DB,
                        new Users.Resolved(0, 0, List.of(0L))),
                Arguments.of("name: uid and primary gid from passwd, member groups (not the same-named one)",
                        new Users.Request("web", null, null, null, null), DB,
                        new Users.Resolved(1000, 1001, List.of(1001L, 2000L))),
                Arguments.of("numeric uid known to passwd", new Users.Request("1000", null, null, null, null), DB,
                        new Users.Resolved(1000, 1001, List.of(1001L, 2000L))),
                Arguments.of("numeric uid unknown: gid 0", new Users.Request("4242", null, null, null, null), DB,
                        new Users.Resolved(4242, 0, List.of(0L))),
                Arguments.of("name:group", new Users.Request("web:extra", null, null, null, null), DB,
                        new Users.Resolved(1000, 2000, List.of(2000L))),
                Arguments.of("uid:gid numeric, no passwd needed",
                        new Users.Request("5:6", null, null, null, null), Users.Database.EMPTY,
                        new Users.Resolved(5, 6, List.of(6L))),
                Arguments.of("runAsUser wins over the image user", new Users.Request("web", 1000L, null, null, null),
                        DB, new Users.Resolved(1000, 1001, List.of(1001L, 2000L))),
                Arguments.of("runAsUser unknown to passwd: gid 0", new Users.Request("web", 7L, null, null, null), DB,
                        new Users.Resolved(7, 0, List.of(0L))),
                Arguments.of("runAsGroup replaces the gid",
                        new Users.Request("web", null, 55L, null, null), DB,
                        new Users.Resolved(1000, 55, List.of(55L, 2000L))),
                Arguments.of("supplementalGroups and fsGroup are added without duplicates",
                        new Users.Request("web", null, null, List.of(2000L, 10L), 20L), DB,
                        new Users.Resolved(1000, 1001, List.of(1001L, 2000L, 10L, 20L))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void resolvesLikeContainerd(String name, Users.Request request, Users.Database db, Users.Resolved expected) {
        assertThat(Users.resolve(request, db)).isEqualTo(expected);
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("nobody", "unable to find user nobody: no matching entries in passwd file"),
                Arguments.of("web:nogroup", "unable to find group nogroup: no matching entries in group file"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void unknownNamesAreConfigErrors(String user, String message) {
        assertThatThrownBy(() -> Users.resolve(new Users.Request(user, null, null, null, null), DB))
                .isInstanceOf(ContainerConfigException.class).hasMessage(message);
    }
}
