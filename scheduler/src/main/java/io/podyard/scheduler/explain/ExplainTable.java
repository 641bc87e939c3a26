package io.podyard.scheduler.explain;

import io.podyard.scheduler.framework.Decision;
import io.podyard.scheduler.framework.Decision.NodeVerdict;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Renders a decision as a table of nodes × plugins: each cell is the plugin's rejection of that node,
 * or its weighted score, or {@code ok}. Only plugins that rejected or scored some node get a column.
 * Feasible nodes come first, best first.
 */
public final class ExplainTable {
    private ExplainTable() {
    }

    public static String render(String podKey, Decision decision) {
        StringBuilder out = new StringBuilder();
        switch (decision) {
            case Decision.Scheduled s -> out.append("Pod ").append(podKey).append(" fits; it would go to ").append(s.node()).append('\n');
            case Decision.Unschedulable u -> out.append("Pod ").append(podKey).append(" is unschedulable: ").append(u.message()).append('\n');
        }
        Decision.Explanation explanation = decision.explanation();
        if (explanation.preFilterRejection() != null) {
            out.append("Rejected before any node was considered: ").append(explanation.preFilterRejection()).append('\n');
            return out.toString();
        }
        List<NodeVerdict> verdicts = new ArrayList<>(explanation.verdicts());
        verdicts.sort((a, b) -> a.isFeasible() != b.isFeasible() ? (a.isFeasible() ? -1 : 1) : Long.compare(b.total(), a.total()));
        Set<String> plugins = new LinkedHashSet<>();
        verdicts.forEach(v -> plugins.addAll(v.rejections().keySet()));
        verdicts.forEach(v -> v.scores().forEach((plugin, score) -> plugins.add(plugin)));
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>();
        header.add("NODE");
        plugins.forEach(header::add);
        header.add("TOTAL");
        rows.add(header);
        for (NodeVerdict verdict : verdicts) {
            List<String> row = new ArrayList<>();
            row.add(verdict.node());
            for (String plugin : plugins) {
                List<String> reasons = verdict.rejections().get(plugin);
                Long score = verdict.scores().get(plugin);
                row.add(reasons != null ? "✗ " + String.join("; ", reasons) : score != null ? Long.toString(score) : "ok");
            }
            row.add(verdict.isFeasible() ? Long.toString(verdict.total()) : "-");
            rows.add(row);
        }
        out.append('\n').append(format(rows));
        int unseen = explanation.totalNodes() - explanation.evaluatedNodes();
        if (unseen > 0) {
            out.append("(").append(unseen).append(" more node(s) not evaluated: enough feasible nodes were found)\n");
        }
        return out.toString();
    }

    private static String format(List<List<String>> rows) {
        int columns = rows.getFirst().size();
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            for (int i = 0; i < columns; i++) {
                out.append(row.get(i));
                if (i < columns - 1) {
                    out.append(" ".repeat(widths[i] - row.get(i).length() + 3));
                }
            }
            out.append('\n');
        }
        return out.toString();
    }
}
