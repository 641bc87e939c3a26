package io.podyard.node.images.oci;

import io.podyard.node.images.Digest;
import java.util.ArrayList;
import java.util.List;

/**
 * Chain IDs name a layer together with every layer below it (OCI image spec, "Layer ChainID"):
 * {@code ChainID(L1) = DiffID(L1)}, {@code ChainID(Ln) = sha256(ChainID(Ln-1) + " " + DiffID(Ln))}.
 */
public final class ChainIds {
    private ChainIds() {
    }

    public static List<Digest> of(List<Digest> diffIds) {
        List<Digest> chain = new ArrayList<>(diffIds.size());
        Digest previous = null;
        for (Digest diffId : diffIds) {
            previous = previous == null ? diffId : Digest.sha256(previous + " " + diffId);
            chain.add(previous);
        }
        return chain;
    }
}
