package io.podyard.api.table;

import static io.podyard.api.table.Column.AGE;
import static io.podyard.api.table.Column.NAME;
import static io.podyard.api.table.Fields.age;
import static io.podyard.api.table.Fields.bool;
import static io.podyard.api.table.Fields.integer;
import static io.podyard.api.table.Fields.name;
import static io.podyard.api.table.Fields.size;
import static io.podyard.api.table.Fields.text;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Namespace, ConfigMap, Secret, ServiceAccount, ResourceQuota, Lease and PriorityClass. */
final class CoreColumns {
    static final KindColumns NAMESPACE = KindColumns.of(
            List.of(NAME, Column.string("Status", "The status of the namespace"), AGE),
            (ns, now) -> List.of(name(ns), text(ns, "status", "phase"), age(ns, now)));

    static final KindColumns CONFIG_MAP = KindColumns.of(
            List.of(NAME, Column.string("Data", "Data contains the configuration data."), AGE),
            (cm, now) -> List.of(name(cm), (long) (size(cm, "data") + size(cm, "binaryData")), age(cm, now)));

    static final KindColumns SECRET = KindColumns.of(
            List.of(NAME,
                    Column.string("Type", "Used to facilitate programmatic handling of secret data."),
                    Column.string("Data", "Data contains the secret data."),
                    AGE),
            (secret, now) -> List.of(name(secret), text(secret, "type"), (long) size(secret, "data"), age(secret, now)));

    static final KindColumns SERVICE_ACCOUNT = KindColumns.of(
            List.of(NAME,
                    Column.string("Secrets", "Secrets is a list of the secrets in the same namespace that pods"
                            + " running using this ServiceAccount are allowed to use."),
                    AGE),
            (sa, now) -> List.of(name(sa), (long) size(sa, "secrets"), age(sa, now)));

    static final KindColumns RESOURCE_QUOTA = KindColumns.of(
            List.of(NAME,
                    Column.string("Request", "Request represents a minimum amount of cpu/memory that a container may"
                            + " consume."),
                    Column.string("Limit", "Limits control the maximum amount of cpu/memory that a container may use"
                            + " independent of contention on the node."),
                    AGE),
            (quota, now) -> {
                String[] columns = quotaColumns(quota.path("status"));
                return List.of(name(quota), columns[0], columns[1], age(quota, now));
            });

    static final KindColumns LEASE = KindColumns.of(
            List.of(NAME, Column.string("Holder", "holderIdentity contains the identity of the holder of a current"
                    + " lease."), AGE),
            (lease, now) -> List.of(name(lease), text(lease, "spec", "holderIdentity"), age(lease, now)));

    /** As kubectl prints PriorityClasses: value, whether it is the global default, the preemption policy. */
    static final KindColumns PRIORITY_CLASS = KindColumns.of(
            List.of(NAME, Column.integer("Value", "value is the integer value of this priority class."),
                    Column.string("Global-Default", "globalDefault specifies whether this PriorityClass should be"
                            + " considered as the default priority."), AGE,
                    Column.string("PreemptionPolicy", "preemptionPolicy is the Policy for preempting pods with lower"
                            + " priority.")),
            (pc, now) -> List.of(name(pc), integer(pc, "value"), String.valueOf(bool(pc, "globalDefault")), age(pc, now),
                    pc.hasNonNull("preemptionPolicy") ? text(pc, "preemptionPolicy") : "PreemptLowerPriority"));

    /** As kubectl prints CertificateSigningRequests; the condition reads Pending, Approved or Denied, then ,Failed and ,Issued. */
    static final KindColumns CERTIFICATE_SIGNING_REQUEST = KindColumns.of(
            List.of(NAME, AGE, Column.string("SignerName", "signerName indicates the requested signer."),
                    Column.string("Requestor", "username contains the name of the user that created the request."),
                    Column.string("RequestedDuration", "expirationSeconds is the requested duration of validity of"
                            + " the issued certificate."),
                    Column.string("Condition", "the request's approval, failure and issuance")),
            (csr, now) -> List.of(name(csr), age(csr, now), orNone(text(csr, "spec", "signerName")),
                    orNone(text(csr, "spec", "username")),
                    Fields.present(csr, "spec", "expirationSeconds")
                            ? HumanDuration.format(Duration.ofSeconds(integer(csr, "spec", "expirationSeconds"))) : "<none>",
                    csrCondition(csr)));

    private CoreColumns() {}

    private static String csrCondition(JsonNode csr) {
        boolean approved = false;
        boolean denied = false;
        boolean failed = false;
        for (JsonNode condition : Fields.at(csr, "status", "conditions")) {
            switch (text(condition, "type")) {
                case "Approved" -> approved = true;
                case "Denied" -> denied = true;
                case "Failed" -> failed = true;
                default -> { }
            }
        }
        String status = denied ? "Denied" : approved ? "Approved" : "Pending";
        if (failed) {
            status += ",Failed";
        }
        if (!text(csr, "status", "certificate").isEmpty()) {
            status += ",Issued";
        }
        return status;
    }

    private static String orNone(String text) {
        return text.isEmpty() ? "<none>" : text;
    }

    /** "resource: used/hard" for every hard limit by name; limits.* go to the LIMIT column. */
    private static String[] quotaColumns(JsonNode status) {
        List<String> requests = new ArrayList<>();
        List<String> limits = new ArrayList<>();
        for (String resource : Fields.stringMap(status, "hard").keySet()) {
            String entry = resource + ": " + Fields.quantity(status, "used", resource) + "/"
                    + Fields.quantity(status, "hard", resource);
            (resource.startsWith("limits.") ? limits : requests).add(entry);
        }
        return new String[] {String.join(", ", requests), String.join(", ", limits)};
    }
}
