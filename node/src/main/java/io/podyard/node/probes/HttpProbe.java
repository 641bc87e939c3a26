package io.podyard.node.probes;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * httpGet and tcpSocket as kubelet runs them: one HTTP/1.1 GET per probe over a fresh connection
 * (HTTPS without certificate verification), headers {@code User-Agent: kube-probe/1.32} and
 * {@code Accept: *}{@code /*} unless the probe sets its own (Host included), success for a status
 * from 200 to 399. Redirects to the same host are followed (up to 10); a redirect to another
 * host counts as success, as kubelet does.
 */
final class HttpProbe {
    private static final int MAX_STATUS_LINE = 8192;
    private static final int MAX_REDIRECTS = 10;

    private HttpProbe() {
    }

    static Outcome get(Handler.HttpGet get, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Handler.HttpGet current = get;
        try {
            for (int redirects = 0; ; redirects++) {
                Response response = exchange(current, timeout, deadline);
                if (response.status() < 200 || response.status() >= 400) {
                    return Outcome.failed("HTTP probe failed with statuscode: " + response.status());
                }
                if (response.status() < 300 || response.location() == null) {
                    return Outcome.ok();
                }
                // Kubelet follows redirects to the same host only; another host's redirect counts as success.
                URI next = url(current).resolve(response.location());
                if (next.getHost() == null || !next.getHost().equals(get.host())) {
                    return Outcome.ok();
                }
                if (redirects == MAX_REDIRECTS) {
                    return Outcome.failed("HTTP probe failed: stopped after " + MAX_REDIRECTS + " redirects");
                }
                String scheme = next.getScheme() == null ? current.scheme() : next.getScheme().toUpperCase();
                int port = next.getPort() > 0 ? next.getPort() : scheme.equals("HTTPS") ? 443 : 80;
                String path = next.getRawPath() == null || next.getRawPath().isEmpty() ? "/" : next.getRawPath();
                current = new Handler.HttpGet(scheme, get.host(), port,
                        next.getRawQuery() == null ? path : path + "?" + next.getRawQuery(), get.headers());
            }
        } catch (IOException | RuntimeException e) {
            return Outcome.failed("Get \"" + url(current) + "\": " + e.getMessage());
        }
    }

    private record Response(int status, String location) {
    }

    private static Response exchange(Handler.HttpGet get, Duration timeout, long deadline) throws IOException {
        try (Socket socket = open(get.scheme(), get.host(), get.port(), timeout)) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Host", authority(get.host(), get.port()));
            headers.put("User-Agent", "kube-probe/1.32");
            headers.put("Accept", "*/*");
            get.headers().forEach((name, value) -> {
                headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
                headers.put(name, value);
            });
            headers.put("Connection", "close");
            StringBuilder request = new StringBuilder("GET ").append(get.path()).append(" HTTP/1.1\r\n");
            headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String statusLine = readLine(in, deadline);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                throw new IOException("malformed HTTP response: " + statusLine);
            }
            String location = null;
            for (String line = readLine(in, deadline); !line.isEmpty(); line = readLine(in, deadline)) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Location")) {
                    location = line.substring(colon + 1).trim();
                }
            }
            return new Response(Integer.parseInt(parts[1]), location);
        }
    }

    private static URI url(Handler.HttpGet get) {
        return URI.create(get.scheme().toLowerCase() + "://" + authority(get.host(), get.port()) + get.path());
    }

    static Outcome connect(String host, int port, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            return Outcome.ok();
        } catch (IOException e) {
            return Outcome.failed("dial tcp " + authority(host, port) + ": " + e.getMessage());
        }
    }

    private static Socket open(String scheme, String host, int port, Duration timeout) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
        socket.setSoTimeout((int) timeout.toMillis());
        if (!scheme.equals("HTTPS")) {
            return socket;
        }
        SSLSocket tls = (SSLSocket) TRUST_ALL.getSocketFactory().createSocket(socket, host, port, true);
        tls.startHandshake();
        return tls;
    }

    private static String readLine(InputStream in, long deadline) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (line.length() > MAX_STATUS_LINE || System.nanoTime() > deadline) {
                throw new IOException("timeout awaiting response headers");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static String authority(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** Kubelet probes HTTPS with InsecureSkipVerify: any certificate, any name. */
    private static final SSLContext TRUST_ALL = trustAll();

    private static SSLContext trustAll() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
