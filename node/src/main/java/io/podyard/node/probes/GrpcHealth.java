package io.podyard.node.probes;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The gRPC probe: one unary {@code grpc.health.v1.Health/Check} over cleartext HTTP/2 (prior
 * knowledge), written by hand since the node carries no gRPC client. The request's headers are
 * HPACK literals; the response's headers are not decoded: a DATA message saying SERVING (1) is
 * success, anything else (a trailers-only error, RST_STREAM, GOAWAY, another status) failure.
 */
final class GrpcHealth {
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int DATA = 0x0, HEADERS = 0x1, RST_STREAM = 0x3, SETTINGS = 0x4, PING = 0x6, GOAWAY = 0x7;
    private static final int END_STREAM = 0x1, ACK = 0x1, END_HEADERS = 0x4, PADDED = 0x8;
    private static final int SERVING = 1;
    private static final int MAX_RESPONSE = 64 * 1024;

    private GrpcHealth() {
    }

    static Outcome check(String host, int port, String service, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(PREFACE);
            frame(out, SETTINGS, 0, 0, new byte[0]);
            frame(out, HEADERS, END_HEADERS, 1, headers(host + ":" + port));
            frame(out, DATA, END_STREAM, 1, request(service));
            out.flush();
            return read(new DataInputStream(socket.getInputStream()), out, service);
        } catch (IOException e) {
            return Outcome.failed("failed to connect service \"" + host + ":" + port + "\" within " + timeout.toSeconds()
                    + "s: " + e.getMessage());
        }
    }

    private static Outcome read(DataInputStream in, OutputStream out, String service) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        while (true) {
            int length = (in.readUnsignedShort() << 8) | in.readUnsignedByte();
            int type = in.readUnsignedByte();
            int flags = in.readUnsignedByte();
            int stream = in.readInt() & 0x7fffffff;
            if (length > MAX_RESPONSE) {
                return Outcome.failed("gRPC response frame too large");
            }
            byte[] payload = in.readNBytes(length);
            switch (type) {
                case SETTINGS -> {
                    if ((flags & ACK) == 0) {
                        frame(out, SETTINGS, ACK, 0, new byte[0]);
                        out.flush();
                    }
                }
                case PING -> {
                    if ((flags & ACK) == 0) {
                        frame(out, PING, ACK, 0, payload);
                        out.flush();
                    }
                }
                case GOAWAY -> {
                    return Outcome.failed("gRPC server went away");
                }
                case RST_STREAM -> {
                    return Outcome.failed("gRPC server reset the health check");
                }
                case DATA -> {
                    if (stream == 1) {
                        // PADDED (0x8): a pad length byte first, that many pad bytes last.
                        int pad = (flags & PADDED) != 0 && payload.length > 0 ? payload[0] & 0xff : -1;
                        int from = pad < 0 ? 0 : 1;
                        message.write(payload, from, Math.max(0, payload.length - from - Math.max(pad, 0)));
                    }
                }
                default -> {
                }
            }
            if (stream == 1 && (type == DATA || type == HEADERS) && (flags & END_STREAM) != 0) {
                return verdict(message.toByteArray(), service);
            }
        }
    }

    /** HealthCheckResponse { ServingStatus status = 1; } in a gRPC length-prefixed message. */
    static Outcome verdict(byte[] body, String service) {
        if (body.length < 5) {
            return Outcome.failed("gRPC health check of service \"" + service + "\" returned no response");
        }
        int status = 0;
        int i = 5;
        while (i < body.length) {
            int tag = body[i++] & 0xff;
            if (tag == 0x08) {
                int value = 0;
                int shift = 0;
                while (i < body.length) {
                    int b = body[i++] & 0xff;
                    value |= (b & 0x7f) << shift;
                    shift += 7;
                    if ((b & 0x80) == 0) {
                        break;
                    }
                }
                status = value;
            } else {
                break;
            }
        }
        return status == SERVING ? Outcome.ok()
                : Outcome.failed("service unhealthy (responded with \"" + statusName(status) + "\")");
    }

    private static String statusName(int status) {
        return switch (status) {
            case 0 -> "UNKNOWN";
            case 2 -> "NOT_SERVING";
            case 3 -> "SERVICE_UNKNOWN";
            default -> Integer.toString(status);
        };
    }

    /** HealthCheckRequest { string service = 1; } with the 5-byte gRPC prefix (uncompressed, length). */
    static byte[] request(String service) {
        byte[] name = service.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream proto = new ByteArrayOutputStream();
        if (name.length > 0) {
            proto.write(0x0a);
            varint(proto, name.length);
            proto.writeBytes(name);
        }
        byte[] message = proto.toByteArray();
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        framed.write(0);
        framed.write(message.length >>> 24);
        framed.write(message.length >>> 16);
        framed.write(message.length >>> 8);
        framed.write(message.length);
        framed.writeBytes(message);
        return framed.toByteArray();
    }

    private static byte[] headers(String authority) {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        block.write(0x83); // :method POST (static table 3)
        block.write(0x86); // :scheme http (static table 6)
        literal(block, ":path", "/grpc.health.v1.Health/Check");
        literal(block, ":authority", authority);
        literal(block, "content-type", "application/grpc");
        literal(block, "te", "trailers");
        literal(block, "user-agent", "kube-probe/1.32");
        return block.toByteArray();
    }

    /** A literal header field without indexing, new name, no Huffman coding. */
    private static void literal(ByteArrayOutputStream block, String name, String value) {
        block.write(0x00);
        string(block, name);
        string(block, value);
    }

    private static void string(ByteArrayOutputStream block, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
        integer(block, bytes.length, 7, 0);
        block.writeBytes(bytes);
    }

    /** HPACK's integer with an N-bit prefix. */
    private static void integer(ByteArrayOutputStream block, int value, int prefixBits, int firstByteFlags) {
        int max = (1 << prefixBits) - 1;
        if (value < max) {
            block.write(firstByteFlags | value);
            return;
        }
        block.write(firstByteFlags | max);
        value -= max;
        while (value >= 0x80) {
            block.write((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        block.write(value);
    }

    private static void varint(ByteArrayOutputStream out, int value) {
        while ((value & ~0x7f) != 0) {
            out.write((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write(value);
    }

    private static void frame(OutputStream out, int type, int flags, int stream, byte[] payload) throws IOException {
        int length = payload.length;
        out.write(new byte[] {(byte) (length >>> 16), (byte) (length >>> 8), (byte) length, (byte) type,
                (byte) flags, (byte) (stream >>> 24), (byte) (stream >>> 16), (byte) (stream >>> 8), (byte) stream});
        out.write(payload);
    }
}
