package io.podyard.apiserver.streams;

import io.podyard.apiserver.rest.ApiException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Where a pod's log, exec, attach or port-forward request goes: the node's address and streaming
 * port and the container, or the error Kubernetes gives (its messages). Pure: it reads the pod and
 * its Node as the API has them.
 */
record StreamTarget(String host, int port, String container, boolean previous) {
    enum Kind { LOG, EXEC, ATTACH, PORT_FORWARD }

    /**
     * @param container the requested container, null or empty for the default (the only one)
     * @param node      the pod's Node, null if it does not exist
     */
    static StreamTarget resolve(Kind kind, JsonNode pod, JsonNode node, String container, boolean previous) {
        String podName = pod.path("metadata").path("name").asString("");
        String chosen = kind == Kind.PORT_FORWARD ? "" : container(pod, podName, container);
        String phase = pod.path("status").path("phase").asString("");
        if ((kind == Kind.EXEC || kind == Kind.ATTACH) && (phase.equals("Succeeded") || phase.equals("Failed"))) {
            throw ApiException.badRequest("cannot " + (kind == Kind.EXEC ? "exec into" : "attach to")
                    + " a container in a completed pod; current phase is " + phase);
        }
        String nodeName = pod.path("spec").path("nodeName").asString("");
        if (nodeName.isEmpty()) {
            throw ApiException.badRequest("pod " + podName + " does not have a host assigned");
        }
        boolean nodePrevious = kind == Kind.LOG && checkLogStatus(pod, podName, chosen, previous);
        if (node == null) {
            throw ApiException.notFound("nodes \"" + nodeName + "\" not found");
        }
        int port = node.path("status").path("daemonEndpoints").path("kubeletEndpoint").path("Port").asInt(
                node.path("status").path("daemonEndpoints").path("kubeletEndpoint").path("port").asInt(0));
        String host = address(node);
        if (port <= 0 || host == null) {
            throw ApiException.unavailable("node " + nodeName + " does not serve container streams"
                    + " (no address or kubelet port in its status)");
        }
        return new StreamTarget(host, port, chosen, nodePrevious);
    }

    private static String container(JsonNode pod, String podName, String requested) {
        List<String> names = names(pod.path("spec").path("containers"));
        List<String> init = names(pod.path("spec").path("initContainers"));
        List<String> ephemeral = names(pod.path("spec").path("ephemeralContainers"));
        if (requested == null || requested.isEmpty()) {
            if (names.size() == 1 && init.isEmpty()) {
                return names.getFirst();
            }
            String message = "a container name must be specified for pod " + podName + ", choose one of: "
                    + goList(names);
            if (!init.isEmpty()) {
                message += " or one of the init containers: " + goList(init);
            }
            throw ApiException.badRequest(message);
        }
        if (!names.contains(requested) && !init.contains(requested) && !ephemeral.contains(requested)) {
            throw ApiException.badRequest("container " + requested + " is not valid for pod " + podName);
        }
        return requested;
    }

    /**
     * Kubelet's validateContainerLogStatus, from the pod's status as the API has it. Returns whether
     * the node must read the attempt before its newest: a container waiting to restart has its newest
     * attempt as lastState, which is then what both the current and the previous log show.
     */
    private static boolean checkLogStatus(JsonNode pod, String podName, String container, boolean previous) {
        JsonNode status = null;
        for (String field : List.of("containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses")) {
            for (JsonNode s : pod.path("status").path(field)) {
                if (container.equals(s.path("name").asString(""))) {
                    status = s;
                }
            }
        }
        if (status == null) {
            throw ApiException.badRequest("container \"" + container + "\" in pod \"" + podName
                    + "\" is waiting to start: ContainerCreating");
        }
        boolean lastTerminated = status.path("lastState").has("terminated");
        if (previous) {
            if (!lastTerminated) {
                throw ApiException.badRequest("previous terminated container \"" + container + "\" in pod \""
                        + podName + "\" not found");
            }
            String last = status.path("lastState").path("terminated").path("containerID").asString("");
            return last.isEmpty() || !last.equals(status.path("containerID").asString(""));
        }
        JsonNode waiting = status.path("state").path("waiting");
        if (!waiting.isMissingNode() && !lastTerminated) {
            throw ApiException.badRequest("container \"" + container + "\" in pod \"" + podName
                    + "\" is waiting to start: " + waiting.path("reason").asString("ContainerCreating"));
        }
        return false;
    }

    /** InternalIP first, then Hostname, then ExternalIP (kube-apiserver's default preference, roughly). */
    private static String address(JsonNode node) {
        for (String type : List.of("InternalIP", "Hostname", "ExternalIP")) {
            for (JsonNode address : node.path("status").path("addresses")) {
                if (type.equals(address.path("type").asString("")) && !address.path("address").asString("").isEmpty()) {
                    return address.path("address").asString();
                }
            }
        }
        return null;
    }

    private static List<String> names(JsonNode containers) {
        List<String> names = new ArrayList<>();
        containers.forEach(c -> names.add(c.path("name").asString("")));
        return names;
    }

    /** Go's %v of a []string: {@code [a b]}. */
    private static String goList(List<String> names) {
        return "[" + String.join(" ", names) + "]";
    }
}
