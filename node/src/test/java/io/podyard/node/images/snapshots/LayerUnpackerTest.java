package io.podyard.node.images.snapshots;

import static io.podyard.node.images.fixtures.TarBuilder.owner;
import static io.podyard.node.images.fixtures.TarBuilder.xattr;
import static org.assertj.core.api.Assertions.assertThat;

import io.podyard.node.images.fixtures.TarBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an unpacked layer looks like on disk (run as root: owners, devices and trusted xattrs need it). */
class LayerUnpackerTest {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final FileTime MTIME = FileTime.from(TarBuilder.MTIME);

    @TempDir
    Path temp;

    private Path unpack(TarBuilder layer, Path... parents) throws Exception {
        Path snapshot = Files.createDirectories(temp.resolve("snapshot" + System.nanoTime()));
        LayerUnpacker.unpack(new ByteArrayInputStream(layer.tar()), snapshot, List.of(parents));
        return snapshot;
    }

    private static Map<String, Object> unix(Path path) throws Exception {
        return Files.readAttributes(path, "unix:mode,uid,gid,rdev,ino,lastModifiedTime", NOFOLLOW);
    }

    @Test
    void keepsModesOwnersAndTimes() throws Exception {
        Path s = unpack(new TarBuilder()
                .dir("tmp", 01777)
                .dir("home", 0750)
                .file("home/app", "#!/bin/sh\n", 04755, owner(1000, 2000))
                .file("home/data", "x", 0640, owner(65534, 65534))
                .dir("home/sub", 02775));

        assertThat(unix(s.resolve("tmp"))).containsEntry("mode", 041777).containsEntry("lastModifiedTime", MTIME);
        assertThat(unix(s.resolve("home"))).containsEntry("mode", 040750).containsEntry("lastModifiedTime", MTIME);
        assertThat(unix(s.resolve("home/app"))).containsEntry("mode", 0104755).containsEntry("uid", 1000)
                .containsEntry("gid", 2000).containsEntry("lastModifiedTime", MTIME);
        assertThat(unix(s.resolve("home/data"))).containsEntry("mode", 0100640).containsEntry("uid", 65534);
        assertThat(unix(s.resolve("home/sub"))).containsEntry("mode", 042775);
        assertThat(s.resolve("home/app")).hasContent("#!/bin/sh");
    }

    @Test
    void keepsSymlinksHardLinksDevicesAndFifos() throws Exception {
        Path s = unpack(new TarBuilder()
                .file("bin/busybox", "elf", 0755)
                .symlink("bin/sh", "busybox")
                .add("bin/ls", TarConstants.LF_SYMLINK, 0777, "/bin/busybox", new byte[0], owner(5, 6))
                .hardlink("bin/hard", "bin/busybox")
                .charDevice("dev/null", 1, 3)
                .fifo("run/fifo"));

        assertThat(Files.readSymbolicLink(s.resolve("bin/sh"))).isEqualTo(Path.of("busybox"));
        assertThat(Files.readSymbolicLink(s.resolve("bin/ls"))).isEqualTo(Path.of("/bin/busybox"));
        assertThat(unix(s.resolve("bin/ls"))).containsEntry("uid", 5).containsEntry("gid", 6)
                .containsEntry("lastModifiedTime", MTIME);
        assertThat(unix(s.resolve("bin/hard")).get("ino")).isEqualTo(unix(s.resolve("bin/busybox")).get("ino"));
        Map<String, Object> dev = unix(s.resolve("dev/null"));
        assertThat(((Integer) dev.get("mode")) & 0170000).isEqualTo(Posix.S_IFCHR);
        assertThat(dev.get("rdev")).isEqualTo(Posix.makedev(1, 3));
        assertThat(((Integer) unix(s.resolve("run/fifo")).get("mode")) & 0170000).isEqualTo(Posix.S_IFIFO);
    }

    @Test
    void keepsXattrsButNotOverlayfsOwn() throws Exception {
        Path s = unpack(new TarBuilder()
                .file("f", "x", 0644, xattr("user.origin", "test").andThen(xattr("trusted.overlay.redirect", "/etc"))));

        assertThat(Posix.lgetxattr(s.resolve("f"), "user.origin")).hasValueSatisfying(
                v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("test"));
        assertThat(Posix.lgetxattr(s.resolve("f"), "trusted.overlay.redirect")).isEmpty();
    }

    @Test
    void writesWhiteoutsAsOverlayfsDoes() throws Exception {
        Path s = unpack(new TarBuilder()
                .dir("etc", 0755)
                .whiteout("etc/gone")
                .opaque("var/cache")
                .file("var/cache/new", "n", 0644)
                .file("etc/kept", "k", 0644)
                .whiteout("etc/kept")
                .file("./.wh..wh.plnk", "", 0644));

        Map<String, Object> gone = unix(s.resolve("etc/gone"));
        assertThat(((Integer) gone.get("mode")) & 0170000).isEqualTo(Posix.S_IFCHR);
        assertThat(gone.get("rdev")).isEqualTo(0L);
        assertThat(Posix.lgetxattr(s.resolve("var/cache"), LayerUnpacker.OPAQUE_XATTR)).hasValueSatisfying(
                v -> assertThat(v).containsExactly('y'));
        assertThat(s.resolve("var/cache/new")).hasContent("n");
        assertThat(s.resolve("etc/kept")).as("a whiteout hides only lower layers").hasContent("k");
        try (var names = Files.list(s)) {
            assertThat(names.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("etc", "var");
        }
    }

    @Test
    void aDirectoryDeletedAndRecreatedInOneLayerIsOpaque() throws Exception {
        Path s = unpack(new TarBuilder().whiteout("data").dir("data", 0700).file("data/fresh", "f", 0644));

        assertThat(Files.isDirectory(s.resolve("data"), NOFOLLOW)).isTrue();
        assertThat(Posix.lgetxattr(s.resolve("data"), LayerUnpacker.OPAQUE_XATTR)).isPresent();
        assertThat(s.resolve("data/fresh")).hasContent("f");
    }

    @Test
    void impliedDirectoriesTakeTheirAttributesFromTheLayersBelow() throws Exception {
        Path below = unpack(new TarBuilder().add("srv/", TarConstants.LF_DIR, 0711, null, new byte[0], owner(33, 44)));

        Path s = unpack(new TarBuilder().file("srv/www/index.html", "hi", 0644), below);

        assertThat(unix(s.resolve("srv"))).containsEntry("mode", 040711).containsEntry("uid", 33)
                .containsEntry("gid", 44).containsEntry("lastModifiedTime", MTIME);
        assertThat(unix(s.resolve("srv/www"))).containsEntry("mode", 040755).containsEntry("uid", 0);
    }

    @Test
    void aLaterEntryReplacesAnEarlierOne() throws Exception {
        Path s = unpack(new TarBuilder()
                .file("a", "first", 0644)
                .file("a", "second", 0600)
                .dir("d", 0755)
                .file("d/x", "x", 0644)
                .file("d", "now a file", 0644)
                .dir("e", 0700)
                .dir("e", 0755));

        assertThat(s.resolve("a")).hasContent("second");
        assertThat(s.resolve("d")).isRegularFile().hasContent("now a file");
        assertThat(unix(s.resolve("e"))).containsEntry("mode", 040755);
    }
}
