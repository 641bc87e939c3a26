package io.podyard.e2e;

import java.nio.file.Path;

/**
 * The same changes with Debian's kubectl 1.20, which computes apply's patch from the OpenAPI v2
 * definitions (gnostic protobuf) rather than from OpenAPI v3.
 */
class OldKubectlChangesTest extends KubectlChanges {
    @Override
    Kubectl kubectl(Path kubeconfig) {
        return new Kubectl(kubeconfig, Kubectl.debian120());
    }
}
