package io.podyard.node.server.spdy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * SPDY/3 name/value header blocks: a count, then length-prefixed names and values, compressed by
 * one zlib stream per direction for the whole session, primed with the protocol's dictionary.
 */
final class HeaderBlocks {
    /** The SPDY/3 zlib dictionary (draft-mbelshe-httpbis-spdy-00, 2.6.10.1), built from its parts. */
    static final byte[] DICTIONARY = dictionary();

    private final Inflater inflater = new Inflater();
    private final Deflater deflater = new Deflater();

    HeaderBlocks() {
        deflater.setDictionary(DICTIONARY);
    }

    /** Names are lower case; a value with NULs carries several values, the first is kept. */
    synchronized Map<String, String> decode(byte[] compressed, int offset, int length) {
        inflater.setInput(compressed, offset, length);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            while (true) {
                int n = inflater.inflate(buffer);
                if (n == 0 && inflater.needsDictionary()) {
                    inflater.setDictionary(DICTIONARY);
                    continue;
                }
                raw.write(buffer, 0, n);
                if (n == 0 && (inflater.needsInput() || inflater.finished())) {
                    break;
                }
            }
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("bad SPDY header block: " + e.getMessage(), e);
        }
        ByteBuffer in = ByteBuffer.wrap(raw.toByteArray());
        Map<String, String> headers = new LinkedHashMap<>();
        int pairs = in.getInt();
        for (int i = 0; i < pairs; i++) {
            String name = string(in);
            String value = string(in);
            int nul = value.indexOf('\0');
            headers.put(name.toLowerCase(), nul >= 0 ? value.substring(0, nul) : value);
        }
        return headers;
    }

    synchronized byte[] encode(Map<String, String> headers) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(raw)) {
            out.writeInt(headers.size());
            for (var e : headers.entrySet()) {
                byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
                byte[] value = e.getValue().getBytes(StandardCharsets.UTF_8);
                out.writeInt(name.length);
                out.write(name);
                out.writeInt(value.length);
                out.write(value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        deflater.setInput(raw.toByteArray());
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int n;
        do {
            n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
            compressed.write(buffer, 0, n);
        } while (n == buffer.length);
        return compressed.toByteArray();
    }

    synchronized void close() {
        inflater.end();
        deflater.end();
    }

    private static String string(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("bad SPDY header length " + length);
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] dictionary() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String word : List.of("options", "head", "post", "put", "delete", "trace", "accept", "accept-charset",
                "accept-encoding", "accept-language", "accept-ranges", "age", "allow", "authorization",
                "cache-control", "connection", "content-base", "content-encoding", "content-language",
                "content-length", "content-location", "content-md5", "content-range", "content-type", "date", "etag",
                "expect", "expires", "from", "host", "if-match", "if-modified-since", "if-none-match", "if-range",
                "if-unmodified-since", "last-modified", "location", "max-forwards", "pragma", "proxy-authenticate",
                "proxy-authorization", "range", "referer", "retry-after", "server", "te", "trailer",
                "transfer-encoding", "upgrade", "user-agent", "vary", "via", "warning", "www-authenticate", "method",
                "get", "status", "200 OK", "version", "HTTP/1.1", "url", "public", "set-cookie", "keep-alive",
                "origin")) {
            byte[] bytes = word.getBytes(StandardCharsets.US_ASCII);
            out.write(bytes.length >>> 24);
            out.write(bytes.length >>> 16);
            out.write(bytes.length >>> 8);
            out.write(bytes.length);
            out.writeBytes(bytes);
        }
        out.writeBytes(("100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505"
                + "203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request"
                + "401 Unauthorized403 Forbidden404 Not Found500 Internal Server Error501 Not Implemented"
                + "503 Service UnavailableJan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00"
                + " Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMTchunked,text/html,image/png,image/jpg,image/gif,"
                + "application/xml,application/xhtml+xml,text/plain,text/javascript,publicprivatemax-age="
                + "gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0.").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
