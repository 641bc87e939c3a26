package io.podyard.node.images.registry;

import io.podyard.node.images.RegistryException;
import io.podyard.node.images.RegistryException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Turns registry answers and transport failures into {@link RegistryException}s with the registry's words. */
final class RegistryErrors {
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> NOT_FOUND_CODES = Set.of("MANIFEST_UNKNOWN", "NAME_UNKNOWN", "BLOB_UNKNOWN");

    private RegistryErrors() {
    }

    /** The error a non-2xx response stands for; reads (a bounded part of) and closes its body. */
    static RegistryException fromResponse(String registry, HttpResponse<InputStream> response, String context) {
        String body = readBounded(response.body());
        List<String> codes = new ArrayList<>();
        String message = message(body, codes);
        int status = response.statusCode();
        if (message.isEmpty()) {
            message = status + " " + statusText(status);
        }
        Reason reason = codes.stream().anyMatch(NOT_FOUND_CODES::contains) ? Reason.NOT_FOUND : switch (status) {
            case 404 -> Reason.NOT_FOUND;
            case 401 -> Reason.UNAUTHORIZED;
            case 403 -> Reason.DENIED;
            case 429 -> Reason.TOO_MANY_REQUESTS;
            default -> status >= 500 ? Reason.UNAVAILABLE : Reason.PROTOCOL;
        };
        return new RegistryException(registry, status, reason, message, context);
    }

    /** A transport failure: nothing (or nothing usable) came back. */
    static RegistryException fromTransport(String registry, IOException e, String context) {
        String detail = e.getMessage() == null ? "" : ": " + e.getMessage();
        String message = switch (e) {
            case HttpConnectTimeoutException t -> "connecting to " + registry + " timed out";
            case HttpTimeoutException t -> registry + " did not answer in time";
            case ConnectException c -> "cannot connect to " + registry
                    + (c.getCause() != null && c.getCause().getMessage() != null ? ": " + c.getCause().getMessage() : detail);
            case SSLException s -> "TLS with " + registry + " failed" + detail
                    + " (a plain-HTTP registry must be listed with --insecure-registry)";
            default -> e.getClass().getSimpleName() + " talking to " + registry + detail;
        };
        return new RegistryException(registry, Reason.UNAVAILABLE, message, context, e);
    }

    /**
     * The distribution spec's {@code {"errors":[{"code","message","detail"}]}}, or a token server's
     * {@code {"details": …}}; the messages joined, codes collected into {@code codes}.
     */
    static String message(String body, List<String> codes) {
        if (body.isBlank()) {
            return "";
        }
        try {
            JsonNode root = JSON.readTree(body);
            List<String> messages = new ArrayList<>();
            for (JsonNode error : root.path("errors")) {
                String code = error.path("code").asString("");
                String message = error.path("message").asString("");
                codes.add(code);
                messages.add(message.isEmpty() ? code.toLowerCase().replace('_', ' ') : message);
            }
            if (messages.isEmpty() && root.path("details").isString()) {
                messages.add(root.path("details").asString());
            }
            if (!messages.isEmpty()) {
                return String.join("; ", messages);
            }
        } catch (JacksonException e) {
            // not JSON: fall through to the text itself
        }
        String text = body.strip();
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    static String readBounded(InputStream body) {
        try (InputStream in = body) {
            return new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String statusText(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "";
        };
    }
}
