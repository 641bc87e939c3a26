package io.podyard.apiserver.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;

/**
 * How watch events reach a client: newline-delimited JSON on a streamed HTTP response (kubectl),
 * or one text message per event on a WebSocket (fabric8 and other clients that upgrade).
 */
interface WatchTransport {

    void send(byte[] json);

    /** True while the client has not read what was already sent. */
    boolean backedUp();

    void end();

    void onClose(Runnable action);

    static WatchTransport http(HttpServerResponse response) {
        response.setStatusCode(200).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-cache, private").setChunked(true);
        response.writeHead(); // as Kubernetes does: the client knows at once that the watch is open
        return new WatchTransport() {
            @Override
            public void send(byte[] json) {
                response.write(Buffer.buffer(json.length + 1).appendBytes(json).appendByte((byte) '\n'));
            }

            @Override
            public boolean backedUp() {
                return response.writeQueueFull();
            }

            @Override
            public void end() {
                response.end();
            }

            @Override
            public void onClose(Runnable action) {
                response.closeHandler(v -> action.run());
            }
        };
    }

    static WatchTransport webSocket(ServerWebSocket socket) {
        return new WatchTransport() {
            @Override
            public void send(byte[] json) {
                socket.writeTextMessage(new String(json, java.nio.charset.StandardCharsets.UTF_8));
            }

            @Override
            public boolean backedUp() {
                return socket.writeQueueFull();
            }

            @Override
            public void end() {
                socket.close();
            }

            @Override
            public void onClose(Runnable action) {
                socket.closeHandler(v -> action.run());
            }
        };
    }
}
