package io.podyard.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a host program (nft, ip) to completion with optional stdin. {@code prefix} lets tests run
 * the same commands inside a network namespace ({@code ip netns exec NAME}).
 */
public record HostCommand(List<String> prefix) {
    public static final HostCommand HOST = new HostCommand(List.of());

    public HostCommand {
        prefix = List.copyOf(prefix);
    }

    /** Commands run inside the named network namespace. */
    public static HostCommand inNetns(String netns) {
        return new HostCommand(List.of("ip", "netns", "exec", netns));
    }

    /** What a run ended with. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    public Result run(String stdin, String... argv) {
        List<String> command = new java.util.ArrayList<>(prefix);
        command.addAll(List.of(argv));
        ProcessBuilder builder = new ProcessBuilder(command);
        try {
            Process process = builder.start();
            CompletableFuture<String> out = drain(process.getInputStream());
            CompletableFuture<String> err = drain(process.getErrorStream());
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // It exited without reading everything; its status says why.
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "", String.join(" ", command) + ": timed out");
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }, r -> Thread.ofVirtual().start(r));
    }
}
