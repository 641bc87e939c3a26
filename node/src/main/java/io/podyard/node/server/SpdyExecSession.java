package io.podyard.node.server;

import io.podyard.node.server.spdy.SpdyConnection;
import io.vertx.core.http.ServerWebSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Exec or attach as SPDY carries it (kubectl before WebSockets: client-go's v4 stream protocol): the
 * client opens one stream per stdio channel, named by {@code streamtype} (error, stdin, stdout,
 * stderr, resize: client-go's TerminalSize as JSON lines). The API server tunnels the SPDY bytes in WebSocket messages to here.
 */
final class SpdyExecSession extends ExecStreams implements SpdyConnection.Handler {
    static final String PROTOCOL = "SPDY/3.1+" + Channels.V4;
    private static final int STDIN_CAPACITY = 64;
    private static final int MAX_SIZE_LINE = 1024;
    private static final String[] TYPES = {"stdin", "stdout", "stderr", "error"};

    private final SpdyConnection connection;
    private final Map<String, Integer> streams = new ConcurrentHashMap<>();
    private final Set<String> expected;
    private final CountDownLatch ready;
    private final ByteArrayOutputStream sizeLine = new ByteArrayOutputStream();

    private SpdyExecSession(ServerWebSocket socket, Set<String> expected) {
        super(STDIN_CAPACITY);
        this.connection = new SpdyConnection(socket);
        this.expected = expected;
        this.ready = new CountDownLatch(expected.size());
    }

    /** Serves the connection and returns once the client opened the streams the request asked for. */
    static SpdyExecSession open(ServerWebSocket socket, boolean stdin, boolean stdout, boolean stderr) {
        Set<String> expected = new java.util.HashSet<>(Set.of("error"));
        if (stdin) {
            expected.add("stdin");
        }
        if (stdout) {
            expected.add("stdout");
        }
        if (stderr) {
            expected.add("stderr");
        }
        SpdyExecSession session = new SpdyExecSession(socket, Set.copyOf(expected));
        Thread.ofVirtual().name("spdy exec").start(() -> session.connection.run(session));
        try {
            session.ready.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return session;
    }

    @Override
    public void opened(int streamId, Map<String, String> headers) {
        String type = headers.getOrDefault("streamtype", "");
        if (streams.putIfAbsent(type, streamId) == null && expected.contains(type)) {
            ready.countDown();
        }
    }

    @Override
    public void data(int streamId, byte[] data, boolean fin) {
        Integer resize = streams.get("resize");
        if (resize != null && resize == streamId) {
            resized(data);
            return;
        }
        Integer stdin = streams.get("stdin");
        if (stdin == null || stdin != streamId) {
            return; // the client's half-closed streams carry nothing
        }
        if (data.length > 0) {
            stdin(data);
        }
        if (fin) {
            stdinEnded();
        }
    }

    /**
     * The resize stream carries client-go's TerminalSize as JSON values, one per line (a
     * json.Encoder); a frame may end inside a line, so the unfinished rest waits for the next.
     */
    private void resized(byte[] data) {
        sizeLine.write(data, 0, data.length);
        byte[] pending = sizeLine.toByteArray();
        int end = pending.length;
        while (end > 0 && pending[end - 1] != '\n') {
            end--;
        }
        Channels.terminalSizes(java.util.Arrays.copyOf(pending, end)).forEach(this::resize);
        sizeLine.reset();
        if (pending.length - end <= MAX_SIZE_LINE) {
            sizeLine.write(pending, end, pending.length - end);
        } // else: not a size; drop it rather than grow
    }

    @Override
    public void reset(int streamId) {
        Integer stdin = streams.get("stdin");
        if (stdin != null && stdin == streamId) {
            stdinEnded();
        }
    }

    @Override
    public void connectionClosed() {
        ended();
    }

    @Override
    void send(int channel, byte[] data, int length) throws IOException {
        if (closed()) {
            throw new IOException("the client closed the connection");
        }
        Integer stream = channel < TYPES.length ? streams.get(TYPES[channel]) : null;
        if (stream != null) {
            connection.data(stream, data, length, false);
        }
    }

    @Override
    void finish(byte[] status) {
        try {
            Integer error = streams.get("error");
            if (error != null) {
                connection.data(error, status, status.length, true);
            }
            for (String type : new String[] {"stdout", "stderr"}) {
                Integer stream = streams.get(type);
                if (stream != null) {
                    connection.data(stream, status, 0, true);
                }
            }
        } catch (IOException e) {
            // Nobody is listening any more.
        }
        connection.close();
    }
}
