package io.podyard.node.runtime;

import io.podyard.node.pty.Fifo;
import io.podyard.node.pty.Winsize;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts a container under conmon (Debian's 2.1.x, API version 1). Conmon forks itself into the
 * background, runs `runc create`, reports the container's pid (or runc's error) as one JSON line
 * on the fd named by _OCI_SYNCPIPE, then stays to copy the container's stdout/stderr into a CRI
 * log file and to write the exit code when the process ends. It is a session leader of its own,
 * so containers outlive the agent.
 */
final class Conmon {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(60);
    /** Conmon refuses terminal sizes beyond this. */
    private static final int MAX_TERMINAL = 1000;
    private static final Duration CONTROL_WAIT = Duration.ofSeconds(2);
    /**
     * Java cannot hand a child an extra descriptor, so a shell makes fd 3 a copy of the stdout
     * pipe (the sync pipe) for conmon and keeps none itself. The shell then waits on stdin: the
     * JDK closes a child's stdout once that child exits, and conmon's first process exits at
     * once, before its background copy has written anything. Closing stdin releases the shell.
     */
    private static final String SYNC_PIPE_SHIM = "exec 3>&1 1>/dev/null; \"$@\" </dev/null; exec 3>&-; read _";

    private Conmon() {
    }

    /**
     * The container's stdio as the pod asks for it: {@code stdin} keeps a pipe open to the process
     * (conmon holds the writer, attach sessions write into it), {@code tty} gives it a terminal
     * (conmon receives the master from runc), {@code stdinOnce} closes stdin when the first attach
     * session ends it (Kubernetes' stdinOnce; otherwise --leave-stdin-open).
     */
    record Stdio(boolean stdin, boolean tty, boolean stdinOnce) {
        static final Stdio NONE = new Stdio(false, false, false);
    }

    /** Conmon's arguments for one container; pure. */
    static List<String> args(Path conmon, Runc runc, ContainerDir dir, String id, String name, Path logPath,
                             Path exitDir, long logSizeMax, Stdio stdio) {
        for (Path path : List.of(logPath, dir.dir())) {
            if (path.toString().contains(":")) {
                throw new ContainerRuntimeException("conmon cannot take a path with ':' : " + path);
            }
        }
        List<String> args = new ArrayList<>(List.of(conmon.toString(), "--api-version", "1",
                "-c", id, "-u", id, "-n", name,
                "-r", runc.binary().toString(), "--runtime-arg", "--root", "--runtime-arg", runc.root().toString(),
                "--runtime-arg", "--log", "--runtime-arg", dir.runcLog().toString(),
                "-b", dir.dir().toString(),
                "-p", dir.pidFile().toString(),
                "-P", dir.conmonPidFile().toString(),
                "--exit-dir", exitDir.toString(),
                "-0", dir.dir().toString(),
                "-l", "k8s-file:" + logPath,
                "--full-attach"));
        if (logSizeMax > 0) {
            args.add("--log-size-max");
            args.add(Long.toString(logSizeMax));
        }
        if (stdio.stdin()) {
            args.add("--stdin");
            if (!stdio.stdinOnce()) {
                args.add("--leave-stdin-open");
            }
        }
        if (stdio.tty()) {
            args.add("--terminal");
        }
        return args;
    }

    /** Runs conmon and returns the container's pid once `runc create` succeeded. */
    static int create(List<String> args, ContainerDir dir) {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", SYNC_PIPE_SHIM, "conmon"));
        argv.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(argv).directory(dir.dir().toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.conmonErrors().toFile()));
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        builder.environment().put("_OCI_SYNCPIPE", "3");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ContainerRuntimeException("cannot start conmon: " + e.getMessage(), e);
        }
        // Conmon keeps the pipe open for the container's lifetime: read the one line, not to the end.
        BufferedReader sync = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                line.complete(sync.readLine());
            } catch (IOException e) {
                line.completeExceptionally(e);
            }
        });
        try {
            String message = line.get(CREATE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            process.getOutputStream().close();
            process.waitFor();
            return parse(message, dir);
        } catch (TimeoutException e) {
            killConmon(dir);
            process.destroyForcibly();
            throw new ContainerRuntimeException("conmon did not report the container within " + CREATE_TIMEOUT);
        } catch (IOException e) {
            throw new ContainerRuntimeException("releasing conmon's shell: " + e.getMessage(), e);
        } catch (ExecutionException e) {
            throw new ContainerRuntimeException("reading conmon's sync pipe: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerRuntimeException("interrupted while conmon created the container");
        } finally {
            try {
                sync.close();
            } catch (IOException e) {
                // Nothing more to read.
            }
        }
    }

    /** {"data": pid} on success, {"data": -1, "message": runc's stderr} on failure. */
    static int parse(String message, ContainerDir dir) {
        if (message == null) {
            throw new ContainerRuntimeException("conmon exited without reporting the container"
                    + conmonErrors(dir));
        }
        JsonNode json;
        try {
            json = JSON.readTree(message);
        } catch (JacksonException e) {
            throw new ContainerRuntimeException("conmon sent something that is not JSON: " + message);
        }
        int data = json.path("data").asInt(-1);
        if (data <= 0) {
            throw new ContainerRuntimeException("runc create failed: "
                    + json.path("message").asString("no message").strip());
        }
        return data;
    }

    /** What conmon printed before it went to the background, and the end of runc's log. */
    private static String conmonErrors(ContainerDir dir) {
        StringBuilder out = new StringBuilder();
        for (Path file : List.of(dir.conmonErrors(), dir.runcLog())) {
            try {
                String text = Files.readString(file).strip();
                if (!text.isEmpty()) {
                    out.append(": ").append(text.length() > 2000 ? text.substring(text.length() - 2000) : text);
                }
            } catch (IOException e) {
                // Not written.
            }
        }
        return out.toString();
    }

    /** Ends a conmon we started, by the pid it wrote. */
    static void killConmon(ContainerDir dir) {
        dir.conmonPid().ifPresent(pid -> ProcessHandle.of(pid).filter(Conmon::isConmon)
                .ifPresent(ProcessHandle::destroyForcibly));
    }

    /** Asks conmon to reopen its log file (after the agent renamed it aside). */
    static void reopenLog(ContainerDir dir) {
        control(dir, "2 0 0\n");
    }

    /** Asks conmon to resize the container's terminal. */
    static void resize(ContainerDir dir, Winsize size) {
        control(dir, resizeMessage(size));
    }

    /** Conmon's control message for a terminal size: "1 ROWS COLUMNS", each clamped to its 0..1000. Pure. */
    static String resizeMessage(Winsize size) {
        return "1 " + Math.min(size.rows(), MAX_TERMINAL) + " " + Math.min(size.columns(), MAX_TERMINAL) + "\n";
    }

    /**
     * Writes one message to conmon's control fifo and waits until conmon took it (see {@link Fifo}:
     * conmon 2.1 loses a second message read together with the first).
     */
    private static void control(ContainerDir dir, String message) {
        try {
            if (!Fifo.write(dir.ctlFifo(), message.getBytes(StandardCharsets.UTF_8), CONTROL_WAIT)) {
                throw new ContainerRuntimeException("conmon of " + dir.dir() + " does not read its control fifo");
            }
        } catch (IOException e) {
            throw new ContainerRuntimeException("cannot send conmon a control message: " + e.getMessage(), e);
        }
    }

    /** Guards against pid reuse: the process must be a conmon. */
    static boolean isConmon(ProcessHandle handle) {
        return handle.info().command().map(c -> c.endsWith("conmon")).orElse(false);
    }
}
