package io.podyard.node.status;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What the node knows about one pod right now: its sandbox (and so its IP), the newest attempt of
 * each container the runtime has, and the problems that kept others from starting.
 *
 * @param podIp      the sandbox's address; empty when no sandbox is set up
 * @param sandboxProblem why the sandbox could not be set up, empty when none
 * @param containers by container name, the newest attempt
 * @param problems   by container name, why its next attempt has not started
 * @param firstSeen  when this node first took the pod (the pod's startTime)
 * @param health     by container name, what the probes of its newest attempt say (only probed containers)
 */
public record PodObservation(Optional<String> podIp, Optional<String> sandboxProblem,
                             Map<String, ContainerObservation> containers, Map<String, ContainerProblem> problems,
                             Instant firstSeen, Map<String, ContainerHealth> health) {
    public PodObservation {
        containers = Map.copyOf(containers);
        problems = Map.copyOf(problems);
        health = Map.copyOf(health);
    }

    public PodObservation(Optional<String> podIp, Optional<String> sandboxProblem,
                          Map<String, ContainerObservation> containers, Map<String, ContainerProblem> problems,
                          Instant firstSeen) {
        this(podIp, sandboxProblem, containers, problems, firstSeen, Map.of());
    }

    public Optional<ContainerHealth> health(String name) {
        return Optional.ofNullable(health.get(name));
    }

    public boolean hasSandbox() {
        return podIp.isPresent();
    }

    public Optional<ContainerObservation> container(String name) {
        return Optional.ofNullable(containers.get(name));
    }

    public Optional<ContainerProblem> problem(String name) {
        return Optional.ofNullable(problems.get(name));
    }
}
