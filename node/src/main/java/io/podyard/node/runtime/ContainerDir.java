package io.podyard.node.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * One container's directory, {@code <root>/containers/<id>}: the OCI bundle (config.json and
 * the overlay's rootfs, upper, work), what conmon writes (pidfile, conmon.pid, exit, oom, ctl
 * fifo, attach socket) and what the runtime records (container.json, init, started).
 */
record ContainerDir(Path dir) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    Path config() {
        return dir.resolve("config.json");
    }

    Path rootfs() {
        return dir.resolve("rootfs");
    }

    Path upper() {
        return dir.resolve("upper");
    }

    Path work() {
        return dir.resolve("work");
    }

    Path pidFile() {
        return dir.resolve("pidfile");
    }

    Path conmonPidFile() {
        return dir.resolve("conmon.pid");
    }

    /** Written by conmon when the process ends (its persist dir is this directory). */
    Path exitFile() {
        return dir.resolve("exit");
    }

    Path oomFile() {
        return dir.resolve("oom");
    }

    /** Conmon's control fifo: "2 0 0\n" makes it reopen the log file. */
    Path ctlFifo() {
        return dir.resolve("ctl");
    }

    /** runc's own log (--log) for create, start and kill of this container. */
    Path runcLog() {
        return dir.resolve("runc.log");
    }

    Path conmonErrors() {
        return dir.resolve("conmon.err");
    }

    private Path infoFile() {
        return dir.resolve("container.json");
    }

    private Path startedFile() {
        return dir.resolve("started");
    }

    private Path initFile() {
        return dir.resolve("init");
    }

    /** The saved form of {@link ContainerInfo}: plain strings and numbers. */
    private record Saved(String id, String podUid, String podNamespace, String podName, String name, int attempt,
                         String logPath, String stopSignal, long createdAtMillis) {
    }

    void saveInfo(ContainerInfo info) {
        write(infoFile(), JSON.writeValueAsBytes(new Saved(info.id(), info.podUid(), info.podNamespace(),
                info.podName(), info.name(), info.attempt(), info.logPath().toString(), info.stopSignal(),
                info.createdAt().toEpochMilli())));
    }

    Optional<ContainerInfo> loadInfo() {
        try {
            Saved s = JSON.readValue(Files.readAllBytes(infoFile()), Saved.class);
            return Optional.of(new ContainerInfo(s.id(), s.podUid(), s.podNamespace(), s.podName(), s.name(),
                    s.attempt(), Path.of(s.logPath()), s.stopSignal(), Instant.ofEpochMilli(s.createdAtMillis())));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | JacksonException e) {
            return Optional.empty();
        }
    }

    void markStarted(Instant at) {
        write(startedFile(), Long.toString(at.toEpochMilli()).getBytes());
    }

    Optional<Instant> startedAt() {
        return readText(startedFile()).map(t -> Instant.ofEpochMilli(Long.parseLong(t)));
    }

    /** The container's process as created: its pid and start time, which name it even after the pid is reused. */
    record Init(int pid, long startTicks) {
    }

    void saveInit(Init init) {
        write(initFile(), (init.pid() + " " + init.startTicks()).getBytes());
    }

    Optional<Init> init() {
        return readText(initFile()).flatMap(text -> {
            String[] parts = text.split(" ");
            try {
                return parts.length == 2 ? Optional.of(new Init(Integer.parseInt(parts[0]), Long.parseLong(parts[1])))
                        : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /** The exit code conmon wrote and when it wrote it. */
    Optional<Exit> exit() {
        Path file = exitFile();
        Optional<String> text = readText(file);
        if (text.isEmpty() || text.get().isEmpty()) {
            return Optional.empty();
        }
        try {
            FileTime written = Files.getLastModifiedTime(file);
            return Optional.of(new Exit(Integer.parseInt(text.get()), written.toInstant(), Files.exists(oomFile())));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    record Exit(int code, Instant at, boolean oom) {
    }

    OptionalInt conmonPid() {
        return readText(conmonPidFile()).map(t -> OptionalInt.of(Integer.parseInt(t))).orElse(OptionalInt.empty());
    }

    private static Optional<String> readText(Path file) {
        try {
            return Optional.of(Files.readString(file).strip());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Temporary file and rename, so a crash never leaves half a record. */
    private static void write(Path file, byte[] content) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, content);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
