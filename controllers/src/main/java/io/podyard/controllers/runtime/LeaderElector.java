package io.podyard.controllers.runtime;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election through a coordination.k8s.io/v1 Lease, as client-go's: every retry period a
 * candidate reads the lease and acquires, renews or waits ({@link LeaseDecision}); writes are
 * compare-and-swap on the lease's resourceVersion, so two candidates cannot both win a round. A
 * leader that cannot renew within the renew deadline steps down; {@link #close} releases the lease
 * so another candidate takes over at once.
 */
public final class LeaderElector implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeaderElector.class);

    /** Where the lease lives and the timings (client-go's defaults: 15 s, 10 s, 2 s). */
    public record Settings(String namespace, String name, String identity, Duration leaseDuration,
            Duration renewDeadline, Duration retryPeriod) {
        public Settings {
            Objects.requireNonNull(namespace);
            Objects.requireNonNull(name);
            if (identity == null || identity.isEmpty()) {
                throw new IllegalArgumentException("leader election needs a non-empty identity");
            }
            if (leaseDuration.compareTo(renewDeadline) <= 0 || renewDeadline.compareTo(retryPeriod) <= 0
                    || retryPeriod.isZero() || retryPeriod.isNegative() || leaseDuration.toSeconds() < 1) {
                throw new IllegalArgumentException("need leaseDuration (>= 1s) > renewDeadline > retryPeriod > 0, got "
                        + leaseDuration + ", " + renewDeadline + ", " + retryPeriod);
            }
        }
    }

    /** Told when this candidate starts and stops leading; called on the elector's thread. */
    public interface Callbacks {
        void startedLeading();

        void stoppedLeading();
    }

    private record Observed(String holder, ZonedDateTime renewTime, Integer transitions) {
        static Observed of(LeaseSpec spec) {
            return new Observed(spec.getHolderIdentity(), spec.getRenewTime(), spec.getLeaseTransitions());
        }
    }

    private final KubernetesClient client;
    private final Settings settings;
    private final InstantSource clock;
    private final Callbacks callbacks;
    private final Thread thread;
    private volatile boolean leading;
    private final CountDownLatch closing = new CountDownLatch(1);
    private Observed observed;
    private Instant observedAt;
    private Instant lastRenew;

    private LeaderElector(KubernetesClient client, Settings settings, InstantSource clock, Callbacks callbacks) {
        this.client = client;
        this.settings = settings;
        this.clock = clock;
        this.callbacks = callbacks;
        this.thread = Thread.ofVirtual().name("leader-elector " + settings.name()).unstarted(this::run);
    }

    public static LeaderElector start(KubernetesClient client, Settings settings, InstantSource clock,
            Callbacks callbacks) {
        LeaderElector elector = new LeaderElector(client, settings, clock, callbacks);
        elector.thread.start();
        return elector;
    }

    public boolean isLeader() {
        return leading;
    }

    private void run() {
        try {
            while (closing.getCount() > 0) {
                boolean held = tryAcquireOrRenew();
                Instant now = clock.instant();
                if (held) {
                    lastRenew = now;
                    if (!leading) {
                        leading = true;
                        log.info("{} became leader of lease {}/{}", settings.identity(), settings.namespace(),
                                settings.name());
                        callbacks.startedLeading();
                    }
                } else if (leading && (lastRenew == null
                        || !now.isBefore(lastRenew.plus(settings.renewDeadline())))) {
                    stepDown();
                }
                if (closing.await(settings.retryPeriod().toNanos(), TimeUnit.NANOSECONDS)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            // closing
        } finally {
            if (leading) {
                stepDown();
                release();
            }
        }
    }

    private void stepDown() {
        leading = false;
        log.info("{} stopped leading lease {}/{}", settings.identity(), settings.namespace(), settings.name());
        try {
            callbacks.stoppedLeading();
        } catch (RuntimeException e) {
            log.warn("stoppedLeading callback failed", e);
        }
    }

    /** One round; true when this candidate holds the lease afterwards. */
    private boolean tryAcquireOrRenew() {
        try {
            var leases = client.leases().inNamespace(settings.namespace());
            Lease lease = leases.withName(settings.name()).get();
            Instant now = clock.instant();
            if (lease == null) {
                Lease created = new LeaseBuilder()
                        .withNewMetadata().withName(settings.name()).withNamespace(settings.namespace()).endMetadata()
                        .withSpec(spec(null, now, true))
                        .build();
                observe(leases.resource(created).create().getSpec(), now);
                return true;
            }
            LeaseSpec spec = lease.getSpec() == null ? new LeaseSpec() : lease.getSpec();
            Observed current = Observed.of(spec);
            if (!current.equals(observed)) {
                observed = current;
                observedAt = now;
            }
            LeaseDecision decision = LeaseDecision.decide(spec, settings.identity(), now, observedAt);
            if (decision instanceof LeaseDecision.Wait) {
                return false;
            }
            boolean acquire = decision instanceof LeaseDecision.Acquire;
            lease.setSpec(spec(spec, now, acquire));
            observe(leases.resource(lease).update().getSpec(), now);
            return true;
        } catch (KubernetesClientException e) {
            // 409: another candidate wrote first; anything else: the API server is unreachable for now
            log.debug("lease round for {} failed: {}", settings.identity(), e.getMessage());
            return false;
        }
    }

    private void observe(LeaseSpec written, Instant now) {
        observed = Observed.of(written);
        observedAt = now;
    }

    private LeaseSpec spec(LeaseSpec old, Instant now, boolean acquire) {
        ZonedDateTime time = ZonedDateTime.ofInstant(now, ZoneOffset.UTC);
        LeaseSpec spec = new LeaseSpec();
        spec.setHolderIdentity(settings.identity());
        spec.setLeaseDurationSeconds((int) settings.leaseDuration().toSeconds());
        spec.setRenewTime(time);
        int transitions = old == null || old.getLeaseTransitions() == null ? 0 : old.getLeaseTransitions();
        boolean newHolder = old != null && !settings.identity().equals(old.getHolderIdentity());
        spec.setAcquireTime(acquire || old == null || old.getAcquireTime() == null ? time : old.getAcquireTime());
        spec.setLeaseTransitions(newHolder && old.getHolderIdentity() != null && !old.getHolderIdentity().isEmpty()
                ? transitions + 1 : transitions);
        return spec;
    }

    /** Gives the lease up (empty holder, 1 s duration) so the next candidate need not wait for expiry. */
    private void release() {
        try {
            var leases = client.leases().inNamespace(settings.namespace());
            Lease lease = leases.withName(settings.name()).get();
            if (lease == null || lease.getSpec() == null
                    || !settings.identity().equals(lease.getSpec().getHolderIdentity())) {
                return;
            }
            ZonedDateTime time = ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
            lease.getSpec().setHolderIdentity(null);
            lease.getSpec().setLeaseDurationSeconds(1);
            lease.getSpec().setRenewTime(time);
            lease.getSpec().setAcquireTime(time);
            leases.resource(lease).update();
        } catch (KubernetesClientException e) {
            log.debug("could not release lease {}: {}", settings.name(), e.getMessage());
        }
    }

    /** Stops campaigning; a leader steps down (callback) and releases the lease. */
    @Override
    public void close() {
        closing.countDown(); // not an interrupt: the release below still needs a working client
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
