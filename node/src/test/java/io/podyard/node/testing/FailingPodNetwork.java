package io.podyard.node.testing;

import io.podyard.node.sandbox.PodNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A CNI plugin directory whose pod network fails late: the real loopback plugin, and a "bridge"
 * whose ADD waits until runc has created a container under {@code runcRoot} (its state.json is on
 * disk), notes that in {@link #sawContainer}, then answers a CNI error saying {@link #MESSAGE}.
 * So the failure meets a created container, which must go with the sandbox. DEL succeeds.
 */
public record FailingPodNetwork(Path binDir, Path sawContainer) {
    public static final String MESSAGE = "no network for this test";

    public static FailingPodNetwork create(Path dir, Path runcRoot) {
        try {
            Path bin = Files.createDirectories(dir.resolve("cni-bin"));
            Path saw = dir.resolve("saw-container");
            Files.createSymbolicLink(bin.resolve("loopback"), PodNetwork.DEBIAN_CNI_BIN_DIR.resolve("loopback"));
            Path bridge = bin.resolve("bridge");
            Files.writeString(bridge, """
                    #!/bin/sh
                    cat >/dev/null
                    [ "$CNI_COMMAND" = ADD ] || exit 0
                    for i in $(seq 1 400); do
                      if ls %s/*/state.json >/dev/null 2>&1; then touch %s; break; fi
                      sleep 0.05
                    done
                    echo '{"cniVersion":"1.0.0","code":11,"msg":"%s"}'
                    exit 1
                    """.formatted(runcRoot, saw, MESSAGE));
            Files.setPosixFilePermissions(bridge, PosixFilePermissions.fromString("rwxr-xr-x"));
            return new FailingPodNetwork(bin, saw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
