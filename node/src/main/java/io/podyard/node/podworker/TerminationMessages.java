package io.podyard.node.podworker;

import io.fabric8.kubernetes.api.model.Container;
import io.podyard.node.runtime.ContainerLogs;
import io.podyard.node.runtime.ContainerRuntime;
import io.podyard.node.runtime.ContainerState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A terminated container's message, as kubelet reads it: what the container wrote to its
 * terminationMessagePath (at most 4 KiB); with FallbackToLogsOnError and nothing written, after a
 * failure, the end of its log (at most 80 lines and 2 KiB).
 */
final class TerminationMessages {
    static final int MAX_FILE_BYTES = 4096;
    static final int MAX_LOG_LINES = 80;
    static final int MAX_LOG_BYTES = 2048;

    private TerminationMessages() {
    }

    static String read(ContainerRuntime runtime, Container container, String id, ContainerState.Exited exited) {
        String written = runtime.terminationMessage(id, MAX_FILE_BYTES);
        if (!written.isEmpty() || exited.exitCode() == 0
                || !"FallbackToLogsOnError".equals(container.getTerminationMessagePolicy())) {
            return written;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            runtime.logs(id, new ContainerLogs.Options(MAX_LOG_LINES, null, false, false, -1), out);
        } catch (IOException | RuntimeException e) {
            return "";
        }
        return lastBytes(out.toByteArray(), MAX_LOG_BYTES);
    }

    /** The last {@code max} bytes, not starting inside a UTF-8 sequence. */
    static String lastBytes(byte[] bytes, int max) {
        int from = Math.max(0, bytes.length - max);
        while (from < bytes.length && from > 0 && (bytes[from] & 0xC0) == 0x80) {
            from++;
        }
        return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
    }
}
