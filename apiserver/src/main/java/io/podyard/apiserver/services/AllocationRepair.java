package io.podyard.apiserver.services;

import io.podyard.apiserver.rest.Json;
import io.podyard.apiserver.services.AllocationTable.Owner;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Kubernetes' repair controllers for cluster IPs and node ports. A Service is written after its
 * allocation records (and its records are removed after it), so a crash in between leaves a
 * record no Service holds; and a record may be missing under a Service restored from elsewhere.
 * A pass re-creates missing records and removes leaked ones. At start-up, before anything is
 * served, a leak is removed at once; later a record must look leaked on two passes in a row, so
 * a create in flight (records written, Service not yet) is never robbed.
 */
public final class AllocationRepair {
    private static final Logger log = LoggerFactory.getLogger(AllocationRepair.class);

    private final ServiceAllocator allocator;
    private final Supplier<List<JsonNode>> services;
    private final Set<String> suspected = new HashSet<>();

    /** @param services lists every stored Service */
    public AllocationRepair(ServiceAllocator allocator, Supplier<List<JsonNode>> services) {
        this.allocator = allocator;
        this.services = services;
    }

    /** One pass; {@code startup} when nothing can be in flight. Returns how many records it changed. */
    public synchronized int run(boolean startup) {
        // Records first, then Services: a Service created in between holds a record seen as wanted.
        Map<String, Owner> ipRecords = allocator.ips().all();
        Map<String, Owner> portRecords = allocator.ports().all();
        List<JsonNode> all = services.get();
        int changed = repair("serviceips", allocator.ips(), ipRecords, all, s -> ServiceHolds.of(s).ips(), startup);
        changed += repair("nodeports", allocator.ports(), portRecords, all,
                s -> ServiceHolds.of(s).nodePorts().stream().map(String::valueOf).toList(), startup);
        return changed;
    }

    private int repair(String kind, AllocationTable table, Map<String, Owner> records, List<JsonNode> all,
            Function<JsonNode, ? extends java.util.Collection<String>> holds, boolean startup) {
        int changed = 0;
        Set<String> wanted = new HashSet<>();
        for (JsonNode service : all) {
            JsonNode meta = service.path("metadata");
            Owner owner = new Owner(Json.text(meta, "namespace"), Json.text(meta, "name"), Json.text(meta, "uid"));
            for (String item : holds.apply(service)) {
                wanted.add(item + "@" + owner.uid());
                Owner recorded = records.get(item);
                if (recorded == null) {
                    if (table.claim(item, owner) == AllocationTable.Claim.CLAIMED) {
                        log.info("{} {} of Service {}/{} had no allocation record; repaired", kind, item,
                                owner.namespace(), owner.name());
                        changed++;
                    }
                } else if (!recorded.uid().equals(owner.uid())) {
                    log.warn("{} {} of Service {}/{} is allocated to Service {}/{}", kind, item, owner.namespace(),
                            owner.name(), recorded.namespace(), recorded.name());
                }
            }
        }
        Set<String> stillSuspected = new HashSet<>();
        for (var record : records.entrySet()) {
            String key = record.getKey() + "@" + record.getValue().uid();
            if (wanted.contains(key)) {
                continue;
            }
            if (startup || suspected.contains(kind + "/" + key)) {
                table.forget(record.getKey(), record.getValue());
                log.info("{} {} was held by no Service (left by {}/{}); released", kind, record.getKey(),
                        record.getValue().namespace(), record.getValue().name());
                changed++;
            } else {
                stillSuspected.add(kind + "/" + key);
            }
        }
        suspected.removeIf(s -> s.startsWith(kind + "/"));
        suspected.addAll(stillSuspected);
        return changed;
    }
}
