package io.podyard.scheduler.loop;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/**
 * The scheduler's writes (bindings, status conditions, events) as asynchronous requests on the
 * client's HTTP connection, so thousands can be in flight without a thread each.
 */
final class ApiWriter {
    /** An answer: the HTTP code and the body (a Status on failure). */
    record Answer(int code, String body) {
        boolean ok() {
            return code >= 200 && code < 300;
        }
    }

    private final HttpClient http;
    private final String base;

    ApiWriter(KubernetesClient client) {
        this.http = client.getHttpClient();
        String url = client.getMasterUrl().toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    CompletableFuture<Answer> post(String path, String json) {
        return send(http.newHttpRequestBuilder().uri(base + path).post("application/json", json).build());
    }

    CompletableFuture<Answer> patch(String path, String contentType, String json) {
        return send(http.newHttpRequestBuilder().uri(base + path).method("PATCH", contentType, json).build());
    }

    private CompletableFuture<Answer> send(HttpRequest request) {
        return http.sendAsync(request, String.class).thenApply(ApiWriter::answer);
    }

    private static Answer answer(HttpResponse<String> response) {
        return new Answer(response.code(), response.body());
    }
}
