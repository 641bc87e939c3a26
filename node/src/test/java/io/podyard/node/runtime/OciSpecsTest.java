package io.podyard.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.podyard.node.sandbox.Sandbox;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Rows: a change to a base pod/container/image, then JSON pointers into config.json and their values. */
class OciSpecsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path POD_DIR = Path.of("/run/podyard/pods/uid-1");
    private static final Sandbox SANDBOX = new Sandbox("uid-1", "shop", "web-0", "web-0", POD_DIR,
            POD_DIR.resolve("netns"), POD_DIR.resolve("ipc"), POD_DIR.resolve("shm"), POD_DIR.resolve("hosts"),
            POD_DIR.resolve("resolv.conf"), POD_DIR.resolve("hostname"), "10.244.1.5", "10.244.1.1",
            Instant.EPOCH);
    private static final ImageConfig IMAGE = new ImageConfig(List.of("/bin/entry"), List.of("serve"),
            List.of("PATH=/usr/bin:/bin", "MODE=image"), "/srv", "web", "");
    private static final Users.Database USERS = Users.Database.parse("root:x:0:0::/:/bin/sh\nweb:x:1000:1001::/:\n",
            "www:x:1001:\n");
    private static final List<Rlimit> RLIMITS = List.of(new Rlimit("RLIMIT_NOFILE", 4096, 1024));

    static OciSpecs.Input input(UnaryOperator<PodBuilder> pod, UnaryOperator<ContainerBuilder> container,
                                ImageConfig image, List<VolumeMount> volumes) {
        Container c = container.apply(new ContainerBuilder().withName("app").withImage("web")
                .addNewEnv().withName("MODE").withValue("pod").endEnv()).build();
        Pod p = pod.apply(new PodBuilder().withNewMetadata().withName("web-0").withNamespace("shop").withUid("uid-1")
                .endMetadata().withNewSpec().withContainers(c).endSpec()).build();
        return new OciSpecs.Input(p, c, image, SANDBOX, Path.of("/var/lib/podyard/containers/c1/rootfs"), volumes,
                ContainerEnv.resolve(c, EnvSources.NONE, Map.of()), USERS, "/podyard/poduid-1/app-0", RLIMITS);
    }

    static Arguments row(String name, OciSpecs.Input input, Map<String, String> expected) {
        return Arguments.of(name, input, expected);
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                row("a tty container gets a terminal and TERM", input(p -> p, c -> c.withTty(true).withStdin(true),
                        IMAGE, List.of()), Map.of(
                        "/process/terminal", "true",
                        "/process/env", "[\"PATH=/usr/bin:/bin\",\"MODE=pod\",\"TERM=xterm\"]")),
                row("a tty container keeps its own TERM", input(p -> p, c -> c.withTty(true)
                        .addNewEnv().withName("TERM").withValue("vt100").endEnv(), IMAGE, List.of()), Map.of(
                        "/process/terminal", "true",
                        "/process/env", "[\"PATH=/usr/bin:/bin\",\"MODE=pod\",\"TERM=vt100\"]")),
                row("defaults", input(p -> p, c -> c, IMAGE, List.of()), Map.ofEntries(
                        Map.entry("/ociVersion", "\"1.0.2\""),
                        Map.entry("/process/args", "[\"/bin/entry\",\"serve\"]"),
                        Map.entry("/process/env", "[\"PATH=/usr/bin:/bin\",\"MODE=pod\"]"),
                        Map.entry("/process/cwd", "\"/srv\""),
                        Map.entry("/process/user", "{\"uid\":1000,\"gid\":1001,\"additionalGids\":[1001]}"),
                        Map.entry("/process/terminal", "false"),
                        Map.entry("/process/noNewPrivileges", "false"),
                        Map.entry("/process/rlimits", "[{\"type\":\"RLIMIT_NOFILE\",\"hard\":4096,\"soft\":1024}]"),
                        Map.entry("/process/capabilities/bounding/0", "\"CAP_CHOWN\""),
                        Map.entry("/process/capabilities/effective/13", "\"CAP_AUDIT_WRITE\""),
                        Map.entry("/root", "{\"path\":\"/var/lib/podyard/containers/c1/rootfs\",\"readonly\":false}"),
                        Map.entry("/hostname", "\"web-0\""),
                        Map.entry("/linux/namespaces", "[{\"type\":\"pid\"},"
                                + "{\"type\":\"network\",\"path\":\"/run/podyard/pods/uid-1/netns\"},"
                                + "{\"type\":\"ipc\",\"path\":\"/run/podyard/pods/uid-1/ipc\"},"
                                + "{\"type\":\"uts\"},{\"type\":\"mount\"}]"),
                        Map.entry("/linux/cgroupsPath", "\"/podyard/poduid-1/app-0\""),
                        Map.entry("/linux/resources", "{\"devices\":[{\"allow\":false,\"access\":\"rwm\"}],"
                                + "\"cpu\":{\"shares\":2}}"),
                        Map.entry("/linux/maskedPaths/0", "\"/proc/acpi\""),
                        Map.entry("/linux/readonlyPaths/3", "\"/proc/sys\""),
                        Map.entry("/mounts/0", "{\"destination\":\"/proc\",\"type\":\"proc\",\"source\":\"proc\","
                                + "\"options\":[\"nosuid\",\"noexec\",\"nodev\"]}"),
                        Map.entry("/mounts/4/options/3", "\"ro\""),
                        Map.entry("/mounts/6", "{\"destination\":\"/dev/shm\",\"type\":\"bind\","
                                + "\"source\":\"/run/podyard/pods/uid-1/shm\",\"options\":[\"rbind\",\"rprivate\",\"rw\"]}"),
                        Map.entry("/mounts/7/destination", "\"/etc/hosts\""),
                        Map.entry("/mounts/8", "{\"destination\":\"/etc/resolv.conf\",\"type\":\"bind\","
                                + "\"source\":\"/run/podyard/pods/uid-1/resolv.conf\","
                                + "\"options\":[\"rbind\",\"rprivate\",\"rw\"]}"),
                        Map.entry("/mounts/9/source", "\"/run/podyard/pods/uid-1/hostname\""),
                        Map.entry("/annotations", "{\"io.kubernetes.pod.namespace\":\"shop\","
                                + "\"io.kubernetes.pod.name\":\"web-0\",\"io.kubernetes.pod.uid\":\"uid-1\","
                                + "\"io.kubernetes.container.name\":\"app\"}"))),
                row("command, args and workingDir from the pod",
                        input(p -> p, c -> c.withCommand("sh", "-c").withArgs("echo $(MODE) $$(MODE)")
                                .withWorkingDir("/tmp"), IMAGE, List.of()),
                        Map.of("/process/args", "[\"sh\",\"-c\",\"echo pod $(MODE)\"]",
                                "/process/cwd", "\"/tmp\"")),
                row("no working directory anywhere is /", input(p -> p, c -> c,
                                new ImageConfig(List.of("x"), List.of(), List.of(), "", "", ""), List.of()),
                        Map.of("/process/cwd", "\"/\"", "/process/user/uid", "0", "/process/env",
                                "[\"" + ContainerEnv.DEFAULT_PATH + "\",\"MODE=pod\"]")),
                row("security context: users, groups, caps, no privilege escalation, read-only root",
                        input(p -> p.editSpec().withNewSecurityContext().withRunAsUser(2000L).withRunAsGroup(3000L)
                                        .withSupplementalGroups(4000L).withFsGroup(5000L)
                                        .addNewSysctl().withName("net.ipv4.ip_unprivileged_port_start")
                                        .withValue("0").endSysctl().endSecurityContext().endSpec(),
                                c -> c.withNewSecurityContext().withRunAsUser(1000L).withAllowPrivilegeEscalation(false)
                                        .withReadOnlyRootFilesystem(true).withNewCapabilities().withDrop("ALL")
                                        .withAdd("NET_BIND_SERVICE").endCapabilities().endSecurityContext(),
                                IMAGE, List.of()),
                        Map.of("/process/user", "{\"uid\":1000,\"gid\":3000,\"additionalGids\":[3000,4000,5000]}",
                                "/process/noNewPrivileges", "true",
                                "/process/capabilities", "{\"bounding\":[\"CAP_NET_BIND_SERVICE\"],"
                                        + "\"effective\":[\"CAP_NET_BIND_SERVICE\"],"
                                        + "\"permitted\":[\"CAP_NET_BIND_SERVICE\"]}",
                                "/root/readonly", "true",
                                "/mounts/7/options/2", "\"ro\"",
                                "/linux/sysctl", "{\"net.ipv4.ip_unprivileged_port_start\":\"0\"}")),
                row("privileged: all caps, nothing masked, sysfs and cgroups writable",
                        input(p -> p, c -> c.withNewSecurityContext().withPrivileged(true).endSecurityContext(), IMAGE,
                                List.of()),
                        Map.of("/process/capabilities/bounding/40", "\"CAP_CHECKPOINT_RESTORE\"",
                                "/linux/maskedPaths", "null", "/linux/readonlyPaths", "null",
                                "/mounts/4/options/3", "\"rw\"", "/mounts/5/options/4", "\"rw\"")),
                row("resources: shares from the request, quota from the limit, memory limit",
                        input(p -> p, c -> c.withNewResources()
                                .addToRequests("cpu", new Quantity("250m"))
                                .addToLimits("cpu", new Quantity("1500m"))
                                .addToLimits("memory", new Quantity("128Mi")).endResources(), IMAGE, List.of()),
                        Map.of("/linux/resources/cpu", "{\"shares\":256,\"quota\":150000,\"period\":100000}",
                                "/linux/resources/memory", "{\"limit\":134217728}")),
                row("a tiny cpu limit gets the minimum quota; limit alone sets the shares",
                        input(p -> p, c -> c.withNewResources().addToLimits("cpu", new Quantity("5m")).endResources(),
                                IMAGE, List.of()),
                        Map.of("/linux/resources/cpu", "{\"shares\":5,\"quota\":1000,\"period\":100000}")),
                row("volumes: parents before children, read-only honoured, a volume replaces a managed file",
                        input(p -> p, c -> c, IMAGE, List.of(
                                new VolumeMount(Path.of("/v/logs"), "/data/logs", false),
                                new VolumeMount(Path.of("/v/data"), "/data", true),
                                new VolumeMount(Path.of("/v/hosts"), "/etc/hosts", true))),
                        Map.of("/mounts/7/destination", "\"/etc/resolv.conf\"",
                                "/mounts/9", "{\"destination\":\"/data\",\"type\":\"bind\",\"source\":\"/v/data\","
                                        + "\"options\":[\"rbind\",\"rprivate\",\"ro\"]}",
                                "/mounts/10", "{\"destination\":\"/data/logs\",\"type\":\"bind\","
                                        + "\"source\":\"/v/logs\",\"options\":[\"rbind\",\"rprivate\",\"rw\"]}",
                                "/mounts/11/source", "\"/v/hosts\"")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void generatesConfigJson(String name, OciSpecs.Input input, Map<String, String> expected) {
        JsonNode spec = JSON.valueToTree(OciSpecs.generate(input));
        expected.forEach((pointer, json) -> {
            JsonNode actual = spec.at(pointer);
            assertThat(actual.isMissingNode() ? "null" : JSON.writeValueAsString(actual)).as(pointer)
                    .isEqualTo(JSON.writeValueAsString(JSON.readTree(json)));
        });
    }

    @Test
    void relativeWorkingDirectoryIsAConfigError() {
        assertThatThrownBy(() -> OciSpecs.generate(input(p -> p, c -> c.withWorkingDir("rel"), IMAGE, List.of())))
                .isInstanceOf(ContainerConfigException.class).hasMessageContaining("relative working directory: rel");
    }

    @Test
    void relativeOrEscapingVolumePathsAreRejected() {
        assertThatThrownBy(() -> new VolumeMount(Path.of("/x"), "data", false))
                .isInstanceOf(ContainerConfigException.class).hasMessageContaining("must be absolute");
        assertThatThrownBy(() -> new VolumeMount(Path.of("/x"), "/data/../etc", false))
                .isInstanceOf(ContainerConfigException.class).hasMessageContaining("'..'");
    }
}
