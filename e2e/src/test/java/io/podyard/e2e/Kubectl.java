package io.podyard.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs the real kubectl binary with a kubeconfig, as a user would. */
final class Kubectl {
    record Result(int exit, String out, String err) {
        Result ok() {
            if (exit != 0) {
                throw new AssertionError("kubectl failed (" + exit + "): " + err + out);
            }
            return this;
        }
    }

    private final Path binary;
    private final Path kubeconfig;

    Kubectl(Path kubeconfig) {
        this(kubeconfig, Stream.of("/usr/bin/kubectl", "/usr/local/bin/kubectl", "/bin/kubectl").map(Path::of)
                .filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException("kubectl is not installed; scripts/test.sh installs it")));
    }

    Kubectl(Path kubeconfig, Path binary) {
        this.kubeconfig = kubeconfig;
        this.binary = binary;
    }

    /** Debian's kubectl 1.20, which scripts/test.sh unpacks into .cache at the repository root. */
    static Path debian120() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(".cache/kubectl-1.20/usr/bin/kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("kubectl 1.20 is not unpacked; run scripts/test.sh, which fetches it");
    }

    Result run(String... args) {
        return runWithInput(null, args);
    }

    /** Runs kubectl with {@code stdin} (for -f -) and waits up to a minute. */
    Result runWithInput(String stdin, String... args) {
        List<String> command = argv(args);
        try {
            Path out = Files.createTempFile("kubectl-out", ".txt");
            Path err = Files.createTempFile("kubectl-err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = withFreshHome(pb).start();
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in 60s");
            }
            Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
            Files.delete(out);
            Files.delete(err);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Runs kubectl on a terminal of {@code columns}x{@code rows} (script(1) makes one, as a user's
     * shell has), typing {@code keys}; stdin stays open until kubectl exits, as a keyboard does.
     * The output is the screen: what the terminal echoed and what kubectl printed, \r\n-ended.
     */
    Result runOnTerminal(int columns, int rows, String keys, String... args) {
        StringBuilder line = new StringBuilder("stty cols " + columns + " rows " + rows + "; exec");
        List<String> command = argv(args);
        command.forEach(arg -> line.append(" '").append(arg.replace("'", "'\\''")).append('\''));
        try {
            Path out = Files.createTempFile("kubectl-screen", ".txt");
            ProcessBuilder pb = new ProcessBuilder("script", "--quiet", "--return", "--command", line.toString(),
                    "/dev/null").redirectOutput(out.toFile()).redirectErrorStream(true);
            Process p = withFreshHome(pb).start();
            p.getOutputStream().write(keys.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().flush();
            boolean ended = p.waitFor(60, TimeUnit.SECONDS);
            p.getOutputStream().close();
            if (!ended) {
                p.destroyForcibly();
                throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in 60s: "
                        + Files.readString(out));
            }
            Result r = new Result(p.exitValue(), Files.readString(out), "");
            Files.delete(out);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Starts kubectl and returns the process, for commands that run until stopped (get -w). */
    Process start(Path output, String... args) throws IOException {
        List<String> command = argv(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        return withFreshHome(pb).start();
    }

    private List<String> argv(String... args) {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** A HOME of its own for each kubectl, so no discovery cache carries over between runs. */
    private static ProcessBuilder withFreshHome(ProcessBuilder pb) throws IOException {
        pb.environment().put("HOME", Files.createTempDirectory("kubectl-home").toString());
        return pb;
    }
}
