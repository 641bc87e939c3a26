package io.podyard.node.agent;

import io.podyard.node.hollow.HollowContainers;
import io.podyard.node.hollow.HollowImages;
import io.podyard.node.hollow.HollowSandboxes;
import io.podyard.node.hollow.HollowSettings;
import io.podyard.node.images.ImageService;
import io.podyard.node.images.ImageServiceOptions;
import io.podyard.node.images.Platform;
import io.podyard.node.registration.HostFacts;
import io.podyard.node.registration.NodeFacts;
import io.podyard.node.runtime.ContainerRuntime;
import io.podyard.node.runtime.RuntimeConfig;
import io.podyard.node.sandbox.DnsSettings;
import io.podyard.node.sandbox.Ipv4Cidr;
import io.podyard.node.sandbox.PodNetwork;
import io.podyard.node.sandbox.PodSandboxes;
import io.podyard.node.sandbox.ResolvConf;
import io.podyard.node.sandbox.SandboxConfig;
import io.podyard.node.sandbox.Sandboxes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The parts of a node agent that touch the host — what the node is, its images, sandboxes and
 * containers, and how container exits are heard — chosen by {@link NodeOptions#hollow()}: runc with
 * CNI, or a hollow node's pretend ones. Everything else in the agent is the same for both.
 */
sealed interface NodeBackend extends AutoCloseable {
    NodeFacts facts();

    ImageService images();

    /** The sandboxes, once registration has given the node its podCIDR. */
    PodSandboxes sandboxes(Ipv4Cidr podCidr);

    ContainerRuntime containers();

    /** Tells {@code podUid} of every container exit until closed. */
    AutoCloseable watchExits(Consumer<String> podUid);

    @Override
    default void close() {
        images().close();
    }

    static NodeBackend of(NodeOptions options) {
        return options.hollow().<NodeBackend>map(settings -> Hollow.of(options, settings))
                .orElseGet(() -> Runc.of(options));
    }

    record Runc(NodeOptions options, RuntimeConfig config, NodeFacts facts, ImageService images,
                ContainerRuntime containers) implements NodeBackend {
        static Runc of(NodeOptions options) {
            RuntimeConfig config = RuntimeConfig.defaults(options.runDir().resolve("runtime"),
                    options.dataDir().resolve("logs"), options.cgroupParent())
                    .withPods(options.podPidsLimit(), options.dataDir().resolve("seccomp"),
                            options.allowedUnsafeSysctls());
            NodeFacts facts = HostFacts.read(options.nodeName(), options.dataDir(), config.runc());
            ImageService images = ImageService.open(ImageServiceOptions.defaults(options.dataDir().resolve("images"))
                    .withInsecureRegistries(options.insecureRegistries()).withClock(options.clock()));
            return new Runc(options, config, facts, images, ContainerRuntime.runc(config, options.clock()));
        }

        @Override
        public PodSandboxes sandboxes(Ipv4Cidr podCidr) {
            PodNetwork network = new PodNetwork("podyard", options.bridge(), podCidr, options.cniBinDir(),
                    options.runDir().resolve("ipam"), false, 0);
            return new Sandboxes(new SandboxConfig(options.runDir().resolve("sandboxes"), network,
                    new DnsSettings(options.clusterDns(), "cluster.local", hostResolvConf()),
                    SandboxConfig.DEFAULT_SHM_SIZE), options.clock());
        }

        @Override
        public AutoCloseable watchExits(Consumer<String> podUid) {
            return ContainerExits.watch(config.root().resolve("exits"), podUid);
        }

        private static ResolvConf hostResolvConf() {
            try {
                return ResolvConf.parse(Files.readString(Path.of("/etc/resolv.conf")));
            } catch (IOException e) {
                return ResolvConf.EMPTY;
            }
        }
    }

    record Hollow(NodeOptions options, NodeFacts facts, HollowImages images, HollowContainers containers)
            implements NodeBackend {
        static Hollow of(NodeOptions options, HollowSettings settings) {
            NodeFacts facts = new NodeFacts(options.nodeName(), "127.0.0.1", settings.cpuCores(),
                    settings.memoryBytes(), 100L << 30, System.getProperty("os.version"), "Podyard hollow node",
                    Platform.current().architecture(), "hollow://0.1", "", "", "", 0);
            return new Hollow(options, facts, new HollowImages(settings, options.clock()),
                    new HollowContainers(settings, options.clock()));
        }

        @Override
        public PodSandboxes sandboxes(Ipv4Cidr podCidr) {
            return new HollowSandboxes(podCidr, options.clock());
        }

        @Override
        public AutoCloseable watchExits(Consumer<String> podUid) {
            containers.onExit(podUid);
            return () -> containers.onExit(uid -> { });
        }
    }
}
