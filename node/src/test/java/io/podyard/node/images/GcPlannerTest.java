package io.podyard.node.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GcPlannerTest {
    /** Content and its size: a shared base layer, and one layer per image. */
    private static final Map<String, Long> SIZES = Map.of("base", 100L, "a", 10L, "b", 20L, "c", 30L, "d", 40L);

    /** An image "name@lastUsed:content,content". */
    private static GcPlanner.Candidate image(String spec) {
        String[] nameAndRest = spec.split("@");
        String[] usedAndContent = nameAndRest[1].split(":");
        return new GcPlanner.Candidate(Digest.sha256(nameAndRest[0]), Long.parseLong(usedAndContent[0]),
                Set.of(usedAndContent[1].split(",")));
    }

    private static final List<String> IMAGES = List.of("A@4:base,a", "B@1:base,b", "C@3:c", "D@2:base,d");
    private static final long USAGE = 200; // base + a + b + c + d

    static Stream<Arguments> plans() {
        return Stream.of(
                // in use, target, removed (in order), freed
                arguments("", 200L, "", 0L),
                arguments("", 199L, "B", 20L),
                arguments("", 160L, "B,D", 60L),
                arguments("", 140L, "B,D", 60L),
                arguments("", 139L, "B,D,C", 90L),
                arguments("", 0L, "B,D,C,A", 200L),
                arguments("B", 160L, "D", 40L),
                arguments("B", 150L, "D,C", 70L),
                arguments("A", 0L, "B,D,C", 90L),
                arguments("A,B,C,D", 0L, "", 0L),
                arguments("C", 100L, "B,D,A", 170L));
    }

    @ParameterizedTest
    @MethodSource("plans")
    void removesLeastRecentlyUsedUnusedImagesUntilUnderTarget(String inUse, long target, String removed, long freed) {
        Set<Digest> using = inUse.isEmpty() ? Set.of()
                : Arrays.stream(inUse.split(",")).map(Digest::sha256).collect(Collectors.toSet());

        GcPlanner.Plan plan = GcPlanner.plan(IMAGES.stream().map(GcPlannerTest::image).toList(), SIZES, using, USAGE,
                target);

        List<Digest> expected = removed.isEmpty() ? List.of() : Arrays.stream(removed.split(",")).map(Digest::sha256).toList();
        assertThat(plan.remove()).isEqualTo(expected);
        assertThat(plan.freedBytes()).isEqualTo(freed);
    }
}
