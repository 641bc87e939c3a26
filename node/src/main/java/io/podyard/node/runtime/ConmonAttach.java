package io.podyard.node.runtime;

import io.podyard.node.pty.SeqpacketSocket;
import io.podyard.node.pty.Winsize;
import java.io.IOException;
import java.util.Arrays;

/**
 * An attach session through conmon's attach socket ({@code <bundle>/attach}, SOCK_SEQPACKET):
 * each message from conmon is one piece of output after a byte naming its pipe (conmon's
 * stdpipe_t: 2 stdout, 3 stderr; a terminal is all stdout), each message to it is stdin for the
 * container. Shutting
 * our side down ends the container's stdin when conmon runs without --leave-stdin-open.
 */
final class ConmonAttach implements ContainerRuntime.Attachment {
    /** Conmon's CONN_SOCK_BUF_SIZE less one: the most it reads from one message. */
    private static final int MAX_STDIN_MESSAGE = 8192;
    /** Conmon's STDIO_BUF_SIZE (8192) and its pipe byte, with room to spare. */
    private static final int MAX_OUTPUT_MESSAGE = 32 * 1024 + 1;

    private final ContainerDir dir;
    private final SeqpacketSocket socket;
    private final byte[] buffer = new byte[MAX_OUTPUT_MESSAGE];

    private ConmonAttach(ContainerDir dir, SeqpacketSocket socket) {
        this.dir = dir;
        this.socket = socket;
    }

    static ConmonAttach connect(ContainerDir dir) {
        try {
            return new ConmonAttach(dir, SeqpacketSocket.connect(dir.dir(), "attach"));
        } catch (IOException e) {
            throw new ContainerRuntimeException("cannot attach to " + dir.dir().getFileName() + ": " + e.getMessage(), e);
        }
    }

    private static final int CONMON_STDOUT = 2;
    private static final int CONMON_STDERR = 3;

    /**
     * One message from conmon as output on stdout (1) or stderr (2); null for a message without
     * data or from another pipe. Pure.
     */
    static Output output(byte[] message, int length) {
        if (length < 2) {
            return null;
        }
        int stream = switch (message[0]) {
            case CONMON_STDOUT -> 1;
            case CONMON_STDERR -> 2;
            default -> 0;
        };
        return stream == 0 ? null : new Output(stream, Arrays.copyOfRange(message, 1, length));
    }

    @Override
    public Output read() throws IOException {
        while (true) {
            int n = socket.receive(buffer);
            if (n < 0) {
                return null;
            }
            Output output = output(buffer, n);
            if (output != null) {
                return output;
            }
        }
    }

    @Override
    public void write(byte[] data, int offset, int length) throws IOException {
        for (int done = 0; done < length; done += MAX_STDIN_MESSAGE) {
            socket.send(data, offset + done, Math.min(MAX_STDIN_MESSAGE, length - done));
        }
    }

    @Override
    public void closeStdin() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public void resize(Winsize size) {
        Conmon.resize(dir, size);
    }

    @Override
    public void close() {
        socket.close();
    }
}
