package io.podyard.controllers.nodelifecycle;

import static io.podyard.controllers.nodelifecycle.NodeTaints.NOT_READY;
import static io.podyard.controllers.nodelifecycle.NodeTaints.NO_EXECUTE;
import static io.podyard.controllers.nodelifecycle.NodeTaints.UNREACHABLE;
import static io.podyard.controllers.nodelifecycle.TestNodes.T0;
import static io.podyard.controllers.nodelifecycle.TestNodes.taint;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.podyard.controllers.nodelifecycle.TaintEviction.Verdict;
import io.podyard.client.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** When a pod leaves a NoExecute-tainted node: tolerations, their seconds, the defaults, timeAdded. */
class TaintEvictionTest {
    private static final Duration DEFAULT = Duration.ofSeconds(300);
    /** Taints added at T0 (the controller's taints carry timeAdded). */
    private static final Taint UNREACHABLE_AT_T0 = taint(UNREACHABLE, NO_EXECUTE, T0.toString());
    private static final Taint NOT_READY_AT_T0 = taint(NOT_READY, NO_EXECUTE, T0.toString());
    private static final Taint GPU = taint("gpu", NO_EXECUTE, T0.plusSeconds(100).toString());

    private static Toleration tolerate(String key, String effect, Long seconds) {
        return new TolerationBuilder().withKey(key).withOperator("Exists").withEffect(effect)
                .withTolerationSeconds(seconds).build();
    }

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("no NoExecute taints: stay", List.of(), List.of(), 1000, new Verdict.Stay()),
                Arguments.of("unreachable without own toleration: the default 300 s", List.of(),
                        List.of(UNREACHABLE_AT_T0), 10, new Verdict.EvictAt(at(300))),
                Arguments.of("... and out once they pass", List.of(), List.of(UNREACHABLE_AT_T0), 300,
                        new Verdict.EvictNow()),
                Arguments.of("own toleration of 30 s replaces the default", List.of(tolerate(UNREACHABLE, NO_EXECUTE, 30L)),
                        List.of(UNREACHABLE_AT_T0), 10, new Verdict.EvictAt(at(30))),
                Arguments.of("own toleration without seconds: forever", List.of(tolerate(UNREACHABLE, NO_EXECUTE, null)),
                        List.of(UNREACHABLE_AT_T0), 100_000, new Verdict.Stay()),
                Arguments.of("tolerate-everything (empty key, Exists) stays", List.of(tolerate(null, null, null)),
                        List.of(UNREACHABLE_AT_T0, GPU), 100_000, new Verdict.Stay()),
                Arguments.of("NoSchedule toleration does not cover NoExecute: default applies",
                        List.of(tolerate(UNREACHABLE, "NoSchedule", null)), List.of(UNREACHABLE_AT_T0), 10,
                        new Verdict.EvictAt(at(300))),
                Arguments.of("an untolerated taint evicts at once", List.of(), List.of(GPU), 0, new Verdict.EvictNow()),
                Arguments.of("the earliest toleration wins, each from its own taint's timeAdded",
                        List.of(tolerate("gpu", NO_EXECUTE, 50L)), List.of(UNREACHABLE_AT_T0, GPU), 10,
                        new Verdict.EvictAt(at(150))),
                Arguments.of("zero seconds evicts at once", List.of(tolerate(NOT_READY, NO_EXECUTE, 0L)),
                        List.of(NOT_READY_AT_T0), 0, new Verdict.EvictNow()),
                Arguments.of("negative seconds count as zero", List.of(tolerate(NOT_READY, NO_EXECUTE, -5L)),
                        List.of(NOT_READY_AT_T0), 0, new Verdict.EvictNow()),
                Arguments.of("the first matching toleration decides", List.of(tolerate(UNREACHABLE, NO_EXECUTE, 20L),
                        tolerate(UNREACHABLE, NO_EXECUTE, null)), List.of(UNREACHABLE_AT_T0), 0,
                        new Verdict.EvictAt(at(20))),
                Arguments.of("Equal must match the value", List.of(new TolerationBuilder().withKey("gpu")
                        .withOperator("Equal").withValue("a100").withEffect(NO_EXECUTE).build()),
                        List.of(GPU), 0, new Verdict.EvictNow()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void judges(String name, List<Toleration> tolerations, List<Taint> taints, long now, Verdict expected) {
        Verdict verdict = TaintEviction.judge(tolerations, taints, t -> Timestamps.parse(t.getTimeAdded()), DEFAULT,
                at(now));
        assertThat(verdict).isEqualTo(expected);
    }

    static Stream<Arguments> defaults() {
        Toleration notReady = tolerate(NOT_READY, NO_EXECUTE, 300L);
        Toleration unreachable = tolerate(UNREACHABLE, NO_EXECUTE, 300L);
        Toleration own = tolerate(UNREACHABLE, NO_EXECUTE, 7L);
        Toleration anyEffect = tolerate(NOT_READY, null, null);
        Toleration everything = tolerate(null, null, null);
        Toleration noSchedule = tolerate(UNREACHABLE, "NoSchedule", null);
        return Stream.of(
                Arguments.of("none: both added", List.of(), List.of(notReady, unreachable)),
                Arguments.of("own unreachable kept, not-ready added", List.of(own), List.of(own, notReady)),
                Arguments.of("an empty effect covers NoExecute", List.of(anyEffect), List.of(anyEffect, unreachable)),
                Arguments.of("an empty key covers both", List.of(everything), List.of(everything)),
                Arguments.of("NoSchedule covers nothing", List.of(noSchedule),
                        List.of(noSchedule, notReady, unreachable)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defaults")
    void addsDefaultTolerationsAsTheAdmissionPluginDoes(String name, List<Toleration> own, List<Toleration> expected) {
        assertThat(TaintEviction.withDefaults(own, DEFAULT)).isEqualTo(expected);
    }
}
