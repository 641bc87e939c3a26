package io.podyard.node.podconfig;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The service link variables kubelet gives every container (getServiceEnvVarMap and
 * envvars.FromServices): for each Service with a cluster IP — those of the pod's namespace when
 * enableServiceLinks (the default), and always {@code default/kubernetes} —
 * {@code <NAME>_SERVICE_HOST}, {@code <NAME>_SERVICE_PORT} (first port),
 * {@code <NAME>_SERVICE_PORT_<PORTNAME>} per named port and Docker's link variables
 * ({@code <NAME>_PORT}, {@code <NAME>_PORT_<port>_<PROTO>} with {@code _PROTO}, {@code _PORT},
 * {@code _ADDR}). Names are upper-cased with dashes as underscores. Sorted by name.
 */
public final class ServiceEnv {
    private ServiceEnv() {}

    public static Map<String, String> variables(List<Service> services, String podNamespace,
            Boolean enableServiceLinks) {
        boolean links = enableServiceLinks == null || enableServiceLinks;
        Map<String, Service> chosen = new LinkedHashMap<>();
        for (Service service : services) {
            if (!hasClusterIp(service)) {
                continue;
            }
            String name = service.getMetadata().getName();
            String namespace = service.getMetadata().getNamespace();
            if ("default".equals(namespace) && name.equals("kubernetes")) {
                chosen.putIfAbsent(name, service);
            } else if (podNamespace.equals(namespace) && links) {
                chosen.put(name, service);
            }
        }
        Map<String, String> env = new TreeMap<>();
        chosen.values().forEach(service -> add(service, env));
        return env;
    }

    private static boolean hasClusterIp(Service service) {
        String ip = service.getSpec() == null ? null : service.getSpec().getClusterIP();
        return ip != null && !ip.isEmpty() && !ip.equals("None") && service.getSpec().getPorts() != null
                && !service.getSpec().getPorts().isEmpty();
    }

    private static void add(Service service, Map<String, String> env) {
        String prefix = envName(service.getMetadata().getName());
        String ip = service.getSpec().getClusterIP();
        List<ServicePort> ports = service.getSpec().getPorts();
        env.put(prefix + "_SERVICE_HOST", ip);
        env.put(prefix + "_SERVICE_PORT", String.valueOf(ports.getFirst().getPort()));
        for (ServicePort port : ports) {
            if (port.getName() != null && !port.getName().isEmpty()) {
                env.put(prefix + "_SERVICE_PORT_" + envName(port.getName()), String.valueOf(port.getPort()));
            }
        }
        String host = ip.contains(":") ? "[" + ip + "]" : ip;
        for (int i = 0; i < ports.size(); i++) {
            ServicePort port = ports.get(i);
            String protocol = port.getProtocol() == null || port.getProtocol().isEmpty() ? "TCP" : port.getProtocol();
            String url = protocol.toLowerCase(Locale.ROOT) + "://" + host + ":" + port.getPort();
            if (i == 0) {
                env.put(prefix + "_PORT", url);
            }
            String portPrefix = prefix + "_PORT_" + port.getPort() + "_" + protocol.toUpperCase(Locale.ROOT);
            env.put(portPrefix, url);
            env.put(portPrefix + "_PROTO", protocol.toLowerCase(Locale.ROOT));
            env.put(portPrefix + "_PORT", String.valueOf(port.getPort()));
            env.put(portPrefix + "_ADDR", ip);
        }
    }

    private static String envName(String name) {
        return name.replace('-', '_').toUpperCase(Locale.ROOT);
    }
}
