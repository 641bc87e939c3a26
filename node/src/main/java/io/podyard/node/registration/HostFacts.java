package io.podyard.node.registration;

import io.podyard.node.exec.Command;
import io.podyard.node.exec.CommandResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads the node's facts and pressure from the host (/proc, /etc/os-release, the data dir's file system). */
public final class HostFacts {
    private HostFacts() {
    }

    public static NodeFacts read(String hostname, Path dataDir, Path runc) {
        return new NodeFacts(hostname, internalIp(), Runtime.getRuntime().availableProcessors(),
                meminfo("MemTotal"), fileStore(dataDir).map(HostFacts::total).orElse(0L),
                firstLine(Path.of("/proc/sys/kernel/osrelease")).orElse("unknown"), osImage(), architecture(),
                "runc://" + runcVersion(runc), firstLine(Path.of("/etc/machine-id")).orElse(""),
                firstLine(Path.of("/proc/sys/kernel/random/boot_id")).orElse(""),
                firstLine(Path.of("/sys/class/dmi/id/product_uuid")).orElse(""), 0);
    }

    public static NodePressure pressure(Path dataDir) {
        Optional<FileStore> store = fileStore(dataDir);
        HostLoad load = hostLoad();
        return new NodePressure(load.memAvailable(), store.map(HostFacts::usable).orElse(0L),
                store.map(HostFacts::total).orElse(0L), load.pids(), load.pidMax());
    }

    /** Memory and processes of the whole host, read at most every {@link #HOST_LOAD_TTL_NANOS}. */
    private record HostLoad(long memAvailable, long pids, long pidMax, long readAt) {
    }

    /**
     * Hollow nodes share one host: thousands of them checking it every 10 s would list /proc hundreds
     * of times a second, so a reading younger than 2 s is shared. A real node reads every 10 s.
     */
    private static final long HOST_LOAD_TTL_NANOS = 2_000_000_000L;
    private static volatile HostLoad lastLoad;

    private static HostLoad hostLoad() {
        HostLoad load = lastLoad;
        long now = System.nanoTime();
        if (load != null && now - load.readAt() < HOST_LOAD_TTL_NANOS) {
            return load;
        }
        long pids = 0;
        try (Stream<Path> proc = Files.list(Path.of("/proc"))) {
            pids = proc.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).count();
        } catch (IOException e) {
            // unknown; no PID pressure is reported
        }
        long pidMax = firstLine(Path.of("/proc/sys/kernel/pid_max")).map(Long::parseLong).orElse(32768L);
        load = new HostLoad(meminfo("MemAvailable"), pids, pidMax, now);
        lastLoad = load;
        return load;
    }

    /** Go's GOARCH spelling of this machine's architecture. */
    static String architecture() {
        return switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            case String other -> other;
        };
    }

    /** The address of the interface the default route uses, else the first non-loopback IPv4, else loopback. */
    static String internalIp() {
        try {
            Optional<String> routeInterface = Files.readAllLines(Path.of("/proc/net/route")).stream().skip(1)
                    .map(l -> l.trim().split("\\s+")).filter(f -> f.length > 2 && f[1].equals("00000000"))
                    .map(f -> f[0]).findFirst();
            if (routeInterface.isPresent()) {
                Optional<String> address = ipv4(NetworkInterface.getByName(routeInterface.get()));
                if (address.isPresent()) {
                    return address.get();
                }
            }
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp() && !nic.isLoopback()) {
                    Optional<String> address = ipv4(nic);
                    if (address.isPresent()) {
                        return address.get();
                    }
                }
            }
        } catch (IOException e) {
            // fall back to loopback
        }
        return "127.0.0.1";
    }

    private static Optional<String> ipv4(NetworkInterface nic) throws SocketException {
        if (nic == null) {
            return Optional.empty();
        }
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
            if (address instanceof Inet4Address) {
                return Optional.of(address.getHostAddress());
            }
        }
        return Optional.empty();
    }

    static String osImage() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring("PRETTY_NAME=".length()).replace("\"", "");
                }
            }
        } catch (IOException e) {
            // unknown
        }
        return "Linux";
    }

    /** "runc version 1.1.5+ds1" → "1.1.5+ds1". */
    static String runcVersion(Path runc) {
        CommandResult result = Command.of(runc.toString(), "--version").run();
        String first = result.stdout().lines().findFirst().orElse("");
        return first.startsWith("runc version ") ? first.substring("runc version ".length()).strip() : "unknown";
    }

    /** A /proc/meminfo value in bytes (0 when absent). */
    static long meminfo(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith(key + ":")) {
                    List<String> fields = List.of(line.substring(key.length() + 1).trim().split("\\s+"));
                    return Long.parseLong(fields.getFirst()) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // unknown
        }
        return 0;
    }

    private static Optional<FileStore> fileStore(Path dir) {
        try {
            Files.createDirectories(dir);
            return Optional.of(Files.getFileStore(dir));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static long total(FileStore store) {
        try {
            return store.getTotalSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long usable(FileStore store) {
        try {
            return store.getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<String> firstLine(Path file) {
        try {
            return Files.readAllLines(file).stream().findFirst().map(String::strip);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
