package io.podyard.node.server;

import io.podyard.node.pty.Pty;
import io.podyard.node.pty.Winsize;
import io.podyard.node.runtime.ContainerLogs;
import io.podyard.node.runtime.ContainerRuntimeException;
import io.podyard.node.runtime.ContainerStatus;
import io.podyard.node.runtime.LogFiles;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import io.podyard.node.runtime.ContainerRuntime;
import io.podyard.node.server.spdy.PortForwardSession;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** What the node server does for each path: logs from the CRI files, exec through runc, attach to the output. */
final class NodeStreams {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A terminal's size until the client sends its own (kubectl sends it first thing). */
    private static final Winsize DEFAULT_SIZE = new Winsize(80, 24);

    private final ContainerRuntime runtime;
    private final Clock clock;
    private final NodeServer.PodNetworks pods;

    NodeStreams(ContainerRuntime runtime, NodeServer.PodNetworks pods, Clock clock) {
        this.runtime = runtime;
        this.pods = pods;
        this.clock = clock;
    }

    void logs(NodePath.Logs path, Map<String, String> query, HttpServerRequest request) {
        HttpServerResponse response = request.response();
        LogQuery logs;
        try {
            logs = LogQuery.parse(query, clock.instant());
        } catch (IllegalArgumentException e) {
            sendStatus(response, 400, "BadRequest", e.getMessage());
            return;
        }
        Optional<ContainerStatus> newest = newest(path.namespace(), path.pod(), path.container());
        if (newest.isEmpty()) {
            sendStatus(response, 404, "NotFound", "container \"" + path.container() + "\" in pod \"" + path.pod()
                    + "\" not found on this node");
            return;
        }
        Path previous = null;
        if (logs.previous()) {
            previous = newest.get().info().attempt() == 0 ? null : LogFiles.previous(newest.get().info().logPath());
            if (previous == null || !Files.exists(previous)) {
                sendStatus(response, 400, "BadRequest", "previous terminated container \"" + path.container()
                        + "\" in pod \"" + path.pod() + "\" not found");
                return;
            }
        }
        response.setStatusCode(200).setChunked(true).putHeader("Content-Type", "text/plain");
        Thread serving = Thread.currentThread();
        response.closeHandler(v -> serving.interrupt()); // a follower whose client left stops waiting
        try (ResponseOutput out = new ResponseOutput(response)) {
            if (previous != null) {
                ContainerLogs.read(previous, logs.options(), out, () -> false);
            } else {
                runtime.logs(newest.get().info().id(), logs.options(), out);
            }
        } catch (IOException | UncheckedIOException e) {
            response.reset();
            return;
        }
        response.end();
    }

    void exec(NodePath.Exec path, List<String> command, Map<String, String> query, Supplier<ServerWebSocket> upgrade) {
        if (command.isEmpty()) {
            rejectUpgrade(upgrade, query, "you must specify at least one command for the container");
            return;
        }
        Optional<ContainerStatus> container = running(path.namespace(), path.pod(), path.container());
        if (container.isEmpty()) {
            rejectUpgrade(upgrade, query, "container not found (\"" + path.container() + "\")");
            return;
        }
        boolean tty = LogQuery.flag(query, "tty");
        if (tty) {
            execOnTerminal(container.get().info().id(), command, query, upgrade);
            return;
        }
        Process process;
        try {
            process = runtime.exec(container.get().info().id(), command, tty);
        } catch (ContainerRuntimeException e) {
            rejectUpgrade(upgrade, query, e.getMessage());
            return;
        }
        ExecStreams session = session(upgrade.get(), query);
        session.onClose(() -> {
            if (process.isAlive()) {
                process.destroy(); // runc forwards SIGTERM to the command
            }
        });
        if (LogQuery.flag(query, "stdin")) {
            Thread.ofVirtual().start(() -> session.pumpStdin(process.getOutputStream()));
        } else {
            closeQuietly(process);
        }
        Thread out = Thread.ofVirtual().start(() -> session.pumpOut(process.getInputStream(),
                LogQuery.flag(query, "stdout") ? Channels.STDOUT : -1));
        Thread err = Thread.ofVirtual().start(() -> session.pumpOut(process.getErrorStream(),
                LogQuery.flag(query, "stderr") ? Channels.STDERR : -1));
        try {
            int code = process.waitFor();
            out.join();
            err.join();
            session.finish(Channels.exitStatus(code));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
        }
    }

