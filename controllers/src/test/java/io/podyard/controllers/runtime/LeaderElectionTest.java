package io.podyard.controllers.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.podyard.apiserver.ServerFixture;
import io.podyard.controllers.ControllerManager;
import io.podyard.controllers.ControllerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two candidates, one Lease, against a real API server. */
class LeaderElectionTest {
    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration RENEW = Duration.ofMillis(1500);
    private static final Duration RETRY = Duration.ofMillis(100);

    @TempDir
    Path dir;

    private ServerFixture server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server = new ServerFixture(dir);
        client = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Counts how often a candidate started and stopped leading. */
    private static final class Terms implements LeaderElector.Callbacks {
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger stopped = new AtomicInteger();

        @Override
        public void startedLeading() {
            started.incrementAndGet();
        }

        @Override
        public void stoppedLeading() {
            stopped.incrementAndGet();
        }
    }

    private LeaderElector candidate(String identity, Terms terms) {
        return LeaderElector.start(client, new LeaderElector.Settings("kube-system", "test-lock", identity, LEASE, RENEW,
                RETRY), InstantSource.system(), terms);
    }

    private Lease lease() {
        return client.leases().inNamespace("kube-system").withName("test-lock").get();
    }

    @Test
    void oneCandidateLeadsAndTheOtherTakesOverWhenItReleases() {
        Terms a = new Terms();
        Terms b = new Terms();
        LeaderElector first = candidate("a", a);
        await().until(first::isLeader);
        LeaderElector second = candidate("b", b);
        try {
            // b keeps trying while a renews: several lease durations pass without a takeover
            ZonedDateTime renewed = lease().getSpec().getRenewTime();
            await().until(() -> lease().getSpec().getRenewTime().isAfter(renewed.plus(LEASE.multipliedBy(2))));
            assertThat(second.isLeader()).isFalse();
            assertThat(b.started).hasValue(0);
            assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("a");
            assertThat(lease().getSpec().getLeaseDurationSeconds()).isEqualTo(2);

            first.close();
            assertThat(a.stopped).hasValue(1);
            await().until(second::isLeader);
            Lease taken = lease();
            assertThat(taken.getSpec().getHolderIdentity()).isEqualTo("b");
            assertThat(taken.getSpec().getLeaseTransitions()).isEqualTo(0); // a released it: not a takeover
            assertThat(b.started).hasValue(1);
        } finally {
            first.close();
            second.close();
        }
        assertThat(lease().getSpec().getHolderIdentity()).as("released on close").isNullOrEmpty();
    }

    @Test
    void anExpiredLeaseOfAVanishedHolderIsTakenOver() {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        client.leases().inNamespace("kube-system").resource(new LeaseBuilder()
                .withNewMetadata().withName("test-lock").endMetadata()
                .withNewSpec().withHolderIdentity("ghost").withLeaseDurationSeconds(2).withRenewTime(now)
                .withAcquireTime(now).withLeaseTransitions(3).endSpec().build()).create();
        Terms terms = new Terms();
        try (LeaderElector elector = candidate("heir", terms)) {
            await().until(elector::isLeader);
            Lease lease = lease();
            assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("heir");
            assertThat(lease.getSpec().getLeaseTransitions()).isEqualTo(4);
        }
    }

    @Test
    void onlyTheLeadingManagerRunsControllers() {
        ControllerOptions options = ControllerOptions.defaults().withLeaseTimings(LEASE, RENEW, RETRY);
        ControllerManager one = ControllerManager.start(client, options.withIdentity("one"));
        await().until(one::isActive);
        ControllerManager two = ControllerManager.start(client, options.withIdentity("two"));
        try {
            ZonedDateTime renewed = managerLease().getSpec().getRenewTime();
            await().until(() -> managerLease().getSpec().getRenewTime().isAfter(renewed.plus(LEASE)));
            assertThat(two.isActive()).isFalse();
            one.close();
            await().until(two::isActive);
            assertThat(managerLease().getSpec().getHolderIdentity()).isEqualTo("two");
        } finally {
            one.close();
            two.close();
        }
    }

    private Lease managerLease() {
        return client.leases().inNamespace("kube-system").withName("podyard-controller-manager").get();
    }
}
