package io.podyard.node.volumes;

import io.podyard.node.runtime.ContainerConfigException;
import java.util.Objects;

/**
 * One file a configMap, secret, downwardAPI or projected volume shows.
 *
 * @param path relative, no component starting with '..' (the API validates it; checked again here)
 * @param mode permission bits, e.g. 0644
 */
record ProjectedFile(String path, byte[] content, int mode) {
    ProjectedFile {
        Objects.requireNonNull(content, "content");
        if (path == null || path.isEmpty() || path.startsWith("/")) {
            throw new ContainerConfigException("a volume file path must be relative: " + path);
        }
        for (String part : path.split("/")) {
            if (part.startsWith("..") || part.isEmpty()) { // '..data' and its kin belong to AtomicDir
                throw new ContainerConfigException("invalid volume file path: " + path);
            }
        }
        if (mode < 0 || mode > 0777) {
            throw new ContainerConfigException("invalid file mode " + Integer.toOctalString(mode) + " for " + path);
        }
    }
}
