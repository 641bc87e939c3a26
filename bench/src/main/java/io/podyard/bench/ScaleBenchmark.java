package io.podyard.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The scale harness in one command: the five scenarios of the scale issue — footprint, api,
 * scheduling-basic, density, deployment — on each backend, each appending its own section to the
 * report. Footprint runs first, while the machine is quiet; the api scenario runs its fixed-load mix
 * and fan-out (the concurrency sweep is its own command).
 */
@Command(name = "scale", mixinStandardHelpOptions = true,
        description = "All five scale scenarios (footprint, api, scheduling-basic, density, deployment) on both backends.")
final class ScaleBenchmark implements Callable<Integer> {
    @Mixin
    RunOptions run = new RunOptions();

    @Option(names = "--backends", split = ",", description = "sqlite and/or etcd (default: both)")
    List<String> backends = List.of("sqlite", "etcd");

    @Override
    public Integer call() {
        String backendList = String.join(",", backends);
        List<List<String>> scenarios = List.of(
                List.of("footprint"),
                List.of("api", "--no-sweep"),
                List.of("scheduling-basic"),
                List.of("density"),
                List.of("deployment"));
        long start = System.nanoTime();
        List<String> timings = new ArrayList<>();
        for (List<String> scenario : scenarios) {
            List<String> args = new ArrayList<>(scenario);
            args.addAll(List.of("--backends", backendList, "--report", run.report.toString()));
            long began = System.nanoTime();
            System.out.println("== podyard bench " + String.join(" ", args));
            int exit = new CommandLine(new Bench()).execute(args.toArray(String[]::new));
            timings.add(String.format(Locale.ROOT, "%s %.0f s", scenario.getFirst(), (System.nanoTime() - began) / 1e9));
            if (exit != 0) {
                System.out.println("podyard bench " + scenario.getFirst() + " failed (exit " + exit + "); stopping");
                return exit;
            }
        }
        System.out.printf(Locale.ROOT, "== all five scenarios on %s in %.1f min (%s)%n", backendList,
                (System.nanoTime() - start) / 60e9, String.join(", ", timings));
        return 0;
    }
}
