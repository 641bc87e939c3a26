package io.podyard.node.sandbox;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A sandbox whose namespaces and files exist — containers can be created in it — while its network
 * (CNI ADD) is still being added beside the caller. A container's process runs only after
 * {@code runc start}, so creation can overlap the network; nothing may start before {@link #await}
 * returned the sandbox with its address (its /etc/hosts is complete only then).
 *
 * <p>A failed network is not torn down here: the caller first removes what it created in the
 * sandbox, then the sandbox ({@link PodSandboxes#remove}).
 */
public final class PendingSandbox {
    private final Sandbox layout;
    private final CompletableFuture<Sandbox> network;

    PendingSandbox(Sandbox layout, CompletableFuture<Sandbox> network) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.network = Objects.requireNonNull(network, "network");
    }

    /** A sandbox whose network is already there. */
    public static PendingSandbox ready(Sandbox sandbox) {
        return new PendingSandbox(sandbox, CompletableFuture.completedFuture(sandbox));
    }

    public String podUid() {
        return layout.podUid();
    }

    /**
     * The sandbox's paths (namespaces, shm, hosts, resolv.conf, hostname), what a container is
     * created with; its podIp and gateway are null until the network is there.
     */
    public Sandbox layout() {
        return layout;
    }

    /**
     * As {@link #await()}; when the network failed, {@code cleanUp} runs (its own failure added as
     * suppressed) before the failure is thrown.
     */
    public Sandbox await(Runnable cleanUp) {
        try {
            return await();
        } catch (RuntimeException e) {
            try {
                cleanUp.run();
            } catch (RuntimeException cleanupFailure) {
                e.addSuppressed(cleanupFailure);
            }
            throw e;
        }
    }

    /** Waits (uninterruptibly) until the network is added; returns the sandbox with its address. */
    public Sandbox await() {
        try {
            return network.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof SandboxException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new SandboxException("set up the network of pod " + layout.namespace() + "/" + layout.name()
                    + ": " + e.getCause().getMessage(), e.getCause());
        }
    }
}
