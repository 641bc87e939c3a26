package io.podyard.node.runtime;

import static io.podyard.node.runtime.OciSpecsTest.input;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Security context rows: what is refused (kubelet's messages) and what seccomp, devices and /proc become. */
class SecuritySpecTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String WHERE = "(pod: \"web-0_shop(uid-1)\", container: app)";

    static ImageConfig imageUser(String user) {
        return new ImageConfig(List.of("/bin/entry"), List.of(), List.of(), "/", user, "");
    }

    static Stream<Arguments> refusals() {
        UnaryOperator<PodBuilder> nonRootPod = p -> p.editSpec().withNewSecurityContext().withRunAsNonRoot(true)
                .endSecurityContext().endSpec();
        return Stream.of(
                Arguments.of("no image user is root", nonRootPod, (UnaryOperator<ContainerBuilder>) c -> c,
                        imageUser(""), "container has runAsNonRoot and image will run as root " + WHERE),
                Arguments.of("image user 0:0 is root", nonRootPod, (UnaryOperator<ContainerBuilder>) c -> c,
                        imageUser("0:0"), "container has runAsNonRoot and image will run as root " + WHERE),
                Arguments.of("a named image user cannot be verified", nonRootPod,
                        (UnaryOperator<ContainerBuilder>) c -> c, imageUser("web"),
                        "container has runAsNonRoot and image has non-numeric user (web), cannot verify user is"
                                + " non-root " + WHERE),
                Arguments.of("runAsUser 0 breaks the policy", nonRootPod,
                        (UnaryOperator<ContainerBuilder>) c -> c.withNewSecurityContext().withRunAsUser(0L)
                                .endSecurityContext(), imageUser("1000"),
                        "container's runAsUser breaks non-root policy " + WHERE),
                Arguments.of("the container's runAsNonRoot counts without the pod's",
                        (UnaryOperator<PodBuilder>) p -> p,
                        (UnaryOperator<ContainerBuilder>) c -> c.withNewSecurityContext().withRunAsNonRoot(true)
                                .endSecurityContext(), imageUser("0"),
                        "container has runAsNonRoot and image will run as root " + WHERE),
                Arguments.of("an unsafe sysctl", (UnaryOperator<PodBuilder>) p -> p.editSpec().withNewSecurityContext()
                                .addNewSysctl().withName("kernel.msgmax").withValue("1").endSysctl().endSecurityContext()
                                .endSpec(), (UnaryOperator<ContainerBuilder>) c -> c, imageUser(""),
                        "forbidden sysctl: \"kernel.msgmax\" not allowlisted"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesWithKubeletsMessage(String name, UnaryOperator<PodBuilder> pod, UnaryOperator<ContainerBuilder> container,
                                    ImageConfig image, String message) {
        assertThatThrownBy(() -> OciSpecs.generate(input(pod, container, image, List.of())))
                .isInstanceOf(ContainerConfigException.class).hasMessage(message);
    }

    static Stream<Arguments> allowed() {
        UnaryOperator<PodBuilder> nonRootPod = p -> p.editSpec().withNewSecurityContext().withRunAsNonRoot(true)
                .endSecurityContext().endSpec();
        return Stream.of(
                Arguments.of("numeric non-root image user", nonRootPod, (UnaryOperator<ContainerBuilder>) c -> c,
                        imageUser("1000:1000")),
                Arguments.of("runAsUser 1000 over a root image", nonRootPod,
                        (UnaryOperator<ContainerBuilder>) c -> c.withNewSecurityContext().withRunAsUser(1000L)
                                .endSecurityContext(), imageUser("")),
                Arguments.of("the container turns the pod's runAsNonRoot off", nonRootPod,
                        (UnaryOperator<ContainerBuilder>) c -> c.withNewSecurityContext().withRunAsNonRoot(false)
                                .endSecurityContext(), imageUser("")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allowed")
    void runsWhenTheUserIsVerifiablyNonRootOrThePolicyIsOff(String name, UnaryOperator<PodBuilder> pod,
                                                            UnaryOperator<ContainerBuilder> container, ImageConfig image) {
        assertThat(OciSpecs.generate(input(pod, container, image, List.of()))).isNotNull();
    }

    static Stream<Arguments> seccomp() {
        return Stream.of(
                Arguments.of("unset is Unconfined, as in Kubernetes", (UnaryOperator<PodBuilder>) p -> p,
                        (UnaryOperator<ContainerBuilder>) c -> c, false, List.of()),
                Arguments.of("RuntimeDefault on the pod blocks mount, ptrace, keyctl…",
                        (UnaryOperator<PodBuilder>) p -> p.editSpec().withNewSecurityContext().withNewSeccompProfile()
                                .withType("RuntimeDefault").endSeccompProfile().endSecurityContext().endSpec(),
                        (UnaryOperator<ContainerBuilder>) c -> c, true,
                        List.of("mount", "unshare", "ptrace", "keyctl", "reboot", "kexec_load", "bpf")),
                Arguments.of("the container's Unconfined wins over the pod's RuntimeDefault",
                        (UnaryOperator<PodBuilder>) p -> p.editSpec().withNewSecurityContext().withNewSeccompProfile()
                                .withType("RuntimeDefault").endSeccompProfile().endSecurityContext().endSpec(),
                        (UnaryOperator<ContainerBuilder>) c -> c.withNewSecurityContext().withNewSeccompProfile()
                                .withType("Unconfined").endSeccompProfile().endSecurityContext(), false, List.of()),
                Arguments.of("privileged runs without a filter",
                        (UnaryOperator<PodBuilder>) p -> p.editSpec().withNewSecurityContext().withNewSeccompProfile()
                                .withType("RuntimeDefault").endSeccompProfile().endSecurityContext().endSpec(),
                        (UnaryOperator<ContainerBuilder>) c -> c.withNewSecurityContext().withPrivileged(true)
                                .endSecurityContext(), false, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seccomp")
    void seccompProfiles(String name, UnaryOperator<PodBuilder> pod, UnaryOperator<ContainerBuilder> container,
                         boolean filtered, List<String> blocked) {
        JsonNode spec = JSON.valueToTree(OciSpecs.generate(input(pod, container, imageUser(""), List.of())));
        JsonNode seccomp = spec.at("/linux/seccomp");
        assertThat(seccomp.isMissingNode()).isEqualTo(!filtered);
        if (filtered) {
            assertThat(seccomp.path("defaultAction").asString()).isEqualTo("SCMP_ACT_ALLOW");
            JsonNode rule = seccomp.path("syscalls").get(0);
            assertThat(rule.path("action").asString()).isEqualTo("SCMP_ACT_ERRNO");
            assertThat(rule.path("errnoRet").asInt()).isEqualTo(1);
            List<String> names = rule.path("names").valueStream().map(JsonNode::asString).toList();
            assertThat(names).containsAll(blocked).doesNotContain("read", "write", "clone", "execve");
        }
    }

    @Test
    void unsafeSysctlsTheNodeAllowsPassByNameOrPrefix() {
        OciSpecs.Input base = input(p -> p.editSpec().withNewSecurityContext().addNewSysctl().withName("kernel.msgmax")
                .withValue("65536").endSysctl().addNewSysctl().withName("net.core.somaxconn").withValue("1024")
                .endSysctl().endSecurityContext().endSpec(), c -> c, imageUser(""), List.of());
        OciSpecs.Input allowed = new OciSpecs.Input(base.pod(), base.container(), base.image(), base.sandbox(),
                base.rootfs(), base.volumes(), base.env(), base.users(), base.cgroupsPath(), base.rlimits(),
                Optional.empty(), new OciSpecs.Host(Capabilities.ALL, List.of(),
                java.util.Set.of("kernel.msg*", "net.core.somaxconn")));
        JsonNode spec = JSON.valueToTree(OciSpecs.generate(allowed));
        assertThat(spec.at("/linux/sysctl/kernel.msgmax").asString()).isEqualTo("65536");
        assertThat(spec.at("/linux/sysctl/net.core.somaxconn").asString()).isEqualTo("1024");
        assertThatThrownBy(() -> OciSpecs.generate(base)).hasMessage("forbidden sysctl: \"kernel.msgmax\" not allowlisted");
    }

    @Test
    void addingSysAdminAllowsWhatRuntimeDefaultGatesOnIt() {
        List<String> withoutCap = SeccompProfiles.runtimeDefault(Capabilities.DEFAULT).syscalls().getFirst().names();
        List<String> withCap = SeccompProfiles.runtimeDefault(Capabilities.resolve(false, List.of("SYS_ADMIN"),
                List.of())).syscalls().getFirst().names();
        assertThat(withoutCap).contains("mount", "unshare", "setns");
        assertThat(withCap).doesNotContain("mount", "unshare", "setns").contains("ptrace", "keyctl");
    }

    @Test
    void localhostProfilesAreReadFromTheSeccompDirectoryAndMustStayInside(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("audit.json"), "{\"defaultAction\":\"SCMP_ACT_LOG\"}");
        var pod = new PodBuilder().withNewMetadata().withName("p").withNamespace("d").withUid("u").endMetadata()
                .withNewSpec().withNewSecurityContext().withNewSeccompProfile().withType("Localhost")
                .withLocalhostProfile("audit.json").endSeccompProfile().endSecurityContext().endSpec();
        var container = new ContainerBuilder().withName("c").build();

        Optional<JsonNode> profile = SeccompProfiles.localhost(dir, pod.build(), container);
        assertThat(profile).map(p -> p.path("defaultAction").asString()).contains("SCMP_ACT_LOG");
        JsonNode spec = JSON.valueToTree(OciSpecs.generate(new OciSpecs.Input(
                input(p -> pod, c -> c, imageUser(""), List.of()).pod(), container, imageUser(""),
                input(p -> p, c -> c, imageUser(""), List.of()).sandbox(), Path.of("/r"), List.of(), java.util.Map.of(),
                Users.Database.EMPTY, "/c", List.of(), profile, OciSpecs.Host.ALL_CAPABILITIES)));
        assertThat(spec.at("/linux/seccomp/defaultAction").asString()).isEqualTo("SCMP_ACT_LOG");

        for (String bad : List.of("../etc/passwd", "/etc/passwd", "missing.json")) {
            var escaping = new PodBuilder(pod.build()).editSpec().editSecurityContext().editSeccompProfile()
                    .withLocalhostProfile(bad).endSeccompProfile().endSecurityContext().endSpec().build();
            assertThatThrownBy(() -> SeccompProfiles.localhost(dir, escaping, container)).as(bad)
                    .isInstanceOf(ContainerConfigException.class);
        }
    }

    @Test
    void privilegedGetsEveryDeviceAndUnmaskedProcKeepsProcOpen() {
        List<OciSpec.Device> devices = List.of(new OciSpec.Device("/dev/fuse", "c", 10, 229, 0666, 0, 0));
        OciSpecs.Input base = input(p -> p, c -> c.withNewSecurityContext().withPrivileged(true).endSecurityContext(),
                imageUser(""), List.of());
        JsonNode privileged = JSON.valueToTree(OciSpecs.generate(new OciSpecs.Input(base.pod(), base.container(),
                base.image(), base.sandbox(), base.rootfs(), base.volumes(), base.env(), base.users(),
                base.cgroupsPath(), base.rlimits(), Optional.empty(),
                new OciSpecs.Host(Capabilities.fromMask(0x1fffeffffffL), devices, java.util.Set.of()))));
        assertThat(privileged.at("/process/capabilities/bounding").valueStream().map(JsonNode::asString))
                .hasSize(40).doesNotContain("CAP_SYS_RESOURCE").contains("CAP_SYS_ADMIN", "CAP_CHECKPOINT_RESTORE");
        assertThat(privileged.at("/linux/resources/devices/0/allow").asBoolean()).isTrue();
        assertThat(privileged.at("/linux/devices/0/path").asString()).isEqualTo("/dev/fuse");

        JsonNode unmasked = JSON.valueToTree(OciSpecs.generate(input(p -> p, c -> c.withNewSecurityContext()
                .withProcMount("Unmasked").endSecurityContext(), imageUser(""), List.of())));
        assertThat(unmasked.at("/linux/maskedPaths").isMissingNode()).isTrue();
        assertThat(unmasked.at("/linux/resources/devices/0/allow").asBoolean()).isFalse();
        assertThat(unmasked.at("/linux/devices").isMissingNode()).isTrue();
        assertThat(unmasked.at("/linux/seccomp").isMissingNode()).isTrue();
    }
}
