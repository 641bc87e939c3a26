package io.podyard.node.probes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ExecAction;
import io.fabric8.kubernetes.api.model.GRPCAction;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.TCPSocketAction;
import io.podyard.node.runtime.ContainerRuntime;
import io.podyard.node.runtime.ExecSyncResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a probe or lifecycle hook does, resolved against its container and pod IP: run a command
 * in the container, GET a URL, open a TCP connection or ask gRPC health. httpGet and tcpSocket go
 * to the pod IP (unless the handler names a host), which the node reaches over its bridge.
 */
public sealed interface Handler {
    Outcome run(ContainerRuntime runtime, String containerId, Duration timeout);

    record Exec(List<String> command) implements Handler {
        @Override
        public Outcome run(ContainerRuntime runtime, String containerId, Duration timeout) {
            ExecSyncResult result = runtime.execSync(containerId, command, timeout);
            if (result.timedOut()) {
                return Outcome.failed("command " + command + " timed out");
            }
            return result.exitCode() == 0 ? new Outcome(true, result.output())
                    : Outcome.failed(result.output().isEmpty() ? "command " + command + " exited with "
                    + result.exitCode() : result.output());
        }
    }

    record HttpGet(String scheme, String host, int port, String path, Map<String, String> headers) implements Handler {
        @Override
        public Outcome run(ContainerRuntime runtime, String containerId, Duration timeout) {
            return runtime.hollow() ? new Exec(List.of("hollow")).run(runtime, containerId, timeout)
                    : HttpProbe.get(this, timeout);
        }
    }

    record Tcp(String host, int port) implements Handler {
        @Override
        public Outcome run(ContainerRuntime runtime, String containerId, Duration timeout) {
            return runtime.hollow() ? new Exec(List.of("hollow")).run(runtime, containerId, timeout)
                    : HttpProbe.connect(host, port, timeout);
        }
    }

    record Grpc(String host, int port, String service) implements Handler {
        @Override
        public Outcome run(ContainerRuntime runtime, String containerId, Duration timeout) {
            return runtime.hollow() ? new Exec(List.of("hollow")).run(runtime, containerId, timeout)
                    : GrpcHealth.check(host, port, service, timeout);
        }
    }

    static Handler of(Probe probe, Container container, String podIp) {
        return of(probe.getExec(), probe.getHttpGet(), probe.getTcpSocket(), probe.getGrpc(), container, podIp);
    }

    /** A lifecycle hook's handler; empty for kinds without one here (sleep is run by the caller). */
    static Optional<Handler> of(LifecycleHandler hook, Container container, String podIp) {
        if (hook.getExec() == null && hook.getHttpGet() == null && hook.getTcpSocket() == null) {
            return Optional.empty();
        }
        return Optional.of(of(hook.getExec(), hook.getHttpGet(), hook.getTcpSocket(), null, container, podIp));
    }

    private static Handler of(ExecAction exec, HTTPGetAction http, TCPSocketAction tcp, GRPCAction grpc,
                              Container container, String podIp) {
        if (exec != null) {
            return new Exec(exec.getCommand() == null ? List.of() : List.copyOf(exec.getCommand()));
        }
        if (http != null) {
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            for (HTTPHeader header : http.getHttpHeaders() == null ? List.<HTTPHeader>of() : http.getHttpHeaders()) {
                headers.put(header.getName(), header.getValue());
            }
            String path = http.getPath() == null || http.getPath().isEmpty() ? "/" : http.getPath();
            return new HttpGet(http.getScheme() == null ? "HTTP" : http.getScheme().toUpperCase(),
                    host(http.getHost(), podIp), port(http.getPort(), container), path.startsWith("/") ? path
                    : "/" + path, headers);
        }
        if (tcp != null) {
            return new Tcp(host(tcp.getHost(), podIp), port(tcp.getPort(), container));
        }
        if (grpc != null) {
            return new Grpc(podIp, grpc.getPort() == null ? 0 : grpc.getPort(),
                    grpc.getService() == null ? "" : grpc.getService());
        }
        throw new IllegalArgumentException("the handler has no action");
    }

    private static String host(String host, String podIp) {
        return host == null || host.isEmpty() ? podIp : host;
    }

    /** A port by number, or by the name of one of the container's ports (kubelet's findPortByName). */
    static int port(IntOrString port, Container container) {
        if (port == null) {
            throw new IllegalArgumentException("the handler has no port");
        }
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        String name = port.getStrVal();
        if (name.chars().allMatch(Character::isDigit) && !name.isEmpty()) {
            return Integer.parseInt(name);
        }
        for (ContainerPort p : container.getPorts() == null ? List.<ContainerPort>of() : container.getPorts()) {
            if (name.equals(p.getName())) {
                return p.getContainerPort();
            }
        }
        throw new IllegalArgumentException("couldn't find port: " + name + " in container " + container.getName());
    }
}
