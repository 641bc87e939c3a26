package io.podyard.scheduler.queue;

import static io.podyard.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.podyard.scheduler.framework.ClusterEvent;
import io.podyard.scheduler.framework.PodInfo;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SchedulingQueueTest {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final InstantSource clock = () -> now;
    private final SchedulingQueue queue = new SchedulingQueue(clock, Map.of(
            "NodeResourcesFit", Set.of(ClusterEvent.NODE_ADDED, ClusterEvent.ASSIGNED_POD_DELETED),
            "TaintToleration", Set.of(ClusterEvent.NODE_ADDED, ClusterEvent.NODE_TAINTS_CHANGED)));

    @Test
    void higherPriorityFirstThenArrivalOrder() throws InterruptedException {
        queue.add(info("low-1", 0));
        queue.add(info("high", 100));
        queue.add(info("low-2", 0));
        assertThat(queue.pop().pod().name()).isEqualTo("high");
        assertThat(queue.pop().pod().name()).isEqualTo("low-1");
        assertThat(queue.pop().pod().name()).isEqualTo("low-2");
    }

    static Stream<Arguments> backoff() {
        return Stream.of(Arguments.of(1, 1), Arguments.of(2, 2), Arguments.of(3, 4), Arguments.of(4, 8), Arguments.of(5, 10),
                Arguments.of(30, 10));
    }

    @ParameterizedTest(name = "attempt {0} waits {1}s")
    @MethodSource
    void backoff(int attempts, int seconds) {
        assertThat(SchedulingQueue.backoffFor(attempts)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @Test
    void unschedulablePodWaitsForARelevantEventNotForTime() throws InterruptedException {
        queue.add(info("p", 0));
        queue.unschedulable(queue.pop(), Set.of("NodeResourcesFit"));
        now = now.plusSeconds(60);
        queue.flush();
        assertThat(queue.sizes()).isEqualTo(new SchedulingQueue.Sizes(0, 0, 1));
        queue.onEvent(ClusterEvent.NODE_TAINTS_CHANGED); // NodeResourcesFit does not care
        assertThat(queue.sizes().unschedulable()).isEqualTo(1);
        queue.onEvent(ClusterEvent.ASSIGNED_POD_DELETED);
        assertThat(queue.sizes()).isEqualTo(new SchedulingQueue.Sizes(1, 0, 0));
        assertThat(queue.pop().attempts()).isEqualTo(1);
    }

    @Test
    void aRelevantEventDuringBackoffLeavesThePodInBackoffUntilItEnds() {
        queue.add(info("p", 0));
        queue.unschedulable(popNow(), Set.of("TaintToleration"));
        queue.onEvent(ClusterEvent.NODE_ADDED);
        assertThat(queue.sizes()).isEqualTo(new SchedulingQueue.Sizes(0, 1, 0));
        now = now.plusMillis(999);
        queue.flush();
        assertThat(queue.sizes().active()).isZero();
        now = now.plusMillis(1);
        queue.flush();
        assertThat(queue.sizes().active()).isEqualTo(1);
    }

    @Test
    void anEventWhileThePodWasBeingScheduledSendsItToBackoffNotToWait() {
        queue.add(info("p", 0));
        QueuedPod inFlight = popNow();
        queue.onEvent(ClusterEvent.NODE_ADDED); // e.g. a node arrived after the snapshot was taken
        queue.unschedulable(inFlight, Set.of("NodeResourcesFit"));
        assertThat(queue.sizes()).isEqualTo(new SchedulingQueue.Sizes(0, 1, 0));
    }

    @Test
    void longWaitingUnschedulablePodsAreRetriedAfterFiveMinutes() {
        queue.add(info("p", 0));
        queue.unschedulable(popNow(), Set.of("NodeResourcesFit"));
        now = now.plus(Duration.ofMinutes(5)).minusSeconds(1);
        queue.flush();
        assertThat(queue.sizes().unschedulable()).isEqualTo(1);
        now = now.plusSeconds(1);
        queue.flush();
        assertThat(queue.sizes()).isEqualTo(new SchedulingQueue.Sizes(1, 0, 0));
    }

    @Test
    void aSpecChangeRetriesAnUnschedulablePod() {
        PodInfo original = info("p", 0);
        queue.add(original);
        queue.unschedulable(popNow(), Set.of("TaintToleration"));
        now = now.plusSeconds(5);
        queue.update(PodInfo.of(new PodBuilder(original.pod()).editMetadata().addToAnnotations("a", "b").endMetadata().build()));
        assertThat(queue.sizes().unschedulable()).as("an annotation is not something the scheduler reads").isEqualTo(1);
        queue.update(PodInfo.of(new PodBuilder(original.pod()).editSpec().addNewToleration().withOperator("Exists").endToleration()
                .endSpec().build()));
        assertThat(queue.sizes()).isEqualTo(new SchedulingQueue.Sizes(1, 0, 0));
    }

    @Test
    void deletedPodsLeaveEveryQueue() {
        PodInfo a = info("a", 0);
        PodInfo b = info("b", 0);
        queue.add(a);
        queue.add(b);
        queue.delete(a.uid());
        queue.unschedulable(popNow(), Set.of());
        queue.delete(b.uid());
        assertThat(queue.sizes()).isEqualTo(new SchedulingQueue.Sizes(0, 0, 0));
    }

    @Test
    void pollGivesUpAndCloseReleasesWaiters() throws InterruptedException {
        assertThat(queue.poll(Duration.ofMillis(10))).isNull();
        queue.close();
        assertThat(queue.pop()).isNull();
    }

    private QueuedPod popNow() {
        try {
            return queue.pop();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static PodInfo info(String name, int priority) {
        return PodInfo.of(pod(name, b -> b.editSpec().withPriority(priority).endSpec()));
    }
}
