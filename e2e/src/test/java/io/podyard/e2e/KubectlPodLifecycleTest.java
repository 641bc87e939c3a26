package io.podyard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A user watches pods heal and initialize with kubectl on a one-node cluster: a crashing
 * container shows CrashLoopBackOff with its restarts, a pod with init containers shows
 * Init:N/M while they run, then Running.
 */
class KubectlPodLifecycleTest extends NodeClusterSession {
    static final Duration WAIT = Duration.ofSeconds(90);

    /** The row of `kubectl get pod NAME` without its header. */
    String row(String pod) {
        String[] lines = kubectl.run("get", "pod", pod).ok().out().strip().split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void aCrashingContainerShowsCrashLoopBackOffAndItsRestarts() {
        kubectl.run("run", "crash", "--image=" + busybox, "--command", "--", "sh", "-c", "exit 1").ok();

        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
            String[] cells = row("crash").split("\\s+");
            return cells[2].equals("CrashLoopBackOff") && Integer.parseInt(cells[3]) >= 2;
        });

        assertThat(row("crash")).startsWith("crash").contains("0/1");
        assertThat(kubectl.run("get", "pod", "crash", "-o",
                "jsonpath={.status.containerStatuses[0].lastState.terminated.exitCode}").ok().out()).isEqualTo("1");
    }

    @Test
    void initContainersShowInitProgressThenTheAppRuns() {
        kubectl.runWithInput("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: init
                spec:
                  terminationGracePeriodSeconds: 1
                  volumes:
                  - name: work
                    emptyDir: {}
                  initContainers:
                  - name: first
                    image: %1$s
                    command: ["sh", "-c", "echo one >> /work/seq; sleep 3"]
                    volumeMounts: [{name: work, mountPath: /work}]
                  - name: second
                    image: %1$s
                    command: ["sh", "-c", "echo two >> /work/seq; sleep 3"]
                    volumeMounts: [{name: work, mountPath: /work}]
                  containers:
                  - name: app
                    image: %1$s
                    command: ["sh", "-c", "cat /work/seq; exec sleep 3600"]
                    volumeMounts: [{name: work, mountPath: /work}]
                """.formatted(busybox), "apply", "-f", "-").ok();

        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> row("init").contains("Init:1/2"));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> row("init").contains("Running"));

        assertThat(row("init")).contains("1/1");
        assertThat(kubectl.run("get", "pod", "init", "-o",
                "jsonpath={.status.initContainerStatuses[*].state.terminated.reason}").ok().out())
                .isEqualTo("Completed Completed");
    }
}
