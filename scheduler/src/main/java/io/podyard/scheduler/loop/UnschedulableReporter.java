package io.podyard.scheduler.loop;

import io.podyard.client.EventRecorder;
import io.podyard.client.Timestamps;
import io.podyard.scheduler.framework.PodInfo;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tells users why a pod is Pending, as kube-scheduler does: the pod's PodScheduled condition becomes
 * False with reason Unschedulable and the aggregated message, and a FailedScheduling event is recorded.
 */
final class UnschedulableReporter {
    private static final Logger log = LoggerFactory.getLogger(UnschedulableReporter.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ApiWriter api;
    private final EventRecorder events;
    private final InstantSource clock;

    UnschedulableReporter(ApiWriter api, EventRecorder events, InstantSource clock) {
        this.api = api;
        this.events = events;
        this.clock = clock;
    }

    void report(PodInfo pod, String message) {
        ObjectNode patch = JSON.createObjectNode();
        ObjectNode condition = patch.putObject("status").putArray("conditions").addObject();
        condition.put("type", "PodScheduled").put("status", "False").put("reason", "Unschedulable")
                .put("message", message).putNull("lastProbeTime")
                .put("lastTransitionTime", Timestamps.format(clock.instant()));
        // The uid precondition keeps a stale report off a new pod of the same name.
        patch.putObject("metadata").put("uid", pod.uid());
        api.patch("/api/v1/namespaces/" + pod.namespace() + "/pods/" + pod.name() + "/status",
                "application/strategic-merge-patch+json", JSON.writeValueAsString(patch))
                .whenComplete((answer, error) -> {
                    if (error != null || !answer.ok()) {
                        log.debug("status of {} not updated: {}", pod.key(), error != null ? error : answer.body());
                    }
                });
        events.warning(pod.pod(), "FailedScheduling", message);
    }
}
