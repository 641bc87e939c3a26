package io.podyard.controllers;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.podyard.controllers.deployment.DeploymentController;
import io.podyard.controllers.endpoints.EndpointsController;
import io.podyard.controllers.endpointslice.EndpointSliceController;
import io.podyard.controllers.gc.GarbageCollector;
import io.podyard.controllers.servicelb.ServiceLbController;
import io.podyard.controllers.nodelifecycle.NodeLifecycleController;
import io.podyard.controllers.nodelifecycle.TaintEvictionController;
import io.podyard.controllers.podgc.OrphanedPodCollector;
import io.podyard.controllers.podgc.TerminatingPodCollector;
import io.podyard.controllers.replicaset.ReplicaSetController;
import io.podyard.controllers.rootca.RootCaPublisher;
import io.podyard.controllers.serviceaccount.DefaultServiceAccountController;
import io.podyard.controllers.runtime.ControllerContext;
import io.podyard.client.EventRecorder;
import io.podyard.controllers.runtime.LeaderElector;
import io.podyard.controllers.runtime.RunnableController;
import io.podyard.controllers.runtime.SharedInformers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every controller in one process, as kube-controller-manager: while this process leads (or
 * at once without leader election) it builds the controllers over one set of shared informers,
 * starts the informers, waits for their caches, then starts the controllers' workers. Losing
 * leadership stops them all; regaining it starts afresh.
 *
 * <p>The one entry point: {@code ControllerManager.start(client, ControllerOptions.defaults())};
 * close the result to stop.
 */
public final class ControllerManager implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControllerManager.class);
    private static final Duration SYNC_TIMEOUT = Duration.ofMinutes(2);

    /** Every controller the manager runs, in start order. */
    private static List<Function<ControllerContext, RunnableController>> controllers(ControllerOptions options) {
        return List.of(
                ReplicaSetController::new,
                DeploymentController::new,
                GarbageCollector::new,
                DefaultServiceAccountController::new,
                OrphanedPodCollector::new,
                ctx -> new NodeLifecycleController(ctx, options.nodeLifecycle()),
                ctx -> new TaintEvictionController(ctx, options.nodeLifecycle()),
                TerminatingPodCollector::new,
                EndpointSliceController::new,
                EndpointsController::new,
                ServiceLbController::new);
    }

    private final KubernetesClient client;
    private final ControllerOptions options;
    private final List<Function<ControllerContext, RunnableController>> extra;
    private final LeaderElector elector;
    private final Object lock = new Object();
    private Running running;
    private Thread starter;

    /** One leadership term: its informers, recorders and controllers. */
    private record Running(SharedInformers informers, List<EventRecorder> recorders,
            List<RunnableController> controllers) {}

    private ControllerManager(KubernetesClient client, ControllerOptions options,
            List<Function<ControllerContext, RunnableController>> extra) {
        this.client = client;
        this.options = options;
        this.extra = List.copyOf(extra);
        if (options.leaderElection()) {
            this.elector = LeaderElector.start(client, new LeaderElector.Settings(options.leaseNamespace(),
                    options.leaseName(), options.identity(), options.leaseDuration(), options.renewDeadline(),
                    options.retryPeriod()), options.clock(), new LeaderElector.Callbacks() {
                        @Override
                        public void startedLeading() {
                            startInBackground();
                        }

                        @Override
                        public void stoppedLeading() {
                            stopControllers();
                        }
                    });
        } else {
            this.elector = null;
            startInBackground();
        }
    }

    /** Starts campaigning (or, without leader election, the controllers); close to stop everything. */
    public static ControllerManager start(KubernetesClient client, ControllerOptions options) {
        return start(client, options, List.of());
    }

    /**
     * As {@link #start(KubernetesClient, ControllerOptions)}, with controllers that need what only the
     * caller has (the CSR signer needs the cluster CA) started after the built-in ones.
     */
    public static ControllerManager start(KubernetesClient client, ControllerOptions options,
            List<Function<ControllerContext, RunnableController>> extra) {
        return new ControllerManager(client, options, extra);
    }

    /** Whether this manager's controllers are running (it leads, or leader election is off). */
    public boolean isActive() {
        synchronized (lock) {
            return running != null;
        }
    }

    public boolean isLeader() {
        return elector == null || elector.isLeader();
    }

    /** Off the elector's thread, so a slow cache sync cannot stop lease renewals. */
    private void startInBackground() {
        synchronized (lock) {
            starter = Thread.ofVirtual().name("controller-manager-start").start(this::startControllers);
        }
    }

    private void startControllers() {
        SharedInformers informers = new SharedInformers(client);
        List<EventRecorder> recorders = new ArrayList<>();
        Function<String, EventRecorder> recorderFor = component -> {
            EventRecorder r = EventRecorder.writingTo(client, component, options.clock());
            synchronized (recorders) {
                recorders.add(r);
            }
            return r;
        };
        ControllerContext ctx = new ControllerContext(client, informers, options.clock(), options.workers(),
                options.backoff(), recorderFor);
        List<RunnableController> controllers = new ArrayList<>();
        try {
            for (var factory : controllers(options)) {
                controllers.add(factory.apply(ctx));
            }
            // The CA pods are given is the one this manager trusts the API server with.
            RootCaPublisher.trustedBy(client.getConfiguration())
                    .ifPresent(ca -> controllers.add(new RootCaPublisher(ctx, ca)));
            for (var factory : extra) {
                controllers.add(factory.apply(ctx));
            }
            informers.start(SYNC_TIMEOUT);
            synchronized (lock) {
                if (Thread.currentThread() != starter) {
                    throw new InterruptedException("leadership ended while starting");
                }
                controllers.forEach(RunnableController::start);
                running = new Running(informers, recorders, controllers);
            }
            log.info("controllers started: {}", controllers.stream().map(RunnableController::name).toList());
        } catch (InterruptedException | TimeoutException | RuntimeException e) {
            if (!(e instanceof InterruptedException)) {
                log.error("controllers could not start", e);
            }
            stop(new Running(informers, recorders, controllers));
        }
    }

    private void stopControllers() {
        Running stopping;
        Thread startingThread;
        synchronized (lock) {
            stopping = running;
            running = null;
            startingThread = starter;
            starter = null;
        }
        if (startingThread != null) {
            startingThread.interrupt();
        }
        if (stopping != null) {
            stop(stopping);
        }
    }

    private static void stop(Running r) {
        r.controllers().forEach(RunnableController::close);
        r.informers().close();
        synchronized (r.recorders()) {
            r.recorders().forEach(EventRecorder::close);
        }
    }

    @Override
    public void close() {
        if (elector != null) {
            elector.close(); // steps down first: stoppedLeading stops the controllers
        }
        stopControllers();
    }
}
