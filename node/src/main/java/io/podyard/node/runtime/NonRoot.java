package io.podyard.node.runtime;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;

/**
 * Kubelet's verifyRunAsNonRoot, with its messages: with runAsNonRoot (container over pod) a
 * runAsUser of 0 is refused; without runAsUser the image's user decides — none or uid 0 is root,
 * a user name cannot be verified (the user part of "user:group" counts, as containerd reports it).
 */
final class NonRoot {
    private NonRoot() {
    }

    static void verify(Pod pod, Container container, String imageUser) {
        SecurityContext sc = container.getSecurityContext();
        PodSecurityContext psc = pod.getSpec().getSecurityContext();
        Boolean nonRoot = sc != null && sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot()
                : psc == null ? null : psc.getRunAsNonRoot();
        if (!Boolean.TRUE.equals(nonRoot)) {
            return;
        }
        Long runAsUser = sc != null && sc.getRunAsUser() != null ? sc.getRunAsUser()
                : psc == null ? null : psc.getRunAsUser();
        String where = "(pod: \"" + pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + "("
                + pod.getMetadata().getUid() + ")\", container: " + container.getName() + ")";
        if (runAsUser != null) {
            if (runAsUser == 0) {
                throw new ContainerConfigException("container's runAsUser breaks non-root policy " + where);
            }
            return;
        }
        String user = imageUser == null ? "" : imageUser.split(":", 2)[0];
        if (user.isEmpty() || user.chars().allMatch(Character::isDigit) && Long.parseLong(user) == 0) {
            throw new ContainerConfigException("container has runAsNonRoot and image will run as root " + where);
        }
        if (!user.chars().allMatch(Character::isDigit)) {
            throw new ContainerConfigException("container has runAsNonRoot and image has non-numeric user (" + user
                    + "), cannot verify user is non-root " + where);
        }
    }
}
