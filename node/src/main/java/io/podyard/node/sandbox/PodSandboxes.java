package io.podyard.node.sandbox;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;

/**
 * A node's pod sandboxes: {@link Sandboxes} (namespaces and CNI) or a pretend one (hollow nodes).
 * Calls for one pod must not overlap; different pods may run in parallel.
 */
public interface PodSandboxes {
    /**
     * Starts setting up the pod's sandbox: returns once containers can be created in it, while its
     * network is added beside the caller (already there when the sandbox was set up before). No
     * other call for the pod may come before {@link PendingSandbox#await}; when it fails, the
     * caller removes the sandbox.
     */
    PendingSandbox begin(Pod pod);

    /**
     * Sets up the pod's sandbox, or returns it if it is already set up. On failure everything
     * made so far is torn down before the exception leaves.
     */
    default Sandbox create(Pod pod) {
        PendingSandbox pending = begin(pod);
        return pending.await(() -> remove(pending.podUid()));
    }

    /** Checks the pod's network is still as set up; throws when it is not. */
    void check(String podUid);

    Optional<Sandbox> get(String podUid);

    /** Every set-up sandbox. */
    List<Sandbox> list();

    /** Uids of every pod with a sandbox, finished or not (what a cleanup must look at). */
    List<String> podUids();

    /**
     * A finished pod gives its network (address) back; the sandbox record and its IP stay for the
     * pod's status until {@link #remove}. Repeating it is harmless.
     */
    void releaseNetwork(String podUid);

    /** Tears the sandbox down; repeating it is harmless. */
    void remove(String podUid);
}
