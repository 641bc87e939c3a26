package io.podyard.node.images;

import static org.assertj.core.api.Assertions.assertThat;

import io.podyard.node.images.fixtures.LocalRegistry;
import io.podyard.node.images.fixtures.Overlay;
import io.podyard.node.images.fixtures.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pulled image is a root filesystem a process can run in: its snapshots stacked with a real
 * overlayfs mount (as the runtime will), deletions of upper layers hidden, busybox running in it
 * under chroot.
 */
class RunnableImageTest {
    private static LocalRegistry registry;

    @TempDir
    Path root;

    @BeforeAll
    static void startRegistry() {
        registry = LocalRegistry.start();
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    private static String run(Path rootfs, String script) throws Exception {
        Process process = new ProcessBuilder("chroot", rootfs.toString(), "/bin/sh", "-c", script)
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void busyboxRunsInAPulledImage() throws Exception {
        String ref = TestImages.pushBusybox(registry);
        try (ImageService images = ImageService.open(ImageServiceOptions.defaults(root.resolve("store")))) {
            Image image = images.pull(ref, PullPolicy.IF_NOT_PRESENT, RegistryCredentials.NONE);

            assertThat(run(image.snapshots().getFirst(), "echo hello from $(basename $(readlink /bin/sh))"))
                    .isEqualTo("hello from busybox\n");
        }
    }

    @Test
    void upperLayersDeletionsAreGoneInTheMountedImage() throws Exception {
        String ref = registry.push(TestImages.layout(), TestImages.LAYERED, "busybox:layered");
        try (ImageService images = ImageService.open(ImageServiceOptions.defaults(root.resolve("store")))) {
            Image image = images.pull(ref, PullPolicy.IF_NOT_PRESENT, RegistryCredentials.NONE);
            assertThat(image.layers()).hasSize(3);
            Path merged = Files.createDirectory(root.resolve("merged"));

            Overlay overlay = Overlay.mount(merged, image.snapshots().reversed());
            try {
                assertThat(image.overlayLowerdir()).isEqualTo(String.join(":",
                        image.snapshots().reversed().stream().map(Path::toString).toList()));
                String out = run(merged, "cat /data/kept; ls /data/dir; test -e /data/deleted || echo deleted is gone");

                assertThat(out.lines().toList()).isEqualTo(List.of("kept", "new", "deleted is gone"));
            } finally {
                overlay.close();
            }
        }
    }
}
