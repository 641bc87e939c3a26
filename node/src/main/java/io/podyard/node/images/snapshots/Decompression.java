package io.podyard.node.images.snapshots;

import io.podyard.node.images.InvalidContentException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Opens a layer blob as a tar stream. The compression is read from the blob's first bytes, not
 * trusted from its media type: Docker's "tar" media types are gzip in practice and archives from
 * {@code docker save} hold plain tars.
 */
final class Decompression {
    private static final int BUFFER = 128 * 1024;

    private Decompression() {
    }

    static InputStream open(InputStream blob, String what) throws IOException {
        BufferedInputStream in = new BufferedInputStream(blob, BUFFER);
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(in, BUFFER), BUFFER);
        }
        if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5 && (magic[2] & 0xff) == 0x2f
                && (magic[3] & 0xff) == 0xfd) {
            throw new InvalidContentException(what + " is zstd-compressed, which this node cannot unpack yet;"
                    + " push it with gzip compression");
        }
        return in;
    }
}
