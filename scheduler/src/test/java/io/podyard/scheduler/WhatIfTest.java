package io.podyard.scheduler;

import static io.podyard.scheduler.Fixtures.nodeWithAllocatable;
import static io.podyard.scheduler.Fixtures.on;
import static io.podyard.scheduler.Fixtures.requesting;
import static org.assertj.core.api.Assertions.assertThat;

import io.podyard.scheduler.explain.ExplainTable;
import io.podyard.scheduler.explain.WhatIf;
import io.podyard.scheduler.framework.Decision;
import java.util.List;
import org.junit.jupiter.api.Test;

class WhatIfTest {
    @Test
    void eachPlacedPodCountsForTheNext() {
        WhatIf whatIf = new WhatIf(List.of(nodeWithAllocatable("n1", "cpu", "1", "pods", "10"),
                nodeWithAllocatable("n2", "cpu", "1", "pods", "10")), List.of(), List.of());
        List<WhatIf.Outcome> outcomes = whatIf.place(List.of(requesting("a", "cpu", "600m"), requesting("b", "cpu", "600m"),
                requesting("c", "cpu", "600m")));
        assertThat(outcomes).extracting(o -> o.decision() instanceof Decision.Scheduled).containsExactly(true, true, false);
        assertThat(((Decision.Scheduled) outcomes.get(0).decision()).node())
                .isNotEqualTo(((Decision.Scheduled) outcomes.get(1).decision()).node());
        assertThat(((Decision.Unschedulable) outcomes.get(2).decision()).message())
                .isEqualTo("0/2 nodes are available: 2 Insufficient cpu.");
    }

    @Test
    void explainingABoundPodLeavesItOutOfItsOwnNode() {
        var bound = on("n1", requesting("a", "cpu", "1"));
        WhatIf whatIf = new WhatIf(List.of(nodeWithAllocatable("n1", "cpu", "1", "pods", "10")), List.of(bound), List.of());
        assertThat(whatIf.explain(bound).decision()).isInstanceOfSatisfying(Decision.Scheduled.class,
                s -> assertThat(s.node()).isEqualTo("n1"));
    }

    @Test
    void theTableShowsEachNodeAgainstEachPluginThatSpoke() {
        WhatIf whatIf = new WhatIf(List.of(nodeWithAllocatable("small", "cpu", "1", "memory", "1Gi", "pods", "10"),
                Fixtures.node("large")), List.of(), List.of());
        WhatIf.Outcome outcome = whatIf.place(List.of(requesting("p", "cpu", "2"))).getFirst();
        String table = ExplainTable.render(outcome.podKey(), outcome.decision());
        assertThat(table).startsWith("Pod default/p fits; it would go to large\n");
        assertThat(table.lines().filter(l -> l.startsWith("NODE")).findFirst().orElseThrow())
                .contains("NodeResourcesFit", "TaintToleration", "TOTAL");
        assertThat(table.lines().filter(l -> l.startsWith("small")).findFirst().orElseThrow())
                .contains("✗ Insufficient cpu").endsWith("-");
        assertThat(table.lines().filter(l -> l.startsWith("large")).findFirst().orElseThrow()).containsPattern("\\d+$");
    }
}
