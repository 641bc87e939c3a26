package io.podyard.proxy.testing;

import io.podyard.proxy.HostCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A node without touching the host: a "node" network namespace (forwarding on, where the proxy's
 * rules and routes go) and "pod" namespaces wired to it by veth pairs with routed /32 addresses,
 * like a routed CNI. Pods run busybox httpd serving their own name. Closing kills those processes
 * (by PID) and deletes the namespaces, which takes their links, routes and nft tables along.
 */
public final class NetnsLab implements AutoCloseable {
    private final String suffix;
    private final String subnet;
    private final Path dir;
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> servers = new ArrayList<>();
    private final boolean netnsDirMounted = netnsDirMounted();
    private int pods;

    private NetnsLab(String suffix, String subnet, Path dir) {
        this.suffix = suffix;
        this.subnet = subnet;
        this.dir = dir;
    }

    /** Whether /run/netns is a mount point: `ip netns add` makes it one on first use and never undoes it. */
    public static boolean netnsDirMounted() {
        try {
            return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .anyMatch(line -> line.split(" ")[4].equals("/run/netns"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Undoes the /run/netns mount `ip netns add` made, when it was not there before and no namespace is left. */
    public static void unmountNetnsDir(boolean wasMounted) {
        if (!wasMounted && netnsDirMounted() && HostCommand.HOST.run(null, "ip", "netns", "list").stdout().isBlank()) {
            HostCommand.HOST.run(null, "umount", "/run/netns");
        }
    }

    public static NetnsLab create(Path dir) {
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
        NetnsLab lab = new NetnsLab(suffix, "10.244." + ThreadLocalRandom.current().nextInt(1, 250) + ".", dir);
        try {
            lab.addNamespace(lab.nodeNs());
            must(lab.node(), "sysctl", "-qw", "net.ipv4.ip_forward=1");
            return lab;
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    public String nodeNs() {
        return "pyn-" + suffix;
    }

    /** Commands in the node namespace. */
    public HostCommand node() {
        return HostCommand.inNetns(nodeNs());
    }

    /** The node's address on every pod link (and so a node address for NodePorts). */
    public String nodeIp() {
        return subnet + "1";
    }

    /** The pods' network, for masquerade decisions. */
    public String podCidr() {
        return subnet + "0/24";
    }

    /** A pod namespace linked to the node; returns its IP. */
    public String addPod(String name) {
        return link(podNs(name), subnet + (10 + pods + 1));
    }

    /**
     * A client outside the cluster (an address outside the pod network and not the node's) linked to
     * the node, as a machine on the node's LAN would reach its NodePorts; returns its IP.
     */
    public String addOutsider(String name) {
        return link(podNs(name), "192.0.2." + (10 + pods + 1));
    }

    private String link(String ns, String ip) {
        int index = ++pods;
        String hostSide = "pv" + index + suffix;
        addNamespace(ns);
        HostCommand host = HostCommand.HOST;
        must(host, "ip", "link", "add", hostSide, "netns", nodeNs(), "type", "veth", "peer", "name", "eth0", "netns", ns);
        must(node(), "ip", "link", "set", hostSide, "up");
        must(node(), "ip", "addr", "add", nodeIp() + "/32", "dev", hostSide);
        must(node(), "ip", "route", "add", ip + "/32", "dev", hostSide);
        HostCommand pod = HostCommand.inNetns(ns);
        must(pod, "ip", "link", "set", "eth0", "up");
        must(pod, "ip", "addr", "add", ip + "/32", "dev", "eth0");
        must(pod, "ip", "route", "add", nodeIp(), "dev", "eth0");
        must(pod, "ip", "route", "add", "default", "via", nodeIp(), "dev", "eth0");
        return ip;
    }

    public String podNs(String name) {
        return "pyp-" + name + "-" + suffix;
    }

    /**
     * busybox httpd on port 8080 in the pod, answering its name, and at {@code /cgi-bin/peer} its name
     * and the address the connection came from; returns once it accepts connections.
     */
    public void serve(String name) {
        startHttpd(podNs(name), name, 8080);
    }

    /** busybox httpd in the node namespace itself on {@code port}, answering "node". */
    public void serveOnNode(int port) {
        startHttpd(nodeNs(), "node", port);
    }

    private void startHttpd(String ns, String name, int port) {
        Path root = dir.resolve("www-" + name + "-" + port);
        try {
            Files.createDirectories(root.resolve("cgi-bin"));
            Files.writeString(root.resolve("index.html"), name + "\n");
            Path peer = root.resolve("cgi-bin").resolve("peer");
            // httpd gives IPv4 peers as [::ffff:a.b.c.d].
            Files.writeString(peer, """
                    #!/bin/sh
                    addr=${REMOTE_ADDR#"[::ffff:"}
                    printf 'Content-Type: text/plain\\n\\n%s %s\\n' "NAME" "${addr%"]"}"
                    """.replace("NAME", name));
            peer.toFile().setExecutable(true);
            Process process = new ProcessBuilder("ip", "netns", "exec", ns, "busybox", "httpd", "-f", "-p",
                    String.valueOf(port), "-h", root.toString()).redirectErrorStream(true).start();
            servers.add(process);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int attempt = 0; attempt < 100; attempt++) {
            if (fetch(ns, "http://127.0.0.1:" + port + "/").equals(name)) {
                return;
            }
            sleep(50);
        }
        throw new IllegalStateException("httpd in " + ns + " did not start");
    }

    /** One HTTP GET from inside {@code netns}: the body, or "error: ..." with wget's complaint. */
    public static String fetch(String netns, String url) {
        HostCommand.Result result = HostCommand.inNetns(netns).run(null, "timeout", "5", "busybox", "wget", "-q", "-O",
                "-", url);
        return result.ok() ? result.stdout().strip() : "error: " + result.stderr().strip() + " (" + result.exitCode() + ")";
    }

    private void addNamespace(String ns) {
        must(HostCommand.HOST, "ip", "netns", "add", ns);
        namespaces.add(ns);
        must(HostCommand.inNetns(ns), "ip", "link", "set", "lo", "up");
    }

    private static void must(HostCommand command, String... argv) {
        HostCommand.Result result = command.run(null, argv);
        if (!result.ok()) {
            throw new IllegalStateException(String.join(" ", argv) + ": " + result.stderr().strip());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (Process server : servers) {
            server.destroy();
            try {
                if (!server.waitFor(5, TimeUnit.SECONDS)) {
                    server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String ns : namespaces.reversed()) {
            HostCommand.HOST.run(null, "ip", "netns", "del", ns);
        }
        unmountNetnsDir(netnsDirMounted);
    }

    /** Namespaces of this lab still present (for leak checks). */
    public List<String> leftovers() {
        String list = HostCommand.HOST.run(null, "ip", "netns", "list").stdout();
        return namespaces.stream().filter(list::contains).toList();
    }
}
