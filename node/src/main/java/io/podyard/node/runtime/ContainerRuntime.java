package io.podyard.node.runtime;

import io.podyard.node.pty.Pty;
import io.podyard.node.pty.Winsize;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Runs a pod's containers. All state lives on disk under the configured root, so a new instance
 * over the same root (an agent restart) sees and controls the containers an earlier one made;
 * nothing here keeps a container alive — its monitor does.
 */
public interface ContainerRuntime {
    /**
     * Mounts the container's root file system, writes its OCI spec and creates it under its
     * monitor; the process waits to be started. Throws {@link ContainerConfigException} when the
     * pod's configuration cannot be run and {@link ContainerRuntimeException} when the system
     * fails; either way nothing is left behind.
     */
    ContainerInfo create(ContainerRequest request);

    /** Starts a created container's process. */
    void start(String id);

    ContainerStatus status(String id);

    /** Every container under the root, in id order: how a restarted agent re-adopts them. */
    List<ContainerStatus> list();

    /** The containers of one pod (every attempt), in id order; cheaper than {@link #list()} on a busy node. */
    List<ContainerStatus> list(String podUid);

    /** Uids of the pods that have containers under the root, without asking runc about any. */
    List<String> podUids();

    /** Sends a signal ("SIGHUP", "TERM", "9") to the container's main process. */
    void signal(String id, String signal);

    /**
     * Runs a command inside the running container and waits for it (exec probes, hooks): no
     * terminal, no stdin, killed after {@code timeout}. Exit code 0 is success.
     */
    ExecSyncResult execSync(String id, List<String> command, Duration timeout);

    /**
     * What the container wrote to its terminationMessagePath (a node file bind-mounted there),
     * at most {@code maxBytes}; empty when nothing was written.
     */
    String terminationMessage(String id, int maxBytes);

    /**
     * Stops the container as Kubernetes does: its stop signal, up to {@code gracePeriod} for
     * it to exit, then SIGKILL. Returns the final status.
     */
    ContainerStatus stop(String id, Duration gracePeriod);

    /**
     * Deletes the container (killing it if it still runs), its monitor, mounts and cgroup. Its
     * log stays for `kubectl logs --previous` until {@link #removePod}. Repeating it is harmless.
     */
    void remove(String id);

    /** After its containers are removed: the pod's parent cgroup and its log directory. */
    void removePod(String podUid);

    /**
     * The local disk the container's attempt uses: its writable layer and its log files (what
     * kubelet counts against ephemeral-storage). 0 when the runtime cannot tell.
     */
    default long diskUsage(String id) {
        return 0;
    }

    /** Rotates the live log of every running container that grew past the size limit. */
    void rotateLogs();

    /** Writes the container's log; with follow, until it has exited and everything is read. */
    void logs(String id, ContainerLogs.Options options, OutputStream out) throws IOException;

    /**
     * Starts {@code command} inside the running container with the process settings of its main
     * process (env, working directory, user, capabilities), without a terminal. The caller owns the
     * returned process's pipes; its exit code is the command's. With {@code stderrToStdout} both
     * streams arrive on its stdout (what a terminal would show; there is no pty yet).
     */
    Process exec(String id, List<String> command, boolean stderrToStdout);

    /**
     * Like {@link #exec}, with the command on a new terminal of {@code size} ({@code kubectl exec
     * -t}): its stdin, stdout and stderr are the terminal, whose master the caller reads, writes,
     * resizes and closes once the process ended and its output was read.
     */
    TerminalExec execTerminal(String id, List<String> command, Winsize size);

    /**
     * Connects to the running container's stdio as its monitor relays it ({@code kubectl attach
     * -i}): output from now on, stdin into the process if the container has stdin, the terminal's
     * size if it has a terminal.
     */
    Attachment attach(String id);

    /** One attach session; reads block (a native call: use a platform thread). */
    interface Attachment extends AutoCloseable {
        /** The next piece of output, or null once the container's monitor ended. */
        Output read() throws java.io.IOException;

        void write(byte[] data, int offset, int length) throws java.io.IOException;

        /** Ends this session's stdin; with stdinOnce the container's stdin closes too. */
        void closeStdin() throws java.io.IOException;

        void resize(Winsize size);

        @Override
        void close();

        /** Output on a stream: 1 stdout, 2 stderr (a terminal's output is all stdout). */
        record Output(int stream, byte[] data) {
        }
    }

    /** A command running on a terminal: the process (exit code, signals) and the terminal's master. */
    record TerminalExec(Process process, Pty terminal) {
    }

    /**
     * True for a pretend runtime (hollow nodes), whose pods have no network: probes and hooks that
     * would connect to the pod ask {@link #execSync} instead.
     */
    default boolean hollow() {
        return false;
    }

    static ContainerRuntime runc(RuntimeConfig config, Clock clock) {
        return new RuncRuntime(config, clock);
    }
}
