package io.podyard.apiserver.rest;

import tools.jackson.databind.JsonNode;

/**
 * A pod's quality of service class, as Kubernetes computes it from its containers' resources:
 * BestEffort when no container asks for or limits cpu or memory, Guaranteed when every container
 * limits both and asks for exactly its limits (requests default to limits), Burstable otherwise.
 */
final class QosClass {
    private static final String[] RESOURCES = {"cpu", "memory"};

    private QosClass() {}

    static String of(JsonNode podSpec) {
        boolean any = false;
        boolean guaranteed = true;
        for (String list : new String[] {"initContainers", "containers"}) {
            for (JsonNode c : podSpec.path(list)) {
                JsonNode requests = c.path("resources").path("requests");
                JsonNode limits = c.path("resources").path("limits");
                for (String r : RESOURCES) {
                    boolean requested = requests.has(r);
                    boolean limited = limits.has(r);
                    any |= requested || limited;
                    if (!limited || (requested && !requests.get(r).asString().equals(limits.get(r).asString()))) {
                        guaranteed = false;
                    }
                }
            }
        }
        if (!any) {
            return "BestEffort";
        }
        return guaranteed ? "Guaranteed" : "Burstable";
    }
}