    /**
     * Exec on a terminal ({@code kubectl exec -t}): one stream of output (stdout and stderr merged,
     * as a terminal shows them) on the stdout channel, the client's resizes applied to the
     * terminal. The terminal's reads and writes are native calls, which would pin a virtual
     * thread's carrier, so they run on platform threads of their own.
     */
    private void execOnTerminal(String id, List<String> command, Map<String, String> query,
                                Supplier<ServerWebSocket> upgrade) {
        ContainerRuntime.TerminalExec exec;
        try {
            exec = runtime.execTerminal(id, command, DEFAULT_SIZE);
        } catch (ContainerRuntimeException e) {
            rejectUpgrade(upgrade, query, e.getMessage());
            return;
        }
        Process process = exec.process();
        Pty pty = exec.terminal();
        try (pty) {
            ExecStreams session = session(upgrade.get(), query);
            session.onResize(size -> {
                try {
                    pty.resize(size);
                } catch (IOException e) {
                    // The command ended meanwhile.
                }
            });
            // A leaving client hangs up, as closing a terminal does: an interactive shell ignores SIGTERM.
            session.onClose(() -> Pty.hangUp(process.toHandle()));
            if (LogQuery.flag(query, "stdin")) {
                Thread.ofPlatform().name("exec-tty-in").daemon().start(() -> session.pumpStdin(pty.output()));
            }
            Thread out = Thread.ofPlatform().name("exec-tty-out").daemon().start(() -> session.pumpOut(pty.input(),
                    LogQuery.flag(query, "stdout") ? Channels.STDOUT : -1));
            int code = process.waitFor();
            out.join(); // ends once runc, the last holder of the terminal, has exited
            session.finish(Channels.exitStatus(code));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Pty.hangUp(process.toHandle());
        }
    }

    /**
     * Attach: with stdin ({@code kubectl attach -i}, {@code kubectl run -i}) through conmon's attach
     * socket, so the client's stdin reaches the container and a terminal follows the client's size;
     * without stdin the container's output from now on, read from its log, which leaves the
     * container's stdin alone (closing conmon's socket would end it under stdinOnce).
     */
    void attach(NodePath.Attach path, Map<String, String> query, Supplier<ServerWebSocket> upgrade) {
        Optional<ContainerStatus> container = running(path.namespace(), path.pod(), path.container());
        if (container.isEmpty()) {
            rejectUpgrade(upgrade, query, "container not found (\"" + path.container() + "\")");
            return;
        }
        if (!LogQuery.flag(query, "stdin")) {
            followOutput(container.get(), query, upgrade);
            return;
        }
        ContainerRuntime.Attachment attachment;
        try {
            attachment = runtime.attach(container.get().info().id());
        } catch (ContainerRuntimeException e) {
            rejectUpgrade(upgrade, query, e.getMessage());
            return;
        }
        try (attachment) {
            ExecStreams session = session(upgrade.get(), query);
            if (LogQuery.flag(query, "tty")) {
                session.onResize(size -> {
                    try {
                        attachment.resize(size);
                    } catch (ContainerRuntimeException e) {
                        // The container ended meanwhile.
                    }
                });
            }
            session.onClose(attachment::close); // releases the read below
            Thread.ofPlatform().name("attach-in").daemon().start(() -> session.pumpStdin(stdinOf(attachment)));
            // The socket's reads are native calls, which would pin a virtual thread's carrier.
            Thread out = Thread.ofPlatform().name("attach-out").daemon().start(() -> relayOutput(attachment, session,
                    LogQuery.flag(query, "stdout"), LogQuery.flag(query, "stderr")));
            out.join();
            session.finish(Channels.exitStatus(0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends the container's output on its channel (stdout 1, stderr 2) until the container or the client ends. */
    private static void relayOutput(ContainerRuntime.Attachment attachment, ExecStreams session, boolean stdout,
                                    boolean stderr) {
        try {
            ContainerRuntime.Attachment.Output output;
            while ((output = attachment.read()) != null && !session.closed()) {
                int channel = output.stream();
                if (channel == Channels.STDOUT && stdout || channel == Channels.STDERR && stderr) {
                    session.send(channel, output.data(), output.data().length);
                }
            }
        } catch (IOException e) {
            // The client left, or conmon did.
        }
    }

    /** The container's stdin as a stream: writes become messages to conmon, close ends this session's stdin. */
    private static OutputStream stdinOf(ContainerRuntime.Attachment attachment) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] data, int offset, int length) throws IOException {
                attachment.write(data, offset, length);
            }

            @Override
            public void close() throws IOException {
                attachment.closeStdin();
            }
        };
    }

