package io.podyard.bench;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How long each measured run lasts and where the report goes; shared by every scenario. */
final class RunOptions {
    @Option(names = "--seconds", description = "measured seconds per run (default ${DEFAULT-VALUE})")
    int seconds = 5;

    @Option(names = "--warmup", description = "warm-up seconds per run (default ${DEFAULT-VALUE})")
    int warmup = 3;

    @Option(names = "--report", description = "markdown report to append to (default ${DEFAULT-VALUE})")
    Path report = Path.of(System.getenv().getOrDefault("PODYARD_ROOT", "."), "docs", "benchmarks.md");

    Duration warmupTime() {
        return Duration.ofSeconds(warmup);
    }

    Duration measureTime() {
        return Duration.ofSeconds(seconds);
    }
}
