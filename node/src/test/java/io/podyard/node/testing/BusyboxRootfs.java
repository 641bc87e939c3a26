package io.podyard.node.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A read-only image layer made by hand: Debian's static busybox with the applets the tests use as
 * symlinks, and an /etc/passwd and /etc/group naming a "web" user (uid 1000, gid 1001).
 */
public final class BusyboxRootfs {
    static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final List<String> APPLETS = List.of("sh", "sleep", "echo", "cat", "httpd", "wget", "nc", "ls",
            "id", "hostname", "ping", "ip", "trap", "env", "pwd", "true", "false", "kill", "mkdir", "ps", "grep",
            "head", "seq", "printf", "dd", "tr", "wc", "yes", "ipcs", "ipcmk", "mount", "test", "stat");

    private BusyboxRootfs() {
    }

    public static Path create(Path dir) {
        try {
            Files.createDirectories(dir.resolve("bin"));
            Files.copy(BUSYBOX, dir.resolve("bin/busybox"), StandardCopyOption.COPY_ATTRIBUTES);
            for (String applet : APPLETS) {
                Files.createSymbolicLink(dir.resolve("bin").resolve(applet), Path.of("busybox"));
            }
            for (String empty : List.of("proc", "sys", "dev", "tmp", "etc", "var/www", "root")) {
                Files.createDirectories(dir.resolve(empty));
            }
            Files.writeString(dir.resolve("etc/passwd"),
                    "root:x:0:0:root:/root:/bin/sh\nweb:x:1000:1001:web:/var/www:/bin/sh\n");
            Files.writeString(dir.resolve("etc/group"), "root:x:0:\nwww:x:1001:\nextra:x:2000:web\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
