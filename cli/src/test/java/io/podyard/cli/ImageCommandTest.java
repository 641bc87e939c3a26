package io.podyard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.podyard.node.images.fixtures.Skopeo;
import io.podyard.node.images.fixtures.TestImages;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code podyard image import|ls|rm} on a data directory, with archives skopeo makes from the test image. */
class ImageCommandTest {
    @TempDir
    Path temp;
    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        var cl = Podyard.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void importListAndRemove() {
        String dataDir = temp.resolve("data").toString();
        Path archive = temp.resolve("busybox.tar");
        new Skopeo().copy("oci:" + TestImages.layout() + ":" + TestImages.BUSYBOX, "docker-archive:" + archive + ":busybox:1.36");

        assertThat(run("image", "import", "--data-dir", dataDir, archive.toString())).isZero();
        assertThat(out.toString()).isEqualTo("Loaded image: docker.io/library/busybox:1.36\n");

        assertThat(run("image", "import", "--data-dir", dataDir, TestImages.layout().toString())).isZero();
        // busybox is the same image (same config) under its name; the layered one has no name
        assertThat(out.toString().lines()).containsExactlyInAnyOrder("Loaded image: docker.io/library/busybox:1.36",
                out.toString().lines().filter(l -> l.matches("Loaded image ID: sha256:[0-9a-f]{64}")).findFirst()
                        .orElse("an unnamed image"));

        assertThat(run("image", "ls", "--data-dir", dataDir)).isZero();
        String[] lines = out.toString().split("\n");
        assertThat(lines[0]).matches("IMAGE +TAG +IMAGE ID +SIZE");
        assertThat(lines).hasSize(3);
        assertThat(out.toString()).containsPattern("docker.io/library/busybox +1.36 +[0-9a-f]{12} +[0-9.]+MB\n")
                .contains("<none>");

        assertThat(run("image", "rm", "--data-dir", dataDir, "busybox:1.36")).isZero();
        assertThat(out.toString()).startsWith("Untagged: docker.io/library/busybox:1.36\nDeleted: sha256:");

        assertThat(run("image", "rm", "--data-dir", dataDir, "busybox:1.36")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("podyard image rm: no such image: busybox:1.36\n");

        assertThat(run("image", "ls", "-q", "--data-dir", dataDir)).isZero();
        assertThat(out.toString().lines()).singleElement().matches(id -> id.matches("[0-9a-f]{12}"));
    }

    @Test
    void anImportThatFailsSaysWhy() {
        assertThat(run("image", "import", "--data-dir", temp.toString(), temp.resolve("nothing.tar").toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith("podyard image import: ").contains("nothing.tar does not exist");
    }

    @Test
    void lsFlushesWhatItPrints() {
        // as on a terminal: nothing reaches the stream until the writer is flushed
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        var cl = Podyard.commandLine();
        cl.setOut(new PrintWriter(new java.io.OutputStreamWriter(bytes, java.nio.charset.StandardCharsets.UTF_8)));

        assertThat(cl.execute("image", "ls", "--data-dir", temp.toString())).isZero();

        assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8)).startsWith("IMAGE");
    }

    @Test
    void helpListsTheSubcommands() {
        assertThat(run("image", "--help")).isZero();
        assertThat(out.toString()).contains("import").contains("ls").contains("rm").contains("pull");
        assertThat(run("image", "rm", "-h")).isZero();
        assertThat(out.toString()).contains("Usage: podyard image rm").contains("--data-dir");
    }

    static Stream<Arguments> sizes() {
        return Stream.of(arguments(0L, "0B"), arguments(999L, "999B"), arguments(1000L, "1kB"),
                arguments(1_087_843L, "1.09MB"), arguments(4_260_000L, "4.26MB"), arguments(72_500_000_000L, "72.5GB"));
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void sizesReadAsDockerPrintsThem(long bytes, String text) {
        assertThat(ImageCommand.Ls.humanSize(bytes)).isEqualTo(text);
    }
}
