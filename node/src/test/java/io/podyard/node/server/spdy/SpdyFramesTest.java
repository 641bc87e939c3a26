package io.podyard.node.server.spdy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.Adler32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SpdyFramesTest {
    @Test
    void theDictionaryIsSpdy3s() {
        // 1423 bytes; a peer finds it by this Adler-32 in the zlib header of the first header block.
        Adler32 adler = new Adler32();
        adler.update(HeaderBlocks.DICTIONARY);
        assertThat(HeaderBlocks.DICTIONARY).hasSize(1423);
        assertThat(adler.getValue()).isEqualTo(0xe3c6a7c2L);
    }

    static Stream<Arguments> headerSequences() {
        return Stream.of(
                Arguments.of(new Object[] {new Map[] {Map.of()}}),
                Arguments.of(new Object[] {new Map[] {Map.of("streamtype", "error", "port", "8080", "requestid", "0"),
                        Map.of("streamtype", "data", "port", "8080", "requestid", "0")}}));
    }

    @ParameterizedTest
    @MethodSource("headerSequences")
    void headerBlocksRoundTripThroughOneCompressionContextPerDirection(Map<String, String>[] blocks) {
        HeaderBlocks writer = new HeaderBlocks();
        HeaderBlocks reader = new HeaderBlocks();
        for (Map<String, String> headers : blocks) {
            byte[] encoded = writer.encode(headers);
            assertThat(reader.decode(encoded, 0, encoded.length)).isEqualTo(headers);
        }
    }

    static Stream<Arguments> frames() {
        return Stream.of(
                Arguments.of(Frame.data(5, Frame.FLAG_FIN, new byte[] {1, 2, 3}, 3),
                        new Frame.Data(5, Frame.FLAG_FIN, new byte[] {1, 2, 3})),
                Arguments.of(Frame.rstStream(7, 5),
                        new Frame.Control(Frame.RST_STREAM, 0, new byte[] {0, 0, 0, 7, 0, 0, 0, 5})),
                Arguments.of(Frame.control(Frame.PING, 0, new byte[] {0, 0, 0, 1}),
                        new Frame.Control(Frame.PING, 0, new byte[] {0, 0, 0, 1})));
    }

    @ParameterizedTest
    @MethodSource("frames")
    void framesReadBackAsWritten(byte[] wire, Frame expected) throws Exception {
        Frame read = Frame.read(new DataInputStream(new ByteArrayInputStream(wire)));
        assertThat(read).usingRecursiveComparison().isEqualTo(expected);
    }
}
