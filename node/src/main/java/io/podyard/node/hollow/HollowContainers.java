package io.podyard.node.hollow;

import io.fabric8.kubernetes.api.model.Pod;
import io.podyard.node.pty.Winsize;
import io.podyard.node.runtime.ContainerInfo;
import io.podyard.node.runtime.ContainerLogs;
import io.podyard.node.runtime.ContainerRequest;
import io.podyard.node.runtime.ContainerRuntime;
import io.podyard.node.runtime.ContainerRuntimeException;
import io.podyard.node.runtime.ContainerState;
import io.podyard.node.runtime.ContainerStatus;
import io.podyard.node.runtime.ExecSyncResult;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Pretend containers, in memory: created, "running" from start until stopped (or until the exit
 * the pod's annotations ask for, see {@link HollowSettings}), exited with a code. No process, file
 * or cgroup exists. Signals TERM/INT/QUIT/KILL end a running container (exit 128 + signal), as
 * they would a process that does not catch them; a stop ends it with 0, as a process that exits
 * on its stop signal.
 */
public final class HollowContainers implements ContainerRuntime {
    /** One timer for the planned exits of every hollow node in the JVM. */
    private static final ScheduledExecutorService EXITS = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("hollow-exits").factory());

    private final HollowSettings settings;
    private final Clock clock;
    private final NavigableMap<String, Container> containers = new ConcurrentSkipListMap<>();
    private volatile Consumer<String> exited = uid -> { };

    private record Container(ContainerInfo info, ContainerState state, Pod pod) {
        Container with(ContainerState next) {
            return new Container(info, next, pod);
        }

        ContainerStatus status() {
            return new ContainerStatus(info, state);
        }
    }

    public HollowContainers(HollowSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** Who hears of each exit, by pod uid (as conmon's exit files tell the real agent). */
    public void onExit(Consumer<String> podUid) {
        this.exited = podUid;
    }

    @Override
    public ContainerInfo create(ContainerRequest request) {
        Pod pod = request.pod();
        String id = ContainerInfo.id(pod.getMetadata().getUid(), request.container().getName(), request.attempt());
        ContainerInfo info = new ContainerInfo(id, pod.getMetadata().getUid(), pod.getMetadata().getNamespace(),
                pod.getMetadata().getName(), request.container().getName(), request.attempt(),
                Path.of("/nonexistent/hollow", id + ".log"),
                request.image().stopSignal().isEmpty() ? "SIGTERM" : request.image().stopSignal(), clock.instant());
        containers.putIfAbsent(id, new Container(info, new ContainerState.Created(info.createdAt()), pod));
        return containers.get(id).info();
    }

    @Override
    public void start(String id) {
        HollowSettings.pause(settings.startLatency());
        Container container = get(id);
        if (!(container.state() instanceof ContainerState.Created)) {
            throw new ContainerRuntimeException("container " + id + " is not in state created");
        }
        containers.computeIfPresent(id, (k, c) -> c.with(new ContainerState.Running(1, clock.instant())));
        Optional<Integer> exitCode = HollowSettings.annotation(container.pod(), HollowSettings.EXIT_CODE);
        if (exitCode.isPresent()) {
            long seconds = HollowSettings.annotation(container.pod(), HollowSettings.RUN_SECONDS).orElse(0);
            EXITS.schedule(() -> exit(id, exitCode.get()), Math.max(0, seconds), TimeUnit.SECONDS);
        }
    }

    private void exit(String id, int code) {
        Container after = containers.computeIfPresent(id, (k, c) -> c.state() instanceof ContainerState.Running r
                ? c.with(new ContainerState.Exited(code, r.startedAt(), clock.instant(), false)) : c);
        if (after != null) {
            exited.accept(after.info().podUid());
        }
    }

    private Container get(String id) {
        Container container = containers.get(id);
        if (container == null) {
            throw new ContainerRuntimeException("no such container: " + id);
        }
        return container;
    }

    @Override
    public ContainerStatus status(String id) {
        return get(id).status();
    }

    @Override
    public List<ContainerStatus> list() {
        return containers.values().stream().map(Container::status).toList();
    }

    @Override
    public List<ContainerStatus> list(String podUid) {
        // ids are <uid>_<name>_<attempt>; '`' is the character after '_'
        return containers.subMap(podUid + "_", podUid + "`").values().stream().map(Container::status).toList();
    }

    @Override
    public List<String> podUids() {
        return containers.values().stream().map(c -> c.info().podUid()).distinct().toList();
    }

    @Override
    public void signal(String id, String signal) {
        int number = switch (signal.toUpperCase().replaceFirst("^SIG", "")) {
            case "INT", "2" -> 2;
            case "QUIT", "3" -> 3;
            case "KILL", "9" -> 9;
            case "TERM", "15" -> 15;
            default -> 0;
        };
        get(id);
        if (number != 0) {
            exit(id, 128 + number);
        }
    }

    @Override
    public ExecSyncResult execSync(String id, List<String> command, Duration timeout) {
        int code = HollowSettings.annotation(get(id).pod(), HollowSettings.PROBE_EXIT_CODE).orElse(0);
        return new ExecSyncResult(code, "", code == 0 ? "" : "hollow handler exits with " + code, false);
    }

    /** A hollow container runs no process to exec in: {@code kubectl exec} is refused with a reason. */
    @Override
    public Process exec(String id, List<String> command, boolean stderrToStdout) {
        get(id);
        throw new ContainerRuntimeException("container " + id + " runs on a hollow node, which runs no processes");
    }

    @Override
    public Attachment attach(String id) {
        get(id);
        throw new ContainerRuntimeException("container " + id + " runs on a hollow node, which runs no processes");
    }

    @Override
    public TerminalExec execTerminal(String id, List<String> command, Winsize size) {
        return new TerminalExec(exec(id, command, true), null);
    }

    @Override
    public String terminationMessage(String id, int maxBytes) {
        return "";
    }

    @Override
    public ContainerStatus stop(String id, Duration gracePeriod) {
        exit(id, 0);
        return status(id);
    }

    @Override
    public void remove(String id) {
        containers.remove(id);
    }

    @Override
    public void removePod(String podUid) {
        containers.subMap(podUid + "_", podUid + "`").clear();
    }

    @Override
    public boolean hollow() {
        return true;
    }

    @Override
    public void rotateLogs() {
    }

    @Override
    public void logs(String id, ContainerLogs.Options options, OutputStream out) {
        get(id);
    }
}
