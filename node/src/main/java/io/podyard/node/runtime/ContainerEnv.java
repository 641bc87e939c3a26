package io.podyard.node.runtime;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A container's environment the way kubelet builds it (makeEnvironmentVariables): envFrom
 * entries first, then env in order; a literal value has its $(VAR) references expanded against
 * the variables declared before it and the service variables, a valueFrom value is taken as is.
 * A later declaration of a name replaces the earlier value. Then the process environment is the
 * image's, with these set over it. Service variables ({@code service}, as for enableServiceLinks)
 * the container does not declare come last.
 */
public final class ContainerEnv {
    /** containerd's PATH for images that set none. */
    public static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** Kubelet skips envFrom keys that are not C identifiers (after the prefix). */
    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

    private ContainerEnv() {
    }

    /** The container's variables, declaration order kept, without the image's. */
    public static Map<String, String> resolve(Container container, EnvSources sources, Map<String, String> service) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : nullToEmpty(container.getEnvFrom())) {
            String prefix = from.getPrefix() == null ? "" : from.getPrefix();
            sources.envFrom(from).forEach((key, value) -> {
                String name = prefix + key;
                if (ENV_NAME.matcher(name).matches()) {
                    env.put(name, value);
                }
            });
        }
        for (EnvVar variable : nullToEmpty(container.getEnv())) {
            if (variable.getValueFrom() != null) {
                Optional<String> value = sources.valueFrom(variable);
                value.ifPresent(v -> env.put(variable.getName(), v));
            } else {
                Map<String, String> visible = new HashMap<>(service);
                visible.putAll(env);
                String raw = variable.getValue() == null ? "" : variable.getValue();
                env.put(variable.getName(), Expansion.expand(raw, visible));
            }
        }
        // Service variables the container does not declare itself come last.
        service.forEach(env::putIfAbsent);
        return env;
    }

    /** The process environment: containerd's default PATH, then {@link #merge}. */
    public static List<String> processEnv(List<String> imageEnv, Map<String, String> containerEnv) {
        List<String> base = new ArrayList<>();
        base.add(DEFAULT_PATH);
        base.addAll(imageEnv);
        return merge(base, containerEnv);
    }

    /**
     * The process environment: the image's "NAME=value" entries with the container's variables
     * replacing same-named ones in place and the rest appended.
     */
    public static List<String> merge(List<String> imageEnv, Map<String, String> containerEnv) {
        Map<String, String> merged = new LinkedHashMap<>();
        for (String entry : imageEnv) {
            int eq = entry.indexOf('=');
            merged.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
        }
        merged.putAll(containerEnv);
        List<String> out = new ArrayList<>(merged.size());
        merged.forEach((name, value) -> out.add(name + "=" + value));
        return out;
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
