package io.podyard.node.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one cgroup has used, read from its files as cAdvisor does: cpu time (cpuacct.usage, or
 * usage_usec of cpu.stat on cgroup v2), memory usage, working set (usage minus inactive file
 * pages, never below 0), rss and page faults.
 */
public record CgroupUsage(long cpuUsageNanos, long memoryUsageBytes, long workingSetBytes, long rssBytes,
                          long pageFaults, long majorPageFaults) {

    /**
     * Reads a cgroup v1 pair of directories (cpuacct and memory hierarchies) or, when both are
     * the same cgroup v2 directory, the unified files. Empty when the cgroup is gone.
     */
    public static Optional<CgroupUsage> read(Path cpuacctDir, Path memoryDir) {
        try {
            boolean v2 = Files.exists(memoryDir.resolve("memory.current"));
            long cpu = v2 ? flatKeyed(cpuacctDir.resolve("cpu.stat")).getOrDefault("usage_usec", 0L) * 1000
                    : number(cpuacctDir.resolve("cpuacct.usage"));
            long usage = number(memoryDir.resolve(v2 ? "memory.current" : "memory.usage_in_bytes"));
            Map<String, Long> stat = flatKeyed(memoryDir.resolve("memory.stat"));
            long inactiveFile = stat.getOrDefault(v2 ? "inactive_file" : "total_inactive_file", 0L);
            long rss = v2 ? stat.getOrDefault("anon", 0L) : stat.getOrDefault("total_rss", 0L);
            long faults = stat.getOrDefault(v2 ? "pgfault" : "total_pgfault", 0L);
            long major = stat.getOrDefault(v2 ? "pgmajfault" : "total_pgmajfault", 0L);
            return Optional.of(new CgroupUsage(cpu, usage, Math.max(0, usage - inactiveFile), rss, faults, major));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static long number(Path file) throws IOException {
        String text = Files.readString(file).strip();
        return text.equals("max") ? Long.MAX_VALUE : Long.parseLong(text);
    }

    /** "key value" lines (memory.stat, cpu.stat). */
    static Map<String, Long> flatKeyed(Path file) throws IOException {
        Map<String, Long> values = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] parts = line.strip().split("\\s+");
            if (parts.length == 2) {
                try {
                    values.put(parts[0], Long.parseLong(parts[1]));
                } catch (NumberFormatException e) {
                    // not a counter
                }
            }
        }
        return values;
    }
}