    /** The container's output from now on, until it exits or the client leaves. */
    private void followOutput(ContainerStatus container, Map<String, String> query,
                              Supplier<ServerWebSocket> upgrade) {
        ExecStreams session = session(upgrade.get(), query);
        Thread serving = Thread.currentThread();
        session.onClose(serving::interrupt);
        try {
            runtime.logs(container.info().id(), new ContainerLogs.Options(0, null, false, true, -1),
                    session.output(Channels.STDOUT));
        } catch (IOException | UncheckedIOException e) {
            // the client left
        }
        session.finish(Channels.exitStatus(0));
    }

    /** Port-forward over SPDY tunnelled in WebSocket messages ({@link PortForwardSession}). */
    void portForward(NodePath.PortForward path, Supplier<ServerWebSocket> upgrade) {
        ServerWebSocket socket = upgrade.get();
        if (!PortForwardSession.PROTOCOL.equals(socket.subProtocol())) {
            socket.close((short) 1002, "port-forward speaks " + PortForwardSession.PROTOCOL);
            return;
        }
        new PortForwardSession(socket, pods.netns(path.namespace(), path.pod()).orElse(null),
                path.namespace() + "/" + path.pod()).run();
    }

    /** The newest attempt of the named container (a pod re-created under the same name: its newest). */
    private Optional<ContainerStatus> newest(String namespace, String pod, String container) {
        return runtime.list().stream()
                .filter(s -> s.info().podNamespace().equals(namespace) && s.info().podName().equals(pod)
                        && s.info().name().equals(container))
                .max(Comparator.comparing((ContainerStatus s) -> s.info().createdAt())
                        .thenComparingInt(s -> s.info().attempt()));
    }

    private Optional<ContainerStatus> running(String namespace, String pod, String container) {
        return newest(namespace, pod, container).filter(ContainerStatus::running);
    }

    /** Errors before the upgrade are a WebSocket that reports the failure on the error channel and closes. */
    private static void rejectUpgrade(Supplier<ServerWebSocket> upgrade, Map<String, String> query, String message) {
        session(upgrade.get(), query).finish(Channels.failure(message));
    }

    /** The client's streams: WebSocket channels, or SPDY streams the API server tunnels (older kubectl). */
    private static ExecStreams session(ServerWebSocket socket, Map<String, String> query) {
        if (SpdyExecSession.PROTOCOL.equals(socket.subProtocol())) {
            return SpdyExecSession.open(socket, LogQuery.flag(query, "stdin"), LogQuery.flag(query, "stdout"),
                    LogQuery.flag(query, "stderr") && !LogQuery.flag(query, "tty"));
        }
        return new ChannelSession(socket);
    }

    private static void closeQuietly(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // nothing to close
        }
    }

    static void sendStatus(HttpServerResponse response, int code, String reason, String message) {
        if (response.headWritten()) {
            response.reset();
            return;
        }
        ObjectNode status = JSON.createObjectNode();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", message);
        status.put("reason", reason);
        status.put("code", code);
        response.setStatusCode(code).putHeader("Content-Type", "application/json")
                .end(Buffer.buffer(JSON.writeValueAsBytes(status)));
    }
}
