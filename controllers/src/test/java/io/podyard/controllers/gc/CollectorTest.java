package io.podyard.controllers.gc;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.podyard.controllers.gc.Collector.Owner;
import io.podyard.controllers.gc.Collector.OwnerWork;
import io.podyard.controllers.gc.Collector.Propagation;
import io.podyard.controllers.gc.Collector.Verdict;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The collector's decisions for dependents and for owners being deleted. */
class CollectorTest {
    private static OwnerReference ref(String uid, boolean block) {
        return new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap").withName(uid).withUid(uid)
                .withBlockOwnerDeletion(block).build();
    }

    private static ConfigMap object(List<OwnerReference> refs, boolean deleting, String... finalizers) {
        return new ConfigMapBuilder().withNewMetadata().withName("x").withUid("x-uid")
                .withOwnerReferences(refs.isEmpty() ? null : refs)
                .withDeletionTimestamp(deleting ? "2025-01-01T00:00:00Z" : null)
                .withFinalizers(finalizers.length == 0 ? null : List.of(finalizers)).endMetadata().build();
    }

    static Stream<Arguments> dependents() {
        var a = ref("a", true);
        var b = ref("b", true);
        return Stream.of(
                Arguments.of("no owners: keep", object(List.of(), false), Map.of(), false, new Verdict.Keep()),
                Arguments.of("owner present: keep", object(List.of(a), false), Map.of("a", Owner.PRESENT), false,
                        new Verdict.Keep()),
                Arguments.of("owner absent: delete in the background", object(List.of(a), false),
                        Map.of("a", Owner.ABSENT), false, new Verdict.Delete(Propagation.BACKGROUND)),
                Arguments.of("one of two owners absent: drop its reference", object(List.of(a, b), false),
                        Map.of("a", Owner.PRESENT, "b", Owner.ABSENT), false, new Verdict.RemoveReferences(Set.of("b"))),
                Arguments.of("foreground owner, no own dependents: delete in the background",
                        object(List.of(a), false), Map.of("a", Owner.WAITING_FOR_DEPENDENTS), false,
                        new Verdict.Delete(Propagation.BACKGROUND)),
                Arguments.of("foreground owner, own dependents: delete in the foreground too",
                        object(List.of(a), false), Map.of("a", Owner.WAITING_FOR_DEPENDENTS), true,
                        new Verdict.Delete(Propagation.FOREGROUND)),
                Arguments.of("foreground owner beside a live one: drop the reference",
                        object(List.of(a, b), false), Map.of("a", Owner.WAITING_FOR_DEPENDENTS, "b", Owner.PRESENT),
                        false, new Verdict.RemoveReferences(Set.of("a"))),
                Arguments.of("absent owner, item asks to orphan its own: orphan delete",
                        object(List.of(a), false, "orphan"), Map.of("a", Owner.ABSENT), true,
                        new Verdict.Delete(Propagation.ORPHAN)),
                Arguments.of("already being deleted: keep", object(List.of(a), true), Map.of("a", Owner.ABSENT), false,
                        new Verdict.Keep()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dependents")
    void dependent(String name, ConfigMap item, Map<String, Owner> owners, boolean hasDependents, Verdict expected) {
        assertThat(Collector.dependent(item, owners, hasDependents)).isEqualTo(expected);
    }

    static Stream<Arguments> owners() {
        ConfigMap blocking = object(List.of(ref("x-uid", true)), false);
        ConfigMap nonBlocking = object(List.of(ref("x-uid", false)), false);
        ConfigMap going = object(List.of(ref("x-uid", true)), true);
        return Stream.of(
                Arguments.of("not deleting: nothing", object(List.of(), false), List.of(blocking),
                        new OwnerWork.Nothing()),
                Arguments.of("deleting without a collector finalizer: nothing", object(List.of(), true, "other"),
                        List.of(blocking), new OwnerWork.Nothing()),
                Arguments.of("orphan: take references off every dependent", object(List.of(), true, "orphan"),
                        List.of(blocking, nonBlocking), new OwnerWork.Orphan(List.of(blocking, nonBlocking))),
                Arguments.of("foreground with a blocking dependent: delete the dependents",
                        object(List.of(), true, "foregroundDeletion"), List.of(blocking, nonBlocking),
                        new OwnerWork.DeleteDependents(List.of(blocking, nonBlocking))),
                Arguments.of("foreground: dependents already going are not deleted again",
                        object(List.of(), true, "foregroundDeletion"), List.of(going),
                        new OwnerWork.DeleteDependents(List.of())),
                Arguments.of("foreground with only non-blocking dependents: release the owner",
                        object(List.of(), true, "foregroundDeletion"), List.of(nonBlocking), new OwnerWork.Release()),
                Arguments.of("foreground with no dependents: release the owner",
                        object(List.of(), true, "foregroundDeletion"), List.of(), new OwnerWork.Release()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("owners")
    void owner(String name, ConfigMap owner, List<HasMetadata> dependents, OwnerWork expected) {
        assertThat(Collector.owner(owner, dependents)).isEqualTo(expected);
    }
}
