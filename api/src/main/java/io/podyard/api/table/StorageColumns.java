package io.podyard.api.table;

import static io.podyard.api.table.Column.AGE;
import static io.podyard.api.table.Column.NAME;
import static io.podyard.api.table.Fields.age;
import static io.podyard.api.table.Fields.name;
import static io.podyard.api.table.Fields.present;
import static io.podyard.api.table.Fields.text;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** PersistentVolume and PersistentVolumeClaim. */
final class StorageColumns {
    private static final String BETA_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";
    private static final Column VOLUME_MODE = Column.wide("VolumeMode", "string", "volumeMode defines if a volume is"
            + " intended to be used with a formatted filesystem or to remain in raw block state.");

    static final KindColumns PERSISTENT_VOLUME = KindColumns.of(
            List.of(NAME,
                    Column.string("Capacity", "capacity is the description of the persistent volume's resources and"
                            + " capacity."),
                    Column.string("Access Modes", "accessModes contains all ways the volume can be mounted."),
                    Column.string("Reclaim Policy", "persistentVolumeReclaimPolicy defines what happens to a"
                            + " persistent volume when released from its claim."),
                    Column.string("Status", "phase indicates if a volume is available, bound to a claim, or released"
                            + " by a claim."),
                    Column.string("Claim", "claimRef is part of a bi-directional binding between PersistentVolume"
                            + " and PersistentVolumeClaim."),
                    Column.string("StorageClass", "StorageClass of the pv"),
                    Column.string("VolumeAttributesClass", "VolumeAttributesClass of the pv"),
                    Column.string("Reason", "reason is a brief CamelCase string that describes any failure and is"
                            + " meant for machine parsing and tidy display in the CLI."),
                    AGE, VOLUME_MODE),
            (pv, now) -> {
                JsonNode spec = pv.path("spec");
                String claim = present(spec, "claimRef")
                        ? text(spec, "claimRef", "namespace") + "/" + text(spec, "claimRef", "name") : "";
                String storageClass = present(pv, "metadata", "annotations", BETA_CLASS_ANNOTATION)
                        ? text(pv, "metadata", "annotations", BETA_CLASS_ANNOTATION) : text(spec, "storageClassName");
                return List.of(name(pv), Fields.quantity(spec, "capacity", "storage"),
                        accessModes(spec.path("accessModes")), text(spec, "persistentVolumeReclaimPolicy"),
                        phase(pv), claim, storageClass, orUnset(spec, "volumeAttributesClassName"),
                        text(pv, "status", "reason"), age(pv, now), orUnset(spec, "volumeMode"));
            });

    static final KindColumns PERSISTENT_VOLUME_CLAIM = KindColumns.of(
            List.of(NAME,
                    Column.string("Status", "phase represents the current phase of PersistentVolumeClaim."),
                    Column.string("Volume", "volumeName is the binding reference to the PersistentVolume backing"
                            + " this claim."),
                    Column.string("Capacity", "capacity represents the actual resources of the underlying volume."),
                    Column.string("Access Modes", "accessModes contains the actual access modes the volume backing"
                            + " the PVC has."),
                    Column.string("StorageClass", "StorageClass of the pvc"),
                    Column.string("VolumeAttributesClass", "VolumeAttributesClass of the pvc"),
                    AGE, VOLUME_MODE),
            (pvc, now) -> {
                JsonNode spec = pvc.path("spec");
                boolean bound = !text(spec, "volumeName").isEmpty();
                String storageClass = present(pvc, "metadata", "annotations", BETA_CLASS_ANNOTATION)
                        ? text(pvc, "metadata", "annotations", BETA_CLASS_ANNOTATION) : text(spec, "storageClassName");
                return List.of(name(pvc), phase(pvc), text(spec, "volumeName"),
                        bound ? Fields.quantity(pvc, "status", "capacity", "storage") : "",
                        bound ? accessModes(pvc.path("status").path("accessModes")) : "",
                        storageClass, orUnset(spec, "volumeAttributesClassName"), age(pvc, now),
                        orUnset(spec, "volumeMode"));
            });

    private StorageColumns() {}

    /** The phase, or Terminating once deletion has begun. */
    private static String phase(JsonNode object) {
        return present(object, "metadata", "deletionTimestamp") ? "Terminating" : text(object, "status", "phase");
    }

    /** RWO, ROX, RWX, RWOP in that order, each once. */
    private static String accessModes(JsonNode modes) {
        Set<String> present = new LinkedHashSet<>();
        for (JsonNode mode : modes) {
            present.add(mode.isString() ? mode.asString() : "");
        }
        List<String> abbreviated = new ArrayList<>();
        if (present.contains("ReadWriteOnce")) {
            abbreviated.add("RWO");
        }
        if (present.contains("ReadOnlyMany")) {
            abbreviated.add("ROX");
        }
        if (present.contains("ReadWriteMany")) {
            abbreviated.add("RWX");
        }
        if (present.contains("ReadWriteOncePod")) {
            abbreviated.add("RWOP");
        }
        return String.join(",", abbreviated);
    }

    private static String orUnset(JsonNode spec, String field) {
        return present(spec, field) ? text(spec, field) : "<unset>";
    }
}
