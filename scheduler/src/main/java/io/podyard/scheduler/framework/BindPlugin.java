package io.podyard.scheduler.framework;

/** Makes a placement durable, e.g. by posting a Binding to the API server. Runs off the scheduling thread. */
public interface BindPlugin extends Plugin {
    Status bind(PodInfo pod, String nodeName);
}
