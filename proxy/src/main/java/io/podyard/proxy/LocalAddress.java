package io.podyard.proxy;

/**
 * An address on the loopback device for a node-local listener (the DNS server); removed on close
 * when this added it. Loopback addresses (127/8) are there already and are left alone.
 */
final class LocalAddress implements AutoCloseable {
    private final HostCommand command;
    private final String ip;
    private final boolean added;

    private LocalAddress(HostCommand command, String ip, boolean added) {
        this.command = command;
        this.ip = ip;
        this.added = added;
    }

    static LocalAddress add(HostCommand command, String ip) {
        if (ip.startsWith("127.") || ip.equals("0.0.0.0")) {
            return new LocalAddress(command, ip, false);
        }
        String present = command.run(null, "ip", "-4", "-o", "addr", "show", "dev", "lo").stdout();
        if (present.contains(" " + ip + "/")) {
            return new LocalAddress(command, ip, false);
        }
        HostCommand.Result result = command.run(null, "ip", "addr", "add", ip + "/32", "dev", "lo");
        if (!result.ok()) {
            throw new IllegalStateException("cannot add " + ip + " to lo: " + result.stderr().strip());
        }
        return new LocalAddress(command, ip, true);
    }

    @Override
    public void close() {
        if (added) {
            command.run(null, "ip", "addr", "del", ip + "/32", "dev", "lo");
        }
    }
}
