package io.podyard.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The reader over hand-written CRI files: one rotated file, a live one with fragments and noise. */
class ContainerLogsTest {
    private static final String ROTATED = """
            2024-01-01T00:00:00.000000001Z stdout F one
            2024-01-01T00:00:01.000000000+00:00 stderr F two
            """;
    private static final String LIVE = """
            2024-01-01T00:00:02Z stdout P thr
            2024-01-01T00:00:02.5Z stdout F ee
            not a cri line
            2024-01-01T01:00:03+01:00 stdout F four
            2024-01-01T00:00:04Z stdout F\s
            2024-01-01T00:00:05Z stderr P unfinished
            2024-01-01T00:00:06Z stdout F half-writ""";

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("everything, rotated file first", ContainerLogs.Options.ALL,
                        "one\ntwo\nthree\nfour\n\nunfinished"),
                Arguments.of("tail 2 counts logical lines", new ContainerLogs.Options(2, null, false, false, -1),
                        "\nunfinished"),
                Arguments.of("tail 0", new ContainerLogs.Options(0, null, false, false, -1), ""),
                Arguments.of("tail longer than the log", new ContainerLogs.Options(100, null, false, false, -1),
                        "one\ntwo\nthree\nfour\n\nunfinished"),
                Arguments.of("since compares the line's first fragment",
                        new ContainerLogs.Options(-1, Instant.parse("2024-01-01T00:00:02.5Z"), false, false, -1),
                        "four\n\nunfinished"),
                Arguments.of("since and tail", new ContainerLogs.Options(1, Instant.parse("2024-01-01T00:00:01Z"),
                        false, false, -1), "unfinished"),
                Arguments.of("timestamps in UTC with nine digits",
                        new ContainerLogs.Options(3, null, true, false, -1),
                        "2024-01-01T00:00:03.000000000Z four\n2024-01-01T00:00:04.000000000Z \n"
                                + "2024-01-01T00:00:05.000000000Z unfinished"),
                Arguments.of("limit bytes cuts mid-line", new ContainerLogs.Options(-1, null, false, false, 6),
                        "one\ntw"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readsLikeKubectlLogs(String name, ContainerLogs.Options options, String expected) throws IOException {
        Path live = writeLogs();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ContainerLogs.read(live, options, out, () -> false);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    static Stream<Arguments> lines() {
        return Stream.of(
                Arguments.of("2024-01-01T00:00:00.123456789Z stdout F hello world",
                        Optional.of(new CriLogLine(Instant.parse("2024-01-01T00:00:00.123456789Z"), "stdout", false,
                                "hello world"))),
                Arguments.of("2024-01-01T02:00:00+02:00 stderr P  two  spaces",
                        Optional.of(new CriLogLine(Instant.parse("2024-01-01T00:00:00Z"), "stderr", true,
                                " two  spaces"))),
                Arguments.of("2024-01-01T00:00:00Z stdout F",
                        Optional.of(new CriLogLine(Instant.parse("2024-01-01T00:00:00Z"), "stdout", false, ""))),
                Arguments.of("2024-01-01T00:00:00Z stdin F x", Optional.empty()),
                Arguments.of("yesterday stdout F x", Optional.empty()),
                Arguments.of("2024-01-01T00:00:00Z stdout X x", Optional.empty()),
                Arguments.of("", Optional.empty()));
    }

    @ParameterizedTest
    @MethodSource("lines")
    void parsesCriLines(String line, Optional<CriLogLine> expected) {
        assertThat(CriLogLine.parse(line)).isEqualTo(expected);
    }

    @Test
    void followReadsAcrossARotationUntilTheContainerHasExited() throws Exception {
        Path live = Files.createDirectories(dir.resolve("c")).resolve("0.log");
        Files.writeString(live, "2024-01-01T00:00:00Z stdout F first\n");
        AtomicBoolean running = new AtomicBoolean(true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            try {
                ContainerLogs.read(live, new ContainerLogs.Options(-1, null, false, true, -1), out, running::get);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> out.toString(StandardCharsets.UTF_8).equals("first\n"));

        append(live, "2024-01-01T00:00:01Z stdout P sec");
        append(live, "\n2024-01-01T00:00:01Z stdout F ond\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> out.toString(StandardCharsets.UTF_8).endsWith("second\n"));
        // The writer renames the file aside and starts a new one, as rotation does.
        append(live, "2024-01-01T00:00:02Z stdout F third\n");
        Files.move(live, live.resolveSibling("0.log.20240101-000002.000"));
        Files.writeString(live, "2024-01-01T00:00:03Z stdout F fourth\n");
        running.set(false);
        reader.get();

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("first\nsecond\nthird\nfourth\n");
    }

    @Test
    void rotationRenamesAsideAndKeepsAtMostTheConfiguredFiles() throws IOException {
        Path live = Files.createDirectories(dir.resolve("c")).resolve("2.log");
        Instant now = Instant.parse("2024-05-06T07:08:09.010Z");
        Files.writeString(live, "x".repeat(10));
        assertThat(LogFiles.rotateIfLarger(live, 100, 3, now)).isFalse();
        for (int i = 0; i < 4; i++) {
            Files.writeString(live, "x".repeat(200));
            assertThat(LogFiles.rotateIfLarger(live, 100, 3, now.plusSeconds(i))).isTrue();
        }
        assertThat(LogFiles.files(live)).map(p -> p.getFileName().toString())
                .containsExactly("2.log.20240506-070811.010", "2.log.20240506-070812.010");
        Files.writeString(live, "new");
        assertThat(LogFiles.files(live).getLast()).isEqualTo(live);
    }

    @Test
    void previousIsTheAttemptBefore() {
        Path live = dir.resolve("ns_pod_uid/app/3.log");
        assertThat(LogFiles.previous(live)).isEqualTo(dir.resolve("ns_pod_uid/app/2.log"));
        assertThatThrownBy(() -> LogFiles.previous(dir.resolve("0.log"))).isInstanceOf(ContainerRuntimeException.class);
        assertThat(LogFiles.path(dir, "ns", "pod", "uid", "app", 3)).isEqualTo(live);
    }

    private Path writeLogs() throws IOException {
        Path containerDir = Files.createDirectories(dir.resolve("ns_pod_uid/app"));
        Files.writeString(containerDir.resolve("0.log.20240101-000001.000"), ROTATED);
        Files.writeString(containerDir.resolve("0.log"), LIVE);
        return containerDir.resolve("0.log");
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardOpenOption.APPEND);
    }
}
