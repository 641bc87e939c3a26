package io.podyard.store.etcd;

import io.etcd.jetcd.Lease;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Hands out etcd leases for keys with a ttl. Granting a lease per write would double the cost of
 * every event, so, like Kubernetes' lease manager, a lease is shared by the writes of a short
 * window (5% of the ttl, at most a minute) and granted that much longer, so no key expires early.
 */
final class EtcdLeases {
    private static final double REUSE_FRACTION = 0.05;
    private static final long MAX_REUSE_SECONDS = 60;

    private record Grant(long id, long grantedAtMillis) {}

    private final Lease leases;
    private final InstantSource clock;
    private final Map<Long, Grant> byTtl = new HashMap<>();

    EtcdLeases(Lease leases, InstantSource clock) {
        this.leases = leases;
        this.clock = clock;
    }

    /** A lease that lives at least {@code ttl} from now. */
    synchronized long leaseFor(Duration ttl) throws Exception {
        long seconds = Math.max(1, (ttl.toMillis() + 999) / 1000);
        long reuseMillis = Math.min(MAX_REUSE_SECONDS * 1000, (long) (seconds * 1000 * REUSE_FRACTION));
        long now = clock.millis();
        Grant grant = byTtl.get(seconds);
        if (grant != null && now - grant.grantedAtMillis() <= reuseMillis) {
            return grant.id();
        }
        long granted = seconds + (reuseMillis + 999) / 1000;
        long id = leases.grant(granted).get(30, TimeUnit.SECONDS).getID();
        byTtl.put(seconds, new Grant(id, now));
        return id;
    }
}
