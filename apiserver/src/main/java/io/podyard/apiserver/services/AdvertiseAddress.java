package io.podyard.apiserver.services;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The address the {@code kubernetes} Service's endpoints name, as the API server's
 * --advertise-address defaults: the address it listens on, or — listening on every address —
 * the IPv4 address of the interface that holds the default route (so pods can reach it), else
 * loopback.
 */
public final class AdvertiseAddress {
    private AdvertiseAddress() {}

    public static String forBindAddress(String bindAddress) {
        if (!bindAddress.isEmpty() && !bindAddress.equals("0.0.0.0") && !bindAddress.equals("::")) {
            return bindAddress;
        }
        return defaultRouteAddress().orElse("127.0.0.1");
    }

    private static java.util.Optional<String> defaultRouteAddress() {
        try {
            List<String> routes = Files.readAllLines(Path.of("/proc/net/route"));
            for (String line : routes.subList(Math.min(1, routes.size()), routes.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 2 && f[1].equals("00000000")) {
                    NetworkInterface nic = NetworkInterface.getByName(f[0]);
                    if (nic != null) {
                        return nic.inetAddresses().filter(a -> a instanceof Inet4Address)
                                .map(a -> a.getHostAddress()).findFirst();
                    }
                }
            }
        } catch (IOException e) {
            // no /proc or no interface: loopback it is
        }
        return java.util.Optional.empty();
    }
}
