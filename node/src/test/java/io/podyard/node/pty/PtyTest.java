package io.podyard.node.pty;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A real terminal for a real child: setsid(1) makes the slave its controlling terminal, as runc's parent gets it. */
class PtyTest {
    private static Process start(Pty pty, String script) throws IOException {
        // SIGHUP back to its default: a JVM run under nohup passes it on ignored.
        return new ProcessBuilder("env", "--default-signal=HUP", "setsid", "--ctty", "sh", "-c", script)
                .redirectInput(pty.slave().toFile())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(pty.slave().toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(pty.slave().toFile()))
                .start();
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theChildSeesATerminalOfTheGivenSizeAndItsResizes() throws Exception {
        try (Pty pty = Pty.open(new Winsize(100, 30))) {
            assertThat(pty.size()).isEqualTo(new Winsize(100, 30));
            // The child waits for a line before looking again, so the resize lands in between.
            Process child = start(pty, "tty; stty size; read line; stty size; echo \"got $line\"; echo err >&2; exit 7");
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            InputStream in = pty.input();
            byte[] buffer = new byte[1024];
            while (!seen.toString(StandardCharsets.UTF_8).contains("30 100")) {
                int n = in.read(buffer, 0, buffer.length);
                assertThat(n).as("output before the first size").isPositive();
                seen.write(buffer, 0, n);
            }
            pty.resize(new Winsize(132, 43));
            pty.output().write("hello\n".getBytes(StandardCharsets.UTF_8));
            String rest = readAll(in);
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).isEqualTo(7);
            String output = seen + rest;
            assertThat(output).contains(pty.slave().toString() + "\r\n", "30 100\r\n", "43 132\r\n",
                    "got hello\r\n", "err\r\n");
        }
    }

    @Test
    void closingTheTerminalLeavesNoDescriptorBehind() throws Exception {
        long before = openMasters();
        for (int i = 0; i < 20; i++) {
            Pty pty = Pty.open(new Winsize(80, 24));
            assertThat(openMasters()).isEqualTo(before + 1);
            pty.close();
            pty.close();
        }
        assertThat(openMasters()).isEqualTo(before);
    }

    @Test
    void aHangUpEndsAnInteractiveShellThatIgnoresTerminate() throws Exception {
        try (Pty pty = Pty.open(new Winsize(80, 24))) {
            Process child = start(pty, "trap '' TERM; read line");
            Thread drain = Thread.ofPlatform().start(() -> {
                try {
                    readAll(pty.input());
                } catch (IOException e) {
                    // ends with the child
                }
            });
            Pty.hangUp(child.toHandle());
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            drain.join();
        }
    }

    private static long openMasters() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().endsWith("ptmx");
                } catch (IOException e) {
                    return false; // closed while listing
                }
            }).count();
        }
    }
}
