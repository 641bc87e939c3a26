package io.podyard.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a plain HTTPS client sees: anonymous callers reach only health and version, the admin token
 * works, and fieldValidation decides what duplicate fields in a body do.
 */
class RawHttpApiTest {
    @TempDir
    Path dir;

    private ServerFixture server;
    private HttpClient http;

    @BeforeEach
    void start() throws Exception {
        server = new ServerFixture(dir);
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(Files.readAllBytes(server.controlPlane().credentials().caPem()))));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        http = HttpClient.newBuilder().sslContext(tls).build();
    }

    @AfterEach
    void stop() {
        http.close();
        server.close();
    }

    static Stream<Arguments> anonymous() {
        return Stream.of(
                Arguments.of("/livez", 200, "ok"),
                Arguments.of("/readyz", 200, "ok"),
                Arguments.of("/healthz", 200, "ok"),
                Arguments.of("/version", 200, "\"major\":\"1\""),
                Arguments.of("/api", 401, "\"reason\":\"Unauthorized\""),
                Arguments.of("/api/v1/namespaces/default/pods", 401, "\"code\":401"),
                Arguments.of("/apis/apps/v1/deployments", 401, "Unauthorized"));
    }

    @ParameterizedTest
    @MethodSource("anonymous")
    void anonymousCallers(String path, int code, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(code);
        assertThat(r.body()).contains(body);
    }

    static Stream<Arguments> duplicateFields() {
        return Stream.of(Arguments.of("Strict", 400, "duplicate field \\\"data\\\""),
                Arguments.of("Warn", 201, "\"name\":\"dup-warn\""), Arguments.of("Ignore", 201, "\"dup-ignore\""));
    }

    /** Duplicate fields in a body: refused, warned about or ignored per fieldValidation. */
    @ParameterizedTest
    @MethodSource("duplicateFields")
    void duplicateFieldsFollowFieldValidation(String mode, int code, String body) throws Exception {
        String name = "dup-" + mode.toLowerCase();
        String json = "{\"metadata\":{\"name\":\"" + name + "\"},\"data\":{\"a\":\"1\"},\"data\":{\"b\":\"2\"}}";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url()
                        + "/api/v1/namespaces/default/configmaps?fieldValidation=" + mode))
                .header("Authorization", "Bearer " + server.controlPlane().credentials().adminToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(code);
        assertThat(r.body()).contains(body);
        assertThat(r.headers().allValues("Warning")).hasSize(mode.equals("Warn") ? 1 : 0);
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("", "the request body is empty"),
                Arguments.of("  [1, 2]", "the request body must be a JSON object"),
                Arguments.of("\"text\"", "the request body must be a JSON object"),
                Arguments.of("{\"metadata\": {\"name\": \"x\"", "the request body is not valid JSON"),
                Arguments.of("{\"data\": {\"a\": \"1\"}, \"data\": {\"b\": ", "the request body is not valid JSON"),
                Arguments.of("{\"metadata\": {\"name\": \"x\"}, \"data\": [1]}",
                        "ConfigMap in version \\\"v1\\\" cannot be handled as a ConfigMap"));
    }

    /** A body that is not a ConfigMap is a 400 saying why, and nothing is created. */
    @ParameterizedTest
    @MethodSource("badBodies")
    void badBodiesAre400WithTheReason(String body, String message) throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/namespaces/default/configmaps", "application/json", body,
                Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains("\"reason\":\"BadRequest\"").contains(message);
        assertThat(send("GET", "/api/v1/namespaces/default/configmaps/x", "application/json", "", Map.of())
                .statusCode()).isEqualTo(404);
    }

    @org.junit.jupiter.api.Test
    void cborApplyAndUnknownPatchTypesAre415() throws Exception {
        String token = server.controlPlane().credentials().adminToken();
        for (String type : new String[] {"application/apply-patch+cbor", "text/plain"}) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url()
                            + "/api/v1/namespaces/default/configmaps/x")).header("Authorization", "Bearer " + token)
                    .header("Content-Type", type).method("PATCH", HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(type).isEqualTo(415);
            assertThat(r.body()).contains("\"reason\":\"UnsupportedMediaType\"");
        }
    }

    @org.junit.jupiter.api.Test
    void aCreateWithoutFieldManagerIsOwnedByTheUserAgentsProgram() throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/namespaces/default/configmaps", "application/json",
                "{\"metadata\":{\"name\":\"ua\"},\"data\":{\"k\":\"v\"}}", Map.of("User-Agent",
                        "kubectl-create/v1.32.0 (linux/amd64) kubernetes/abc"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.body()).contains("\"manager\":\"kubectl-create\"").contains("\"operation\":\"Update\"");
    }

    @org.junit.jupiter.api.Test
    void applyWithoutFieldManagerIs422() throws Exception {
        HttpResponse<String> r = send("PATCH", "/api/v1/namespaces/default/configmaps/x",
                "application/apply-patch+yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n", Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(r.body()).contains("fieldManager: Required value");
    }

    @org.junit.jupiter.api.Test
    void yamlBodiesAreAccepted() throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/namespaces/default/configmaps", "application/yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  k: v\n", Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        HttpResponse<String> applied = send("PATCH", "/api/v1/namespaces/default/configmaps/from-yaml?fieldManager=y",
                "application/apply-patch+yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\n"
                        + "data:\n  k: v\n  other: w\n", Map.of());
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        assertThat(server.client().configMaps().inNamespace("default").withName("from-yaml").get().getData())
                .isEqualTo(Map.of("k", "v", "other", "w"));
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body,
            Map<String, String> headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Authorization", "Bearer " + server.controlPlane().credentials().adminToken())
                .header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Bad apply bodies are a Status with the code Kubernetes gives, never a 500. */
    @ParameterizedTest
    @MethodSource("badApplies")
    void badApplyBodiesAreRefusedWithAStatus(String body, int code) throws Exception {
        HttpResponse<String> r = send("PATCH", "/api/v1/namespaces/default/pods/bad?fieldManager=m",
                "application/apply-patch+yaml", body, Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(code);
        assertThat(r.body()).contains("\"kind\":\"Status\"");
    }

    static Stream<Arguments> badApplies() {
        return Stream.of(
                Arguments.of("metadata: [unclosed", 400),
                Arguments.of("- a\n- b\n", 400),
                Arguments.of("apiVersion: v1\nkind: Pod\nmetadata:\n  name: bad\nspec:\n  containers:\n  - image: x\n", 422),
                Arguments.of("apiVersion: apps/v1\nkind: Pod\nmetadata:\n  name: bad\n", 400),
                Arguments.of("apiVersion: v1\nkind: Pod\nmetadata:\n  name: other\n", 400));
    }

    /** What kubectl 1.30+ asks for first: one aggregated document for /api and one for /apis. */
    @ParameterizedTest
    @MethodSource("aggregatedDiscovery")
    void aggregatedDiscoveryWhenAskedFor(String path, String expected) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Authorization", "Bearer " + server.controlPlane().credentials().adminToken())
                .header("Accept", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
                        + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(
                "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
        assertThat(r.body()).contains("\"kind\":\"APIGroupDiscoveryList\"").contains(expected);
        HttpResponse<String> legacy = http.send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Authorization", "Bearer " + server.controlPlane().credentials().adminToken())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(legacy.body()).doesNotContain("APIGroupDiscoveryList");
    }

    static Stream<Arguments> aggregatedDiscovery() {
        return Stream.of(
                Arguments.of("/api", "{\"resource\":\"pods\",\"responseKind\":{\"group\":\"\",\"version\":\"v1\","
                        + "\"kind\":\"Pod\"},\"scope\":\"Namespaced\",\"singularResource\":\"pod\""),
                Arguments.of("/apis", "{\"subresource\":\"scale\",\"responseKind\":{\"group\":\"autoscaling\","
                        + "\"version\":\"v1\",\"kind\":\"Scale\"}"));
    }

    @org.junit.jupiter.api.Test
    void aWatchFromACompactedRevisionEndsWith410() throws Exception {
        String token = server.controlPlane().credentials().adminToken();
        var store = server.store();
        long old = store.currentRevision();
        for (int i = 0; i < 20_000 && store.currentRevision() < old + 5; i++) {
            store.create("/registry/filler/f" + i, new byte[] {1}).revision();
        }
        store.compact(store.currentRevision());
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url()
                        + "/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=" + old))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"type\":\"ERROR\"").contains("\"code\":410").contains("Expired");
    }

    static Stream<Arguments> tokens() {
        return Stream.of(Arguments.of("wrong-token", 401), Arguments.of(null, 200));
    }

    @ParameterizedTest
    @MethodSource("tokens")
    void bearerTokens(String token, int code) throws Exception {
        String presented = token != null ? token : server.controlPlane().credentials().adminToken();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/namespaces"))
                .header("Authorization", "Bearer " + presented).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(code);
        if (code == 200) {
            assertThat(r.body()).contains("\"kind\":\"NamespaceList\"").contains("kube-system");
        }
    }
}
