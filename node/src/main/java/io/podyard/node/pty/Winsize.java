package io.podyard.node.pty;

/**
 * A terminal's size as the kernel's {@code struct winsize} holds it: four unsigned shorts in
 * native (little-endian) order, rows then columns then pixels. Pure.
 */
public record Winsize(int columns, int rows) {
    static final int BYTES = 8;

    public Winsize {
        if (columns < 0 || columns > 0xffff || rows < 0 || rows > 0xffff) {
            throw new IllegalArgumentException("a terminal size is two numbers from 0 to 65535, not "
                    + columns + "x" + rows);
        }
    }

    byte[] encode() {
        byte[] bytes = new byte[BYTES];
        bytes[0] = (byte) rows;
        bytes[1] = (byte) (rows >>> 8);
        bytes[2] = (byte) columns;
        bytes[3] = (byte) (columns >>> 8);
        return bytes;
    }

    static Winsize decode(byte[] bytes) {
        return new Winsize((bytes[2] & 0xff) | (bytes[3] & 0xff) << 8, (bytes[0] & 0xff) | (bytes[1] & 0xff) << 8);
    }
}
