package io.podyard.node.volumes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.podyard.node.mounts.Mounts;
import io.podyard.node.podconfig.ConfigSources;
import io.podyard.node.runtime.ContainerConfigException;
import io.podyard.node.runtime.VolumeMount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pod's volumes on the node, under {@code <podsDir>/<pod uid>/volumes/<name>} (kubelet's
 * /var/lib/kubelet/pods): emptyDir (a directory, or a tmpfs for medium Memory with sizeLimit as
 * its size), hostPath, and configMap, secret (on a tmpfs, never on disk), downwardAPI and
 * projected volumes written when the pod's first container that mounts them starts and brought up
 * to date by {@link #refresh} (each in one atomic step, see {@link AtomicDir}).
 */
public final class PodVolumes {
    private static final Pattern UID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9-]{0,127}");

    private static final Logger LOG = LoggerFactory.getLogger(PodVolumes.class);

    private final Path podsDir;
    private final ConfigSources sources;
    private final Map<String, Quantity> allocatable;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    /** @param allocatable the node's allocatable resources (what a resourceFieldRef of an unset limit reads) */
    public PodVolumes(Path podsDir, ConfigSources sources, Map<String, Quantity> allocatable) {
        this.podsDir = podsDir;
        this.sources = sources;
        this.allocatable = Map.copyOf(allocatable);
    }

    /**
     * The bind mounts for a container's volumeMounts, preparing each volume on first use.
     *
     * @throws ContainerConfigException a volume is undefined, its source is missing or a subPath escapes
     */
    public List<VolumeMount> mountsFor(Pod pod, Container container) {
        List<VolumeMount> mounts = new ArrayList<>();
        for (io.fabric8.kubernetes.api.model.VolumeMount mount : nullToEmpty(container.getVolumeMounts())) {
            Volume volume = nullToEmpty(pod.getSpec().getVolumes()).stream()
                    .filter(v -> v.getName().equals(mount.getName())).findFirst()
                    .orElseThrow(() -> new ContainerConfigException("container " + container.getName()
                            + " mounts volume " + mount.getName() + ", which the pod does not define"));
            Path source = prepare(pod, volume);
            if (mount.getSubPath() != null && !mount.getSubPath().isEmpty()) {
                source = subPath(source, mount.getSubPath());
            }
            mounts.add(new VolumeMount(source, mount.getMountPath(), Boolean.TRUE.equals(mount.getReadOnly())
                    || isProjection(volume)));
        }
        return mounts;
    }

    /** Sets the volume up if it is not yet; returns the directory (or hostPath) to bind. */
    Path prepare(Pod pod, Volume volume) {
        if (volume.getHostPath() != null) {
            return HostPaths.prepare(volume.getHostPath().getPath(), volume.getHostPath().getType());
        }
        Path volumes = podDir(pod.getMetadata().getUid()).resolve("volumes");
        Path dir = volumes.resolve(volume.getName());
        Path ready = volumes.resolve("." + volume.getName() + ".ready");
        synchronized (lock(pod)) {
            if (Files.exists(ready)) {
                return dir;
            }
            if (volume.getEmptyDir() != null) {
                emptyDir(dir, volume.getEmptyDir());
                VolumeOwnership.fsGroup(pod).ifPresent(gid -> VolumeOwnership.apply(dir, gid, false));
            } else if (isProjection(volume)) {
                createDirectories(dir);
                if (volume.getSecret() != null && !Mounts.isMounted(dir)) {
                    Mounts.tmpfs(dir, "mode=0755", true); // secrets never touch the disk
                }
                AtomicDir.write(dir, files(pod, volume));
                VolumeOwnership.fsGroup(pod).ifPresent(gid -> VolumeOwnership.apply(dir, gid, true));
            } else {
                throw new ContainerConfigException("volume " + volume.getName() + ": this volume type is not supported");
            }
            touch(ready);
        }
        return dir;
    }

    /**
     * Brings the pod's configMap, secret, downwardAPI and projected volumes that are set up to what
     * their sources say now (kubelet's periodic remount), each in one atomic step. A source that is
     * gone or broken leaves the volume as it is, as kubelet does.
     *
     * @return the names of the volumes that changed
     */
    public List<String> refresh(Pod pod) {
        List<String> changed = new ArrayList<>();
        Path volumes = podDir(pod.getMetadata().getUid()).resolve("volumes");
        synchronized (lock(pod)) {
            for (Volume volume : nullToEmpty(pod.getSpec().getVolumes())) {
                if (!isProjection(volume) || !Files.exists(volumes.resolve("." + volume.getName() + ".ready"))) {
                    continue;
                }
                try {
                    if (AtomicDir.write(volumes.resolve(volume.getName()), files(pod, volume))) {
                        changed.add(volume.getName());
                        VolumeOwnership.fsGroup(pod).ifPresent(gid -> VolumeOwnership.apply(
                                volumes.resolve(volume.getName()), gid, true));
                    }
                } catch (ContainerConfigException e) {
                    LOG.info("pod {}: volume {} keeps its content: {}", pod.getMetadata().getName(), volume.getName(),
                            e.getMessage());
                }
            }
        }
        return changed;
    }

    /** Disk the pod's emptyDir volumes take (those on disk, not medium Memory), as kubelet counts ephemeral storage. */
    public long emptyDirUsage(Pod pod) {
        Path volumes = podDir(pod.getMetadata().getUid()).resolve("volumes");
        return nullToEmpty(pod.getSpec().getVolumes()).stream()
                .filter(v -> v.getEmptyDir() != null && !"Memory".equals(v.getEmptyDir().getMedium()))
                .mapToLong(v -> io.podyard.node.runtime.DiskUsage.of(volumes.resolve(v.getName()))).sum();
    }

    /** Whether a volume is one of those whose files come from the API (and may change). */
    public static boolean isProjection(Volume volume) {
        return volume.getConfigMap() != null || volume.getSecret() != null || volume.getDownwardAPI() != null
                || volume.getProjected() != null;
    }

    private List<ProjectedFile> files(Pod pod, Volume volume) {
        if (volume.getConfigMap() != null) {
            return VolumeFiles.configMap(pod, volume.getConfigMap(), sources);
        }
        if (volume.getSecret() != null) {
            return VolumeFiles.secret(pod, volume.getSecret(), sources);
        }
        if (volume.getDownwardAPI() != null) {
            return VolumeFiles.downwardApi(pod, volume.getDownwardAPI().getItems(),
                    volume.getDownwardAPI().getDefaultMode(), allocatable);
        }
        return VolumeFiles.projected(pod, volume.getProjected().getSources(), volume.getProjected().getDefaultMode(),
                sources, allocatable);
    }

    private Object lock(Pod pod) {
        return locks.computeIfAbsent(pod.getMetadata().getUid(), uid -> new Object());
    }

    private static void emptyDir(Path dir, EmptyDirVolumeSource source) {
        createDirectories(dir);
        if ("Memory".equals(source.getMedium())) {
            String size = source.getSizeLimit() == null ? ""
                    : ",size=" + Quantity.getAmountInBytes(source.getSizeLimit()).toBigInteger();
            if (!Mounts.isMounted(dir)) {
                Mounts.tmpfs(dir, "mode=1777" + size, false);
            }
        } else {
            setMode(dir, 0777);
        }
    }

    /** kubelet creates a missing subPath directory; one that leaves the volume (by '..' or a symlink) is refused. */
    private static Path subPath(Path volume, String subPath) {
        Path target = volume.resolve(subPath).normalize();
        if (subPath.startsWith("/") || !target.startsWith(volume)) {
            throw new ContainerConfigException("subPath " + subPath + " leaves its volume");
        }
        try {
            if (!Files.exists(target)) {
                Files.createDirectories(target);
            }
            if (!target.toRealPath().startsWith(volume.toRealPath())) {
                throw new ContainerConfigException("subPath " + subPath + " leaves its volume");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** Unmounts and deletes everything of the pod's volumes (hostPaths are not touched: they are not under it). */
    public void tearDown(String podUid) {
        Path dir = podDir(podUid);
        if (!Files.exists(dir)) {
            return;
        }
        Mounts.mountedUnder(dir).forEach(Mounts::unmount);
        locks.remove(podUid);
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pods that have a directory here (for the cleanup after a restart). */
    public List<String> podUids() {
        if (!Files.isDirectory(podsDir)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(podsDir)) {
            return dirs.map(p -> p.getFileName().toString()).filter(n -> UID.matcher(n).matches()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path podDir(String podUid) {
        if (podUid == null || !UID.matcher(podUid).matches()) {
            throw new ContainerConfigException("invalid pod uid: " + podUid);
        }
        return podsDir.resolve(podUid);
    }

    private static void setMode(Path path, int mode) {
        try {
            AtomicDir.setMode(path, mode);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void touch(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
