package io.podyard.apiserver.rest;

import io.podyard.api.resource.ResourceRegistry;
import io.podyard.api.resource.ResourceType;
import io.podyard.apiserver.storage.ObjectStore;
import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kubernetes' ServiceAccount admission for new pods. The pod runs as {@code spec.serviceAccountName}
 * ({@code default} when not given; the deprecated {@code spec.serviceAccount} says the same); a named
 * account that does not exist is refused (403, Kubernetes' message). Unless the pod or its account
 * says {@code automountServiceAccountToken: false}, the pod gets the {@code kube-api-access-XXXXX}
 * projected volume — a token bound to the pod ({@value #TOKEN_SECONDS} s, which the API server
 * extends; see {@link TokenRequests}), the cluster CA from the {@code kube-root-ca.crt} ConfigMap
 * and the namespace — mounted read-only at {@value #MOUNT_PATH} in every container and init
 * container that has nothing mounted there already. That is what in-cluster clients read.
 *
 * <p>The volume's parts come from controllers: the {@code default} account from the serviceaccount
 * controller, moments after its namespace, and {@code kube-root-ca.crt} from the root CA publisher.
 * When controllers run (their leader's Lease exists, or the {@code default} namespace has its
 * account) a pod waits up to {@link #WAIT_FOR_DEFAULT} for its namespace's default account, as
 * Kubernetes retries; when none run (a bare API server) pods are admitted without the volume.
 */
final class PodServiceAccount {
    static final String DEFAULT = "default";
    static final String MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
    static final String VOLUME_PREFIX = "kube-api-access-";
    static final long TOKEN_SECONDS = TokenRequests.EXTENDED_REQUEST_SECONDS;
    static final String ROOT_CA_CONFIG_MAP = "kube-root-ca.crt";
    private static final Duration WAIT_FOR_DEFAULT = Duration.ofSeconds(2);
    private static final Duration POLL = Duration.ofMillis(50);
    /** The controller manager's leader election Lease (controllers' ControllerOptions). */
    private static final String CONTROLLERS_LEASE = "podyard-controller-manager";
    /** The characters of Kubernetes' random name suffixes (no vowels, no look-alikes). */
    private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

    private final ObjectStore store;
    private final ResourceType accounts;
    private final ResourceType leases;
    private final RandomGenerator random;

    PodServiceAccount(ResourceRegistry registry, ObjectStore store, RandomGenerator random) {
        this.store = store;
        this.accounts = registry.byPlural("", "v1", "serviceaccounts").orElseThrow();
        this.leases = registry.byPlural("coordination.k8s.io", "v1", "leases").orElseThrow();
        this.random = random;
    }

    void admit(String namespace, String podName, ObjectNode pod) {
        ObjectNode spec = Json.child(pod, "spec");
        String name = firstNonEmpty(Json.text(spec, "serviceAccountName"), Json.text(spec, "serviceAccount"), DEFAULT);
        spec.put("serviceAccountName", name);
        spec.put("serviceAccount", name);
        Optional<ObjectNode> account = store.get(accounts, namespace, name);
        if (account.isEmpty() && !name.equals(DEFAULT)) {
            throw ApiException.forbidden("pods \"" + podName + "\" is forbidden: error looking up service account "
                    + namespace + "/" + name + ": serviceaccount \"" + name + "\" not found");
        }
        if (!controllersRun()) {
            return;
        }
        if (account.isEmpty()) {
            account = awaitDefault(namespace);
        }
        if (account.isPresent() && automount(spec, account.get())) {
            mountToken(spec);
        }
    }

    /** The namespace's default account, which the serviceaccount controller is about to make. */
    private Optional<ObjectNode> awaitDefault(String namespace) {
        Optional<ObjectNode> account = Optional.empty();
        long deadline = System.nanoTime() + WAIT_FOR_DEFAULT.toNanos();
        while (account.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return account;
            }
            account = store.get(accounts, namespace, DEFAULT);
        }
        return account;
    }

    /**
     * Whether controllers run: they make what the volume shows (the default accounts, the
     * kube-root-ca.crt ConfigMaps), so without them (a bare API server) no pod gets it.
     */
    private boolean controllersRun() {
        return store.get(leases, "kube-system", CONTROLLERS_LEASE).isPresent()
                || store.get(accounts, DEFAULT, DEFAULT).isPresent();
    }

    /** The pod's own setting wins, then the account's; both default to mounting. */
    private static boolean automount(ObjectNode spec, ObjectNode account) {
        JsonNode own = spec.get("automountServiceAccountToken");
        if (own != null && own.isBoolean()) {
            return own.asBoolean();
        }
        JsonNode accounts = account.get("automountServiceAccountToken");
        return accounts == null || !accounts.isBoolean() || accounts.asBoolean();
    }

    private void mountToken(ObjectNode spec) {
        String volume = VOLUME_PREFIX + suffix();
        boolean mounted = false;
        for (String list : new String[] {"initContainers", "containers"}) {
            for (JsonNode c : spec.path(list)) {
                if (c instanceof ObjectNode container && !mountsAtTokenPath(container)) {
                    ArrayNode mounts = container.get("volumeMounts") instanceof ArrayNode a ? a
                            : container.putArray("volumeMounts");
                    mounts.addObject().put("name", volume).put("readOnly", true).put("mountPath", MOUNT_PATH);
                    mounted = true;
                }
            }
        }
        if (mounted) {
            ArrayNode volumes = spec.get("volumes") instanceof ArrayNode a ? a : spec.putArray("volumes");
            volumes.add(tokenVolume(volume));
        }
    }

    private static boolean mountsAtTokenPath(JsonNode container) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if (MOUNT_PATH.equals(Json.text(mount, "mountPath"))) {
                return true;
            }
        }
        return false;
    }

    private static ObjectNode tokenVolume(String name) {
        ObjectNode volume = Json.MAPPER.createObjectNode().put("name", name);
        ObjectNode projected = volume.putObject("projected");
        ArrayNode sources = projected.putArray("sources");
        sources.addObject().putObject("serviceAccountToken").put("expirationSeconds", TOKEN_SECONDS).put("path", "token");
        ObjectNode configMap = sources.addObject().putObject("configMap").put("name", ROOT_CA_CONFIG_MAP);
        configMap.putArray("items").addObject().put("key", "ca.crt").put("path", "ca.crt");
        sources.addObject().putObject("downwardAPI").putArray("items").addObject().put("path", "namespace")
                .putObject("fieldRef").put("apiVersion", "v1").put("fieldPath", "metadata.namespace");
        projected.put("defaultMode", 420);
        return volume;
    }

    private String suffix() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            s.append(ALPHANUMS.charAt(random.nextInt(ALPHANUMS.length())));
        }
        return s.toString();
    }

    private static String firstNonEmpty(String... values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return "";
    }
}
