package io.podyard.node.agent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.podyard.node.volumes.PodVolumes;
import io.podyard.node.volumes.VolumeSources;
import io.podyard.node.volumes.VolumeSources.Kind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the configMap, secret and downwardAPI volumes of this node's running pods up to date: a
 * changed ConfigMap or Secret refreshes the volumes of the pods that show it, a pod whose labels or
 * annotations changed refreshes its downwardAPI files. Kubelet gets there by a periodic remount
 * (a minute or more); watching the objects makes it take well under a second. Service account
 * tokens in projected volumes are replaced at 80% of their lifetime (at least daily), as kubelet's
 * token manager does, checked every {@link #TOKEN_CHECK}. One thread does the refreshing, so bursts
 * queue rather than fan out.
 */
final class VolumeRefresher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeRefresher.class);
    private static final Duration TOKEN_CHECK = Duration.ofSeconds(10);

    private final SharedIndexInformer<Pod> pods;
    private final PodVolumes volumes;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("volume-refresh").factory());
    private final List<SharedIndexInformer<?>> informers;
    private final Clock clock;
    /** When each pod's tokens were last written (first: when the pod was seen), by pod uid. */
    private final Map<String, Instant> tokensWritten = new ConcurrentHashMap<>();
    private final ScheduledExecutorService tokenChecks = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("token-refresh").factory());

    private VolumeRefresher(KubernetesClient client, SharedIndexInformer<Pod> pods, PodVolumes volumes, Clock clock) {
        this.pods = pods;
        this.volumes = volumes;
        this.clock = clock;
        pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                if (VolumeSources.tokenLifetime(pod).isPresent()) {
                    tokensWritten.putIfAbsent(pod.getMetadata().getUid(), clock.instant());
                }
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                if (VolumeSources.showsMetadata(newPod)
                        && (!Objects.equals(oldPod.getMetadata().getLabels(), newPod.getMetadata().getLabels())
                        || !Objects.equals(oldPod.getMetadata().getAnnotations(), newPod.getMetadata().getAnnotations()))) {
                    refresh(newPod);
                }
            }

            @Override
            public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                tokensWritten.remove(pod.getMetadata().getUid());
            }
        });
        tokenChecks.scheduleWithFixedDelay(this::refreshTokensDue, TOKEN_CHECK.toSeconds(), TOKEN_CHECK.toSeconds(),
                TimeUnit.SECONDS);
        this.informers = List.of(
                client.configMaps().inAnyNamespace().inform(changes(Kind.CONFIG_MAP), 0),
                client.secrets().inAnyNamespace().inform(changes(Kind.SECRET), 0));
    }

    static VolumeRefresher start(KubernetesClient client, SharedIndexInformer<Pod> pods, PodVolumes volumes,
                                 Clock clock) {
        return new VolumeRefresher(client, pods, volumes, clock);
    }

    /** Refreshes the volumes of every pod whose tokens are due (see {@link VolumeSources#tokenRefreshAt}). */
    void refreshTokensDue() {
        Instant now = clock.instant();
        for (Pod pod : pods.getStore().list()) {
            OptionalLong lifetime = VolumeSources.tokenLifetime(pod);
            Instant written = tokensWritten.get(pod.getMetadata().getUid());
            if (lifetime.isPresent() && written != null && pod.getMetadata().getDeletionTimestamp() == null
                    && !now.isBefore(VolumeSources.tokenRefreshAt(written, lifetime.getAsLong()))) {
                tokensWritten.put(pod.getMetadata().getUid(), now);
                refresh(pod);
            }
        }
    }

    private <T extends HasMetadata> ResourceEventHandler<T> changes(Kind kind) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                changed(kind, object);
            }

            @Override
            public void onUpdate(T oldObject, T newObject) {
                if (!Objects.equals(oldObject.getMetadata().getResourceVersion(),
                        newObject.getMetadata().getResourceVersion())) {
                    changed(kind, newObject);
                }
            }

            @Override
            public void onDelete(T object, boolean deletedFinalStateUnknown) {
                changed(kind, object);
            }
        };
    }

    private void changed(Kind kind, HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        String name = object.getMetadata().getName();
        for (Pod pod : pods.getStore().list()) {
            if (namespace.equals(pod.getMetadata().getNamespace()) && pod.getMetadata().getDeletionTimestamp() == null
                    && VolumeSources.references(pod, kind, name)) {
                refresh(pod);
            }
        }
    }

    private void refresh(Pod pod) {
        executor.execute(() -> {
            try {
                List<String> changed = volumes.refresh(pod);
                if (!changed.isEmpty()) {
                    LOG.info("pod {}/{}: volumes {} updated", pod.getMetadata().getNamespace(),
                            pod.getMetadata().getName(), changed);
                }
            } catch (RuntimeException e) {
                LOG.warn("pod {}/{}: refreshing volumes failed: {}", pod.getMetadata().getNamespace(),
                        pod.getMetadata().getName(), e.toString());
            }
        });
    }

    @Override
    public void close() throws InterruptedException {
        tokenChecks.shutdownNow();
        informers.forEach(SharedIndexInformer::stop);
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
