package io.podyard.node.testing;

import io.podyard.node.exec.Command;
import io.podyard.node.sandbox.Ipv4Cidr;
import io.podyard.node.sandbox.NodeNetwork;
import io.podyard.node.sandbox.PodNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A pod network only this test uses: bridge {@code pyt-<random>}, a 10.244.x.0/24 no route on the
 * machine knows yet, host-local's data under the test's directory. Closing it removes the bridge
 * and the blackhole route and restores net.ipv4.ip_forward (the bridge plugin turns it on).
 */
public final class TestNetwork implements AutoCloseable {
    private static final Path IP_FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");

    private final PodNetwork network;
    private final String ipForward;

    private TestNetwork(PodNetwork network, String ipForward) {
        this.network = network;
        this.ipForward = ipForward;
    }

    public static TestNetwork create(Path dir) {
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 8);
        Ipv4Cidr subnet = freeSubnet();
        PodNetwork network = new PodNetwork("pyt-" + suffix, "pyt-" + suffix, subnet, PodNetwork.DEBIAN_CNI_BIN_DIR,
                dir.resolve("ipam"), false, 0);
        try {
            return new TestNetwork(network, Files.readString(IP_FORWARD).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A 10.244.x.0/24 that no route on this machine mentions (other test runs pick theirs at random too). */
    private static Ipv4Cidr freeSubnet() {
        String routes = Command.of("ip", "-4", "route", "show", "table", "all").output();
        for (int attempt = 0; attempt < 100; attempt++) {
            int third = ThreadLocalRandom.current().nextInt(100, 250);
            String prefix = "10.244." + third + ".";
            if (!routes.contains(prefix)) {
                return Ipv4Cidr.parse(prefix + "0/24");
            }
        }
        throw new IllegalStateException("no free 10.244.x.0/24 for a test network");
    }

    public PodNetwork network() {
        return network;
    }

    /** The bridge's ports (veths) right now; empty when the bridge is gone. */
    public java.util.List<String> bridgePorts() {
        Path brif = Path.of("/sys/class/net", network.bridge(), "brif");
        if (!Files.isDirectory(brif)) {
            return java.util.List.of();
        }
        try (var ports = Files.list(brif)) {
            return ports.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            NodeNetwork.remove(network);
        } finally {
            try {
                Files.writeString(IP_FORWARD, ipForward);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
