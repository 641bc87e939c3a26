package io.podyard.proxy.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * Serves DNS over UDP and TCP on one address and port: cluster names from the current
 * {@link DnsIndex}, everything else through the {@link Upstreams}. Each query is handled on its own
 * virtual thread, so a slow upstream never holds up cluster answers.
 */
public final class DnsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DnsServer.class);
    private static final int UDP_LIMIT = 512;

    private final AtomicReference<DnsIndex> index;
    private final Upstreams upstreams;
    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private volatile boolean closed;

    private DnsServer(DnsIndex initial, Upstreams upstreams, DatagramSocket udp, ServerSocket tcp) {
        this.index = new AtomicReference<>(initial);
        this.upstreams = upstreams;
        this.udp = udp;
        this.tcp = tcp;
    }

    /** Binds UDP and TCP on {@code address} (port 0: one free port for both) and starts serving. */
    public static DnsServer start(InetSocketAddress address, DnsIndex initial, Upstreams upstreams) {
        for (int attempt = 0; ; attempt++) {
            ServerSocket tcp = null;
            try {
                tcp = new ServerSocket();
                tcp.setReuseAddress(true);
                tcp.bind(address);
                DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address.getAddress(), tcp.getLocalPort()));
                DnsServer server = new DnsServer(initial, upstreams, udp, tcp);
                Thread.ofVirtual().name("dns-udp").start(server::serveUdp);
                Thread.ofVirtual().name("dns-tcp").start(server::serveTcp);
                return server;
            } catch (IOException e) {
                closeQuietly(tcp);
                if (address.getPort() != 0 || attempt >= 10) {
                    throw new UncheckedIOException("cannot listen for DNS on " + address, e);
                }
            }
        }
    }

    /** The address both listeners are bound to. */
    public InetSocketAddress address() {
        return new InetSocketAddress(tcp.getInetAddress(), tcp.getLocalPort());
    }

    /** Later queries are answered from {@code next}. */
    public void update(DnsIndex next) {
        index.set(next);
    }

    private void serveUdp() {
        while (!closed) {
            DatagramPacket packet = new DatagramPacket(new byte[4096], 4096);
            try {
                udp.receive(packet);
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("DNS UDP receive failed", e);
                }
                continue;
            }
            Thread.ofVirtual().start(() -> {
                byte[] response = handle(packet.getData(), packet.getLength(), UDP_LIMIT);
                if (response != null) {
                    try {
                        udp.send(new DatagramPacket(response, response.length, packet.getSocketAddress()));
                    } catch (IOException e) {
                        LOG.debug("DNS UDP send failed", e);
                    }
                }
            });
        }
    }

    private void serveTcp() {
        while (!closed) {
            Socket socket;
            try {
                socket = tcp.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("DNS TCP accept failed", e);
                }
                continue;
            }
            Thread.ofVirtual().start(() -> serveConnection(socket));
        }
    }

    private void serveConnection(Socket socket) {
        try (socket) {
            socket.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            while (true) {
                int length = in.readUnsignedShort();
                byte[] query = in.readNBytes(length);
                byte[] response = handle(query, query.length, 65_535);
                if (response == null) {
                    return;
                }
                out.writeShort(response.length);
                out.write(response);
                out.flush();
            }
        } catch (EOFException | SocketException e) {
            // The client is done.
        } catch (IOException e) {
            LOG.debug("DNS TCP connection failed", e);
        }
    }

    /** The wire response, or null for input that is not a DNS message at all. */
    private byte[] handle(byte[] data, int length, int limit) {
        Message query;
        try {
            query = new Message(java.util.Arrays.copyOf(data, length));
        } catch (IOException e) {
            return null;
        }
        if (limit == UDP_LIMIT && query.getOPT() != null) {
            limit = Math.max(UDP_LIMIT, query.getOPT().getPayloadSize()); // EDNS0: the client takes more
        }
        Message response;
        try {
            response = switch (DnsAnswerer.answer(query, index.get())) {
                case DnsAnswerer.Reply.Answer answer -> answer.response();
                case DnsAnswerer.Reply.Forward forward -> upstreams.forward(query);
            };
        } catch (RuntimeException e) {
            LOG.warn("DNS query failed", e);
            response = DnsAnswerer.response(query, Rcode.SERVFAIL);
        }
        return response.toWire(limit);
    }

    @Override
    public void close() {
        closed = true;
        udp.close();
        closeQuietly(tcp);
    }

    private static void closeQuietly(ServerSocket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
