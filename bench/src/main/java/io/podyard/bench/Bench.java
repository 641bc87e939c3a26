package io.podyard.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./podyard bench SCENARIO}: runs a scenario beside its baseline and reports the numbers. */
@Command(name = "podyard bench", mixinStandardHelpOptions = true,
        description = "Run a benchmark scenario, print a table and append it to docs/benchmarks.md.",
        subcommands = {StoreBenchmark.class, ApiBenchmark.class, SchedulingBenchmark.class, PodStartupBenchmark.class,
                HollowSchedulingBenchmark.class, DensityBenchmark.class, FootprintBenchmark.class, DeploymentBenchmark.class,
                ServicesBenchmark.class, ServiceTrafficBenchmark.class, ScaleBenchmark.class,
                CommandLine.HelpCommand.class})
public final class Bench implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Bench()).execute(args));
    }
}
