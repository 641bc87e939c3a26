package io.podyard.node.runtime;

import io.podyard.node.exec.Command;
import io.podyard.node.exec.CommandException;
import io.podyard.node.exec.CommandResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The runc commands the runtime uses, all against its own state root ({@code runc --root}). */
final class Runc {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Path binary;
    private final Path root;

    Runc(Path binary, Path root) {
        this.binary = binary;
        this.root = root;
    }

    Path binary() {
        return binary;
    }

    Path root() {
        return root;
    }

    /** What `runc state` reports. */
    record State(String id, int pid, String status, Instant created) {
    }

    void start(String id) {
        CommandResult result = command("start", id).run();
        if (result.exitCode() != 0) {
            throw new ContainerRuntimeException("runc start " + id + ": " + result.stderr().strip());
        }
    }

    /** The container's state, or empty when runc does not know it. */
    Optional<State> state(String id) {
        CommandResult result = command("state", id).run();
        if (result.exitCode() != 0) {
            if (result.stderr().contains("does not exist")) {
                return Optional.empty();
            }
            throw new ContainerRuntimeException("runc state " + id + ": " + result.stderr().strip());
        }
        try {
            return Optional.of(parseState(JSON.readTree(result.stdout())));
        } catch (JacksonException e) {
            throw new ContainerRuntimeException("runc state " + id + " printed no JSON: " + result.stdout());
        }
    }

    /** Every container runc has under our root. */
    List<State> list() {
        CommandResult result = command("list", "--format", "json").run();
        if (result.exitCode() != 0) {
            throw new ContainerRuntimeException("runc list: " + result.stderr().strip());
        }
        List<State> states = new ArrayList<>();
        String out = result.stdout().strip();
        if (out.isEmpty() || out.equals("null")) {
            return states;
        }
        for (JsonNode node : JSON.readTree(out)) {
            states.add(parseState(node));
        }
        return states;
    }

    private static State parseState(JsonNode node) {
        String created = node.path("created").asString("");
        return new State(node.path("id").asString(), node.path("pid").asInt(0), node.path("status").asString(""),
                created.isEmpty() ? null : Instant.parse(created));
    }

    /** Sends a signal to the container's process; false when the process is already gone. */
    boolean kill(String id, String signal) {
        CommandResult result = command("kill", id, signal).run();
        if (result.exitCode() == 0) {
            return true;
        }
        String error = result.stderr();
        if (error.contains("not running") || error.contains("does not exist") || error.contains("process already finished")) {
            return false;
        }
        throw new ContainerRuntimeException("runc kill " + id + " " + signal + ": " + error.strip());
    }

    /**
     * Runs {@code command} in the running container, as its process is configured (user, env,
     * cwd), without a terminal and with stdin from /dev/null; a command still running after
     * {@code timeout} is killed (runc exec ends with its process).
     */
    ExecSyncResult exec(String id, List<String> command, Duration timeout) {
        List<String> argv = new ArrayList<>(Command.args(binary, "--root", root, List.of("exec", id)));
        argv.addAll(command);
        try {
            CommandResult result = Command.of(argv).withTimeout(timeout).run();
            return new ExecSyncResult(result.exitCode(), result.stdout(), result.stderr(), false);
        } catch (CommandException e) {
            if (e.getMessage() != null && e.getMessage().contains("did not finish")) {
                return new ExecSyncResult(-1, "", "command timed out after " + timeout, true);
            }
            throw new ContainerRuntimeException("runc exec " + id + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the container, killing it first if it still runs; a container runc does not know is fine. */
    void delete(String id) {
        CommandResult result = command("delete", "--force", id).run();
        if (result.exitCode() != 0 && !result.stderr().contains("does not exist")) {
            throw new ContainerRuntimeException("runc delete " + id + ": " + result.stderr().strip());
        }
    }

    /** `runc exec --process FILE ID` with the caller's pipes; runc exits with the process's code. */
    Process exec(String id, Path processJson, boolean stderrToStdout) throws java.io.IOException {
        return new ProcessBuilder(binary.toString(), "--root", root.toString(), "exec", "--process",
                processJson.toString(), id).redirectErrorStream(stderrToStdout).start();
    }

    /**
     * `runc exec --process FILE ID` in the foreground on a terminal we hold the master of: runc makes
     * the container's own pty, copies between the two, takes the size from ours at start and on
     * SIGWINCH, and exits with the process's code (what CRI-O does; --console-socket would need
     * --detach and so lose the exit code). setsid makes our terminal runc's controlling one, so a
     * resize signals runc and a hang-up ends it; env restores SIGHUP's default first, since an agent
     * started with it ignored (nohup) would pass that on and no hang-up would end the session.
     */
    Process execOnTerminal(String id, Path processJson, Path terminal) throws java.io.IOException {
        java.io.File tty = terminal.toFile();
        return new ProcessBuilder("env", "--default-signal=HUP", "setsid", "--ctty", "--wait", binary.toString(), "--root", root.toString(), "exec",
                "--process", processJson.toString(), id)
                .redirectInput(tty)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(tty))
                .redirectError(ProcessBuilder.Redirect.appendTo(tty))
                .start();
    }

    private Command command(String... args) {
        return Command.of(Command.args(binary, "--root", root, List.of(args))).withTimeout(TIMEOUT);
    }
}
