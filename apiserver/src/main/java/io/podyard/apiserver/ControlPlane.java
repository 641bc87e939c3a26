package io.podyard.apiserver;

import io.podyard.api.resource.BuiltinResources;
import io.podyard.api.resource.ResourceType;
import io.podyard.apiserver.http.ApiServer;
import io.podyard.apiserver.rest.Json;
import io.podyard.apiserver.rest.ObjectLifecycle;
import io.podyard.apiserver.services.AdvertiseAddress;
import io.podyard.apiserver.services.AllocationRepair;
import io.podyard.apiserver.services.KubernetesService;
import io.podyard.apiserver.services.ServiceAllocator;
import io.podyard.apiserver.services.ServiceNetwork;
import io.podyard.apiserver.storage.ObjectStore;
import io.podyard.apiserver.tls.ClusterCredentials;
import io.podyard.apiserver.tls.Kubeconfig;
import io.podyard.store.KeyValueStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The control plane of one Podyard server, started in order: credentials, the system namespaces,
 * the HTTPS API, then the kubeconfig that points at it. Later issues add the scheduler and
 * controllers here; the store is opened (and closed) by the caller.
 */
public final class ControlPlane implements AutoCloseable {
    /** Namespaces every cluster has. */
    public static final List<String> SYSTEM_NAMESPACES = List.of("default", "kube-system", "kube-public",
            "kube-node-lease");

    /** How often allocation records are checked against the Services (Kubernetes: 3 minutes). */
    private static final Duration REPAIR_INTERVAL = Duration.ofMinutes(3);

    private final ApiServer api;
    private final Path kubeconfig;
    private final ClusterCredentials credentials;
    private final Thread repairs;

    private ControlPlane(ApiServer api, Path kubeconfig, ClusterCredentials credentials, Thread repairs) {
        this.api = api;
        this.kubeconfig = kubeconfig;
        this.credentials = credentials;
        this.repairs = repairs;
    }

    /**
     * @param host address to listen on; the kubeconfig always points at 127.0.0.1
     * @param port 0 picks a free port
     */
    public static ControlPlane start(Path dataDir, String host, int port, List<String> extraSans,
            KeyValueStore store, InstantSource clock) {
        return start(dataDir, host, port, extraSans, store, clock, ServiceNetwork.defaults());
    }

    /** As above, with the Services' cluster IP and node port ranges. */
    public static ControlPlane start(Path dataDir, String host, int port, List<String> extraSans,
            KeyValueStore store, InstantSource clock, ServiceNetwork serviceNetwork) {
        ClusterCredentials credentials;
        try {
            credentials = ClusterCredentials.loadOrCreate(dataDir, extraSans, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up the cluster's certificates in " + dataDir, e);
        }
        ensureSystemNamespaces(new ObjectStore(store), new ObjectLifecycle(clock));
        ensureSystemPriorityClasses(new ObjectStore(store), new ObjectLifecycle(clock));
        ServiceAllocator services = new ServiceAllocator(store, serviceNetwork);
        AllocationRepair repair = new AllocationRepair(services, () -> allServices(new ObjectStore(store)));
        repair.run(true); // nothing is served yet, so nothing is in flight
        ApiServer api = ApiServer.start(host, port, credentials, store, clock, services);
        KubernetesService kubernetes = new KubernetesService(new ObjectStore(store), new ObjectLifecycle(clock),
                services);
        String advertise = AdvertiseAddress.forBindAddress(host);
        try {
            kubernetes.ensure(advertise, api.port());
        } catch (RuntimeException e) {
            api.close();
            throw e;
        }
        Path kubeconfig = dataDir.resolve("kubeconfig.yaml");
        try {
            // Written on every start: the port may differ, and renewed admin credentials must reach it.
            Kubeconfig.write(kubeconfig, Kubeconfig.render("https://127.0.0.1:" + api.port(), credentials));
        } catch (IOException e) {
            api.close();
            throw new UncheckedIOException("cannot write " + kubeconfig, e);
        }
        api.setReady(true);
        Thread repairs = Thread.ofVirtual().name("service-allocation-repair").start(() -> {
            try {
                while (true) {
                    Thread.sleep(REPAIR_INTERVAL);
                    repair.run(false);
                    kubernetes.ensure(advertise, api.port()); // as Kubernetes' bootstrap controller: back if deleted
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(ControlPlane.class).warn("allocation repair stopped", e);
            }
        });
        return new ControlPlane(api, kubeconfig, credentials, repairs);
    }

    private static List<JsonNode> allServices(ObjectStore store) {
        ResourceType services = BuiltinResources.registry().byPlural("", "v1", "services").orElseThrow();
        return List.copyOf(store.list(services, null, o -> true, 0, null, 0).items());
    }

    private static void ensureSystemNamespaces(ObjectStore store, ObjectLifecycle lifecycle) {
        ResourceType namespaces = BuiltinResources.registry().byPlural("", "v1", "namespaces").orElseThrow();
        for (String name : SYSTEM_NAMESPACES) {
            if (store.get(namespaces, null, name).isEmpty()) {
                ObjectNode ns = Json.MAPPER.createObjectNode();
                ns.putObject("metadata").put("name", name);
                store.create(namespaces, null, name, lifecycle.prepareCreate(namespaces, null, ns));
            }
        }
    }

    /** Kubernetes' two built-in classes, for the cluster's own critical pods. */
    private static void ensureSystemPriorityClasses(ObjectStore store, ObjectLifecycle lifecycle) {
        ResourceType classes = BuiltinResources.registry().byPlural("scheduling.k8s.io", "v1", "priorityclasses")
                .orElseThrow();
        Map<String, Integer> builtin = Map.of("system-cluster-critical", 2_000_000_000, "system-node-critical", 2_000_001_000);
        builtin.forEach((name, value) -> {
            if (store.get(classes, null, name).isEmpty()) {
                ObjectNode pc = Json.MAPPER.createObjectNode();
                pc.put("apiVersion", "scheduling.k8s.io/v1").put("kind", "PriorityClass");
                pc.putObject("metadata").put("name", name);
                pc.put("value", value).put("description", "Used for system critical pods that must run in the cluster,"
                        + " but can be moved to another node if necessary.");
                store.create(classes, null, name, lifecycle.prepareCreate(classes, null, pc));
            }
        });
    }

    public int port() {
        return api.port();
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    public ClusterCredentials credentials() {
        return credentials;
    }

    @Override
    public void close() {
        repairs.interrupt();
        api.close();
    }
}
