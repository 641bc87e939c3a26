package io.podyard.node.sandbox;

import io.podyard.node.exec.Command;
import io.podyard.node.exec.CommandResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs CNI plugins as the CNI spec says: the plugin named by "type" from the plugin directory, the
 * CNI_* variables in its environment, its network configuration on stdin, a result or an error
 * object on stdout. A chain of plugins is run in order for ADD (each gets the previous result as
 * prevResult) and CHECK, and in reverse for DEL (each gets the cached ADD result).
 */
final class CniPlugins {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Path binDir;

    CniPlugins(Path binDir) {
        this.binDir = binDir;
    }

    /** Who the plugins are working for: the sandbox id, its namespace path and the interface. */
    record Target(String containerId, String netns, String ifName, String args) {
    }

    /**
     * ADD through the chain; returns the last plugin's result. Before each plugin runs,
     * {@code starting} hears how many plugins will then have been started, so a later DEL can
     * skip plugins that never ran. Nothing is undone on failure.
     */
    JsonNode add(List<ObjectNode> chain, Target target, IntConsumer starting) {
        JsonNode previous = null;
        for (int i = 0; i < chain.size(); i++) {
            plugin(chain.get(i));
            starting.accept(i + 1);
            previous = invoke("ADD", withPrevious(chain.get(i), previous), target);
        }
        return previous;
    }

    /** CHECK through the chain against the cached ADD result. */
    void check(List<ObjectNode> chain, Target target, JsonNode cached) {
        for (ObjectNode plugin : chain) {
            invoke("CHECK", withPrevious(plugin, cached), target);
        }
    }

    /**
     * DEL through the chain in reverse, every plugin even when one fails (each releases what it
     * holds); the failures are returned, not thrown.
     */
    List<CniException> delete(List<ObjectNode> chain, Target target, JsonNode cached) {
        List<CniException> failures = new ArrayList<>();
        for (ObjectNode plugin : chain.reversed()) {
            try {
                invoke("DEL", withPrevious(plugin, cached), target);
            } catch (CniException e) {
                failures.add(e);
            }
        }
        return failures;
    }

    private static ObjectNode withPrevious(ObjectNode plugin, JsonNode previous) {
        ObjectNode config = plugin.deepCopy();
        if (previous != null && !previous.isNull()) {
            config.set("prevResult", previous);
        }
        return config;
    }

    /** The plugin's executable, named by the configuration's "type". */
    private Path plugin(ObjectNode config) {
        String type = config.path("type").asString("");
        Path plugin = binDir.resolve(type);
        if (type.isEmpty() || type.contains("/") || !Files.isExecutable(plugin)) {
            throw new CniException("CNI plugin \"" + type + "\" not found in " + binDir);
        }
        return plugin;
    }

    private JsonNode invoke(String command, ObjectNode config, Target target) {
        Path plugin = plugin(config);
        String type = config.path("type").asString("");
        Map<String, String> env = Map.of(
                "CNI_COMMAND", command,
                "CNI_CONTAINERID", target.containerId(),
                "CNI_NETNS", target.netns(),
                "CNI_IFNAME", target.ifName(),
                "CNI_ARGS", target.args(),
                "CNI_PATH", binDir.toString(),
                "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        CommandResult result = Command.of(plugin.toString()).withEnvironment(env)
                .withStdin(JSON.writeValueAsBytes(config)).withTimeout(TIMEOUT).run();
        String what = type + " " + command + " (" + target.ifName() + ")";
        if (result.exitCode() != 0) {
            throw pluginError(what, result);
        }
        if (!command.equals("ADD")) {
            return null;
        }
        try {
            return JSON.readTree(result.stdout());
        } catch (JacksonException e) {
            throw new CniException("CNI " + what + " returned no JSON result: " + result.stdout().strip());
        }
    }

    /** The plugin's error object ({code, msg, details}) when it sent one, else its stderr. */
    static CniException pluginError(String what, CommandResult result) {
        try {
            JsonNode error = JSON.readTree(result.stdout());
            if (error != null && error.has("msg")) {
                String details = error.path("details").asString("");
                return new CniException("CNI " + what + " failed: " + error.path("msg").asString()
                        + (details.isEmpty() ? "" : " (" + details + ")"), error.path("code").asInt(0));
            }
        } catch (JacksonException e) {
            // Not an error object; fall through to the raw output.
        }
        String output = (result.stdout() + " " + result.stderr()).strip();
        return new CniException("CNI " + what + " exited with " + result.exitCode()
                + (output.isEmpty() ? "" : ": " + output));
    }
}
