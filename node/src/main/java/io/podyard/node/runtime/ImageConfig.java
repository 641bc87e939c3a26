package io.podyard.node.runtime;

import java.util.List;

/**
 * The parts of an OCI image's config a container's process is made from.
 *
 * @param entrypoint Entrypoint
 * @param cmd        Cmd
 * @param env        Env, as "NAME=value"
 * @param workingDir WorkingDir, empty for "/"
 * @param user       User: "", "name", "uid", "name:group", "uid:gid"
 * @param stopSignal StopSignal, empty for SIGTERM
 */
public record ImageConfig(List<String> entrypoint, List<String> cmd, List<String> env, String workingDir,
                          String user, String stopSignal) {
    public static final ImageConfig EMPTY = new ImageConfig(List.of(), List.of(), List.of(), "", "", "");

    public ImageConfig {
        entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
        cmd = cmd == null ? List.of() : List.copyOf(cmd);
        env = env == null ? List.of() : List.copyOf(env);
        workingDir = workingDir == null ? "" : workingDir;
        user = user == null ? "" : user;
        stopSignal = stopSignal == null ? "" : stopSignal;
    }
}
