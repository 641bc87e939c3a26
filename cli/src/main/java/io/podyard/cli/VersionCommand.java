package io.podyard.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "version", description = "Print the Podyard version, and the Java runtime and platform it runs on.")
final class VersionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        for (String line : VersionInfo.lines()) {
            spec.commandLine().getOut().println(line);
        }
        return 0;
    }
}
