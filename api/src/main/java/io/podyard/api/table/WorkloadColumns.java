package io.podyard.api.table;

import static io.podyard.api.table.Column.AGE;
import static io.podyard.api.table.Column.CONTAINERS;
import static io.podyard.api.table.Column.IMAGES;
import static io.podyard.api.table.Column.NAME;
import static io.podyard.api.table.Fields.age;
import static io.podyard.api.table.Fields.integer;
import static io.podyard.api.table.Fields.name;
import static io.podyard.api.table.Fields.text;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** Deployment, ReplicaSet, StatefulSet, DaemonSet and ControllerRevision. */
final class WorkloadColumns {
    private static final String READY_DOC = "Number of the pod with ready state";

    static final KindColumns DEPLOYMENT = KindColumns.of(
            List.of(NAME,
                    Column.string("Ready", READY_DOC),
                    Column.string("Up-to-date", "Total number of non-terminated pods targeted by this deployment that"
                            + " have the desired template spec."),
                    Column.string("Available", "Total number of available pods (ready for at least minReadySeconds)"
                            + " targeted by this deployment."),
                    AGE, CONTAINERS, IMAGES,
                    Column.wide("Selector", "string", "Label selector for pods.")),
            (d, now) -> {
                JsonNode containers = d.path("spec").path("template").path("spec").path("containers");
                return List.of(name(d), integer(d, "status", "readyReplicas") + "/" + integer(d, "spec", "replicas"),
                        integer(d, "status", "updatedReplicas"), integer(d, "status", "availableReplicas"), age(d, now),
                        Formats.containers(containers, "name"), Formats.containers(containers, "image"),
                        Formats.selectorOrInvalid(d, "spec", "selector"));
            });

    static final KindColumns REPLICA_SET = KindColumns.of(
            List.of(NAME,
                    Column.integer("Desired", "Replicas is the number of desired replicas."),
                    Column.integer("Current", "Replicas is the most recently observed number of replicas."),
                    Column.integer("Ready", "The number of ready replicas for this replica set."),
                    AGE, CONTAINERS, IMAGES,
                    Column.wide("Selector", "string", "Selector is a label query over pods that should match the"
                            + " replica count.")),
            (rs, now) -> {
                JsonNode containers = rs.path("spec").path("template").path("spec").path("containers");
                return List.of(name(rs), integer(rs, "spec", "replicas"), integer(rs, "status", "replicas"),
                        integer(rs, "status", "readyReplicas"), age(rs, now),
                        Formats.containers(containers, "name"), Formats.containers(containers, "image"),
                        Formats.labelSelector(rs, "spec", "selector"));
            });

    static final KindColumns STATEFUL_SET = KindColumns.of(
            List.of(NAME, Column.string("Ready", READY_DOC), AGE, CONTAINERS, IMAGES),
            (sts, now) -> {
                JsonNode containers = sts.path("spec").path("template").path("spec").path("containers");
                return List.of(name(sts),
                        integer(sts, "status", "readyReplicas") + "/" + integer(sts, "spec", "replicas"), age(sts, now),
                        Formats.containers(containers, "name"), Formats.containers(containers, "image"));
            });

    static final KindColumns DAEMON_SET = KindColumns.of(
            List.of(NAME,
                    Column.integer("Desired", "The total number of nodes that should be running the daemon pod."),
                    Column.integer("Current", "The number of nodes that are running at least 1 daemon pod and are"
                            + " supposed to run the daemon pod."),
                    Column.integer("Ready", "The number of nodes that should be running the daemon pod and have one"
                            + " or more of the daemon pod running and ready."),
                    Column.integer("Up-to-date", "The total number of nodes that are running updated daemon pod."),
                    Column.integer("Available", "The number of nodes that should be running the daemon pod and have"
                            + " one or more of the daemon pod running and available."),
                    Column.string("Node Selector", "NodeSelector is a selector which must be true for the pod to fit"
                            + " on a node."),
                    AGE, CONTAINERS, IMAGES,
                    Column.wide("Selector", "string", "A label query over pods that are managed by the daemon set.")),
            (ds, now) -> {
                JsonNode podSpec = ds.path("spec").path("template").path("spec");
                JsonNode containers = podSpec.path("containers");
                return List.of(name(ds), integer(ds, "status", "desiredNumberScheduled"),
                        integer(ds, "status", "currentNumberScheduled"), integer(ds, "status", "numberReady"),
                        integer(ds, "status", "updatedNumberScheduled"), integer(ds, "status", "numberAvailable"),
                        Formats.labels(podSpec, "nodeSelector"), age(ds, now),
                        Formats.containers(containers, "name"), Formats.containers(containers, "image"),
                        Formats.labelSelector(ds, "spec", "selector"));
            });

    static final KindColumns CONTROLLER_REVISION = KindColumns.of(
            List.of(NAME,
                    Column.string("Controller", "Controller of the object"),
                    Column.string("Revision", "Revision indicates the revision of the state represented by Data."),
                    AGE),
            (cr, now) -> List.of(name(cr), controller(cr), integer(cr, "revision"), age(cr, now)));

    private WorkloadColumns() {}

    /** The controlling owner as {@code kind.group/name} in lower case ({@code statefulset.apps/web}), or {@code <none>}. */
    private static String controller(JsonNode object) {
        for (JsonNode owner : object.path("metadata").path("ownerReferences")) {
            if (!Fields.bool(owner, "controller")) {
                continue;
            }
            String apiVersion = text(owner, "apiVersion");
            String kind = text(owner, "kind");
            String group = group(apiVersion);
            if (group.isEmpty() && kind.isEmpty()) {
                return text(owner, "name");
            }
            return (group.isEmpty() ? kind : kind + "." + group).toLowerCase() + "/" + text(owner, "name");
        }
        return "<none>";
    }

    /** schema.ParseGroupVersion's group: "" for "v1", "apps" for "apps/v1". */
    private static String group(String apiVersion) {
        if (apiVersion.isEmpty() || apiVersion.equals("/")) {
            return "";
        }
        int slash = apiVersion.indexOf('/');
        if (slash < 0) {
            return "";
        }
        if (apiVersion.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("unexpected GroupVersion string: " + apiVersion);
        }
        return apiVersion.substring(0, slash);
    }
}
