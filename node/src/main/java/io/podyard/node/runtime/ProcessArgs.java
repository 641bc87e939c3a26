package io.podyard.node.runtime;

import io.fabric8.kubernetes.api.model.Container;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The container's argv by Kubernetes' rules: command replaces the image's ENTRYPOINT, args
 * replace its CMD, and a command without args drops the image's CMD too. $(VAR) references in
 * command and args are expanded with the container's variables (not the image's).
 */
public final class ProcessArgs {
    private ProcessArgs() {
    }

    public static List<String> argv(Container container, ImageConfig image, Map<String, String> env) {
        List<String> command = expandAll(nullToEmpty(container.getCommand()), env);
        List<String> args = expandAll(nullToEmpty(container.getArgs()), env);
        List<String> argv = new ArrayList<>();
        if (!command.isEmpty()) {
            argv.addAll(command);
            argv.addAll(args);
        } else {
            argv.addAll(image.entrypoint());
            argv.addAll(args.isEmpty() ? image.cmd() : args);
        }
        if (argv.isEmpty()) {
            throw new ContainerConfigException("container " + container.getName()
                    + " has no command: neither the pod nor the image gives one");
        }
        return argv;
    }

    private static List<String> expandAll(List<String> values, Map<String, String> env) {
        return values.stream().map(v -> Expansion.expand(v, env)).toList();
    }

    private static List<String> nullToEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }
}
