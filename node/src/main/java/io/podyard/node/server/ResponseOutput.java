package io.podyard.node.server;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ExecutionException;

/** A chunked HTTP response as a blocking stream: buffered, and each flush waits until Vert.x took the bytes. */
final class ResponseOutput extends OutputStream {
    private static final int SIZE = 32 * 1024;

    private final HttpServerResponse response;
    private final byte[] buffer = new byte[SIZE];
    private int count;

    ResponseOutput(HttpServerResponse response) {
        this.response = response;
    }

    @Override
    public void write(int b) throws IOException {
        if (count == SIZE) {
            flush();
        }
        buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (count == SIZE) {
                flush();
            }
            int n = Math.min(len, SIZE - count);
            System.arraycopy(b, off, buffer, count, n);
            count += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public void flush() throws IOException {
        if (count == 0) {
            return;
        }
        Buffer chunk = Buffer.buffer(count).appendBytes(buffer, 0, count);
        count = 0;
        try {
            response.write(chunk).toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw new IOException("the client went away: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }
}
