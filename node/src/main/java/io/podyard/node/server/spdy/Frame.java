package io.podyard.node.server.spdy;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/** SPDY/3.1 frames as read off the wire, and the few the server writes. Pure. */
sealed interface Frame {
    int FLAG_FIN = 0x01;
    int VERSION = 3;
    int SYN_STREAM = 1;
    int SYN_REPLY = 2;
    int RST_STREAM = 3;
    int PING = 6;
    int GOAWAY = 7;

    record Data(int streamId, int flags, byte[] data) implements Frame {
        boolean fin() {
            return (flags & FLAG_FIN) != 0;
        }
    }

    record Control(int type, int flags, byte[] data) implements Frame {
        int streamId() {
            return ByteBuffer.wrap(data).getInt() & 0x7fffffff;
        }
    }

    /** The next frame, or null at the end of the stream. */
    static Frame read(DataInputStream in) throws IOException {
        int first;
        try {
            first = in.readInt();
        } catch (java.io.EOFException e) {
            return null;
        }
        int flagsAndLength = in.readInt();
        byte[] data = new byte[flagsAndLength & 0xffffff];
        in.readFully(data);
        int flags = flagsAndLength >>> 24;
        if (first < 0) {
            return new Control(first & 0xffff, flags, data);
        }
        return new Data(first & 0x7fffffff, flags, data);
    }

    static byte[] control(int type, int flags, byte[] payload) {
        return ByteBuffer.allocate(8 + payload.length).putInt(0x80000000 | (VERSION << 16) | type)
                .putInt((flags << 24) | payload.length).put(payload).array();
    }

    static byte[] data(int streamId, int flags, byte[] payload, int length) {
        return ByteBuffer.allocate(8 + length).putInt(streamId & 0x7fffffff).putInt((flags << 24) | length)
                .put(payload, 0, length).array();
    }

    static byte[] synReply(int streamId, byte[] headerBlock) {
        return control(SYN_REPLY, 0, ByteBuffer.allocate(4 + headerBlock.length).putInt(streamId).put(headerBlock)
                .array());
    }

    static byte[] rstStream(int streamId, int status) {
        return control(RST_STREAM, 0, ByteBuffer.allocate(8).putInt(streamId).putInt(status).array());
    }
}
