package io.podyard.scheduler.loop;

import io.podyard.scheduler.cache.SchedulerCache;
import io.podyard.scheduler.framework.BindPlugin;
import io.podyard.scheduler.framework.PodInfo;
import io.podyard.scheduler.framework.ReservePlugin;
import io.podyard.scheduler.framework.Status;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The plugins that make a placement happen: assume it in the cache, then bind it through the API. */
final class Binding {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Binding() {
    }

    /** Reserve: the pod counts on its node from now on; unreserve gives it back. */
    static ReservePlugin assume(SchedulerCache cache) {
        return new ReservePlugin() {
            @Override
            public String name() {
                return "Assume";
            }

            @Override
            public Status reserve(PodInfo pod, String nodeName) {
                cache.assume(pod, nodeName);
                return Status.FIT;
            }

            @Override
            public void unreserve(PodInfo pod, String nodeName) {
                cache.forget(pod.uid());
            }
        };
    }

    /**
     * Bind: POST {@code pods/NAME/binding}, with the pod's uid as a precondition so a pod deleted and
     * re-created under the same name is not bound by mistake. 404 (gone) and 409 (bound elsewhere, or
     * being deleted) are final; anything else is worth another attempt.
     */
    static final class DefaultBinder implements BindPlugin {
        private final ApiWriter api;

        DefaultBinder(ApiWriter api) {
            this.api = api;
        }

        @Override
        public String name() {
            return "DefaultBinder";
        }

        @Override
        public CompletableFuture<Status> bind(PodInfo pod, String nodeName) {
            ObjectNode binding = JSON.createObjectNode();
            binding.put("apiVersion", "v1").put("kind", "Binding");
            binding.putObject("metadata").put("name", pod.name()).put("namespace", pod.namespace()).put("uid", pod.uid());
            binding.putObject("target").put("apiVersion", "v1").put("kind", "Node").put("name", nodeName);
            return api.post("/api/v1/namespaces/" + pod.namespace() + "/pods/" + pod.name() + "/binding",
                    JSON.writeValueAsString(binding))
                    .handle((answer, error) -> {
                        if (error != null) {
                            return Status.unschedulable(error.toString());
                        }
                        if (answer.ok()) {
                            return Status.FIT;
                        }
                        return answer.code() == 404 || answer.code() == 409
                                ? Status.unresolvable(answer.body()) : Status.unschedulable(answer.body());
                    });
        }
    }
}
