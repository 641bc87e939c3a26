package io.podyard.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code podyard} command. Each subcommand wires components together; none holds logic. */
@Command(
        name = "podyard",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = "A Kubernetes-compatible container orchestrator on the JVM.",
        subcommands = {ServerCommand.class, AgentCommand.class, HollowNodesCommand.class, TokenCommand.class, ExplainCommand.class, ImageCommand.class, VersionCommand.class, CommandLine.HelpCommand.class})
public final class Podyard implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static CommandLine commandLine() {
        return new CommandLine(new Podyard());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
