package io.podyard.node.server;

import io.podyard.node.pty.Winsize;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The WebSocket channel protocol of exec and attach (client-go remotecommand, apimachinery
 * wsstream): each binary message starts with its channel byte. v5 adds a close message
 * ({@code [255, channel]}) so a client can end stdin without ending the connection. Pure.
 */
final class Channels {
    static final String V5 = "v5.channel.k8s.io";
    static final String V4 = "v4.channel.k8s.io";
    /** In the server's order of preference; the client's order decides among them. */
    static final List<String> PROTOCOLS = List.of(V5, V4);

    static final int STDIN = 0;
    static final int STDOUT = 1;
    static final int STDERR = 2;
    static final int ERROR = 3;
    static final int RESIZE = 4;
    static final int CLOSE = 255;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Channels() {
    }

    static byte[] frame(int channel, byte[] data, int length) {
        byte[] frame = new byte[length + 1];
        frame[0] = (byte) channel;
        System.arraycopy(data, 0, frame, 1, length);
        return frame;
    }

    /**
     * What the error channel carries when the command ended: a v1 Status, Success for exit code 0,
     * otherwise Kubelet's NonZeroExitCode with the code as the ExitCode cause, which kubectl
     * turns into its own exit code.
     */
    static byte[] exitStatus(int exitCode) {
        ObjectNode status = JSON.createObjectNode();
        status.putObject("metadata");
        if (exitCode == 0) {
            status.put("status", "Success");
        } else {
            status.put("status", "Failure");
            status.put("message", "command terminated with non-zero exit code: error executing command, exit code "
                    + exitCode);
            status.put("reason", "NonZeroExitCode");
            ObjectNode cause = status.putObject("details").putArray("causes").addObject();
            cause.put("reason", "ExitCode");
            cause.put("message", Integer.toString(exitCode));
        }
        return JSON.writeValueAsBytes(status);
    }

    /**
     * The size a resize message asks for: client-go's TerminalSize as JSON, {"Width":W,"Height":H}.
     * Empty for anything else (kubelet logs and ignores a bad one), so a client cannot break the session.
     */
    static Optional<Winsize> terminalSize(byte[] json) {
        try {
            JsonNode size = JSON.readTree(json);
            JsonNode width = size.get("Width");
            JsonNode height = size.get("Height");
            if (width == null || height == null || !width.canConvertToInt() || !height.canConvertToInt()) {
                return Optional.empty();
            }
            return Optional.of(new Winsize(width.asInt(), height.asInt()));
        } catch (JacksonException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The sizes one resize message carries: client-go writes them with a json.Encoder, one per
     * line, and two written back to back (kubectl attach's larger-then-real pair) may share a message.
     */
    static List<Winsize> terminalSizes(byte[] message) {
        List<Winsize> sizes = new java.util.ArrayList<>();
        int start = 0;
        for (int i = 0; i <= message.length; i++) {
            if (i == message.length || message[i] == '\n') {
                if (i > start) {
                    terminalSize(java.util.Arrays.copyOfRange(message, start, i)).ifPresent(sizes::add);
                }
                start = i + 1;
            }
        }
        return sizes;
    }

    /** A failure that is not the command's exit (it could not run): Status Failure with the message. */
    static byte[] failure(String message) {
        ObjectNode status = JSON.createObjectNode();
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", message);
        status.put("reason", "InternalError");
        return JSON.writeValueAsBytes(status);
    }
}
