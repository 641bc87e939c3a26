package io.podyard.node.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One run of a host program (runc, a CNI plugin, ip, unshare): argv, an optional environment that
 * replaces the inherited one, optional stdin bytes and a time limit after which the program is
 * killed. Output is collected whole, so it is for programs that exit (not for daemons).
 */
public record Command(List<String> argv, Map<String, String> environment, byte[] stdin, Duration timeout) {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public Command {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a command needs a program");
        }
        environment = environment == null ? null : Map.copyOf(environment);
        Objects.requireNonNull(timeout, "timeout");
    }

    public static Command of(String... argv) {
        return new Command(List.of(argv), null, null, DEFAULT_TIMEOUT);
    }

    public static Command of(List<String> argv) {
        return new Command(argv, null, null, DEFAULT_TIMEOUT);
    }

    /** The same command with exactly this environment (nothing inherited). */
    public Command withEnvironment(Map<String, String> env) {
        return new Command(argv, env, stdin, timeout);
    }

    public Command withStdin(byte[] input) {
        return new Command(argv, environment, input, timeout);
    }

    public Command withTimeout(Duration limit) {
        return new Command(argv, environment, stdin, limit);
    }

    /** Runs to completion and returns what happened, whatever the exit code. */
    public CommandResult run() {
        ProcessBuilder builder = new ProcessBuilder(argv);
        if (environment != null) {
            builder.environment().clear();
            builder.environment().putAll(environment);
        }
        if (stdin == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new CommandException(this, "cannot start: " + e.getMessage(), null);
        }
        try {
            CompletableFuture<byte[]> err = drain(process.getErrorStream());
            CompletableFuture<byte[]> out = drain(process.getInputStream());
            if (stdin != null) {
                try (OutputStream in = process.getOutputStream()) {
                    in.write(stdin);
                } catch (IOException e) {
                    // The program exited without reading everything; its exit status tells why.
                }
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
                throw new CommandException(this, "did not finish within " + timeout, null);
            }
            return new CommandResult(process.exitValue(), text(out.join()), text(err.join()));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CommandException(this, "interrupted", null);
        }
    }

    /** Runs and returns stdout; a non-zero exit becomes a {@link CommandException} carrying stderr. */
    public String output() {
        CommandResult result = run();
        if (result.exitCode() != 0) {
            throw new CommandException(this, "exited with " + result.exitCode(), result);
        }
        return result.stdout();
    }

    /** The program name and its arguments, for messages. */
    public String display() {
        return String.join(" ", argv);
    }

    private static CompletableFuture<byte[]> drain(InputStream stream) {
        CompletableFuture<byte[]> bytes = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (stream) {
                bytes.complete(stream.readAllBytes());
            } catch (IOException e) {
                bytes.completeExceptionally(new UncheckedIOException(e));
            }
        });
        return bytes;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Command c && argv.equals(c.argv) && Objects.equals(environment, c.environment)
                && Arrays.equals(stdin, c.stdin) && timeout.equals(c.timeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(argv, environment, Arrays.hashCode(stdin), timeout);
    }

    @Override
    public String toString() {
        return "Command[" + display() + "]";
    }

    /** Helper for building argv lists with optional parts. */
    public static List<String> args(Object... parts) {
        List<String> out = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof List<?> list) {
                list.forEach(p -> out.add(p.toString()));
            } else if (part != null) {
                out.add(part.toString());
            }
        }
        return out;
    }
}
