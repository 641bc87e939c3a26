package io.podyard.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Prints a result table and appends it, with the machine, commit and date, to docs/benchmarks.md. */
final class Report {
    private Report() {}

    /** {@code String.format} in the root locale, so reports read the same everywhere. */
    static String fmt(String format, Object... args) {
        return String.format(java.util.Locale.ROOT, format, args);
    }

    static String table(List<String> header, List<List<String>> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| ").append(String.join(" | ", header)).append(" |\n");
        sb.append("|").append("---|".repeat(header.size())).append('\n');
        for (List<String> row : rows) {
            sb.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return sb.toString();
    }

    static void append(Path report, String scenario, String notes, String table) throws IOException {
        String section = "\n## " + scenario + " — " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                + "\n\n" + machine() + "\n\n" + notes + "\n\n" + table;
        Files.createDirectories(report.toAbsolutePath().getParent());
        if (!Files.exists(report)) {
            Files.writeString(report, "# Benchmarks\n\nAppended by `./podyard bench SCENARIO`; newest last.\n");
        }
        Files.writeString(report, section, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    static String machine() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return "Machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + os.getTotalMemorySize() / (1L << 30) + " GiB, " + System.getProperty("os.name") + " "
                + System.getProperty("os.version") + ", Java " + Runtime.version() + ". Commit: " + commit() + "."
                + loadAverage();
    }

    /** The machine's load when the run ended: numbers from a busy machine read differently. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return " Load average (1/5/15 min) at the end: " + fields[0] + " / " + fields[1] + " / " + fields[2] + ".";
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "";
        }
    }

    private static String commit() {
        try {
            Process p = new ProcessBuilder("git", "describe", "--always", "--dirty").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "unknown";
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }
}
