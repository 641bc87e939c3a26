package io.podyard.node.images.registry;

import io.podyard.node.images.Digest;
import io.podyard.node.images.ImageReference;
import io.podyard.node.images.InvalidContentException;
import io.podyard.node.images.RegistryCredentials.Credential;
import io.podyard.node.images.RegistryException;
import io.podyard.node.images.RegistryException.Reason;
import io.podyard.node.images.oci.Descriptor;
import io.podyard.node.images.oci.Document;
import io.podyard.node.images.oci.Documents;
import io.podyard.node.images.oci.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Fetches manifests and blobs from OCI distribution registries (the {@code /v2/} API). Loopback
 * registries and those listed as insecure are spoken to over plain HTTP, every other one over HTTPS.
 * Authorization follows the registry's 401 challenge ({@link Authorizer}); redirects are followed
 * by hand so credentials never go to another host (blob downloads often redirect to a CDN).
 */
public final class RegistryClient {
    private static final int MAX_REDIRECTS = 10;

    private final HttpClient http;
    private final Set<String> insecureRegistries;
    private final Duration requestTimeout;
    private final Authorizer authorizer;

    /**
     * @param insecureRegistries {@code host[:port]} entries spoken to over plain HTTP
     * @param requestTimeout how long to wait for a response's headers (a blob body may take longer)
     */
    public RegistryClient(HttpClient http, InstantSource clock, Set<String> insecureRegistries, Duration requestTimeout) {
        this.http = Objects.requireNonNull(http, "http");
        this.insecureRegistries = Set.copyOf(insecureRegistries);
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.authorizer = new Authorizer(http, clock, requestTimeout);
    }

    /** An HTTP client suited to registries: no automatic redirects (see the class comment). */
    public static HttpClient newHttpClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Whether this client speaks plain HTTP to {@code domain}. */
    public boolean isPlainHttp(String domain) {
        if (ImageReference.isLoopbackHost(domain) || insecureRegistries.contains(domain)) {
            return true;
        }
        int colon = domain.lastIndexOf(':');
        return colon > 0 && !domain.endsWith("]") && insecureRegistries.contains(domain.substring(0, colon));
    }

    URI repositoryUri(ImageReference image, String rest) {
        String host = image.registryHost();
        return URI.create((isPlainHttp(image.domain()) ? "http" : "https") + "://" + host + "/v2/" + image.path() + "/"
                + rest);
    }

    /**
     * Fetches the manifest or index {@code reference} (a tag or digest) names in {@code image}'s
     * repository, and checks it against the digest asked for (or the one the registry claims).
     */
    public Document.Fetched manifest(ImageReference image, String reference, Optional<Credential> credential) {
        String context = "resolve " + image.name() + (reference.contains(":") ? "@" : ":") + reference;
        HttpResponse<InputStream> response = get(image, repositoryUri(image, "manifests/" + reference), MediaTypes.ACCEPT,
                credential, context);
        byte[] bytes;
        try (InputStream body = response.body()) {
            bytes = body.readNBytes((int) Documents.MAX_MANIFEST_BYTES + 1);
        } catch (IOException e) {
            throw RegistryErrors.fromTransport(image.registryHost(), e, context);
        }
        if (bytes.length > Documents.MAX_MANIFEST_BYTES) {
            throw new InvalidContentException(context + ": the manifest is larger than "
                    + Documents.MAX_MANIFEST_BYTES + " bytes");
        }
        Digest expected = null;
        if (reference.contains(":")) {
            expected = Digest.parse(reference);
        } else {
            Optional<String> claimed = response.headers().firstValue("Docker-Content-Digest");
            if (claimed.isPresent() && claimed.get().startsWith("sha256:")) {
                expected = parseClaim(claimed.get(), context);
            }
        }
        Digest actual = expected == null ? Digest.sha256(bytes) : digestOf(expected, bytes);
        if (expected != null && !expected.equals(actual)) {
            throw new InvalidContentException(context + ": the manifest failed verification: expected " + expected
                    + ", its content has digest " + actual);
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        return new Document.Fetched(actual, bytes, Documents.parse(actual, bytes, contentType));
    }

    /**
     * Opens the blob {@code blob} of {@code image}'s repository. The caller verifies what it reads
     * (the content store does, against the descriptor).
     */
    public InputStream blob(ImageReference image, Descriptor blob, Optional<Credential> credential) {
        String context = "fetch blob " + blob.digest() + " of " + image.name();
        return get(image, repositoryUri(image, "blobs/" + blob.digest()), "*/*", credential, context).body();
    }

    private HttpResponse<InputStream> get(ImageReference image, URI uri, String accept, Optional<Credential> credential,
            String context) {
        String registry = image.registryHost();
        String scope = "repository:" + image.path() + ":pull";
        for (int attempt = 0; ; attempt++) {
            Optional<String> authorization = authorizer.header(registry, scope, credential, context);
            HttpResponse<InputStream> response = send(registry, uri, accept, authorization, context);
            int status = response.statusCode();
            if (status == 200) {
                return response;
            }
            if (status != 401 || attempt > 0) {
                throw RegistryErrors.fromResponse(registry, response, context);
            }
            String message = RegistryErrors.fromResponse(registry, response, context).registryMessage();
            authorizer.challenged(registry, scope, credential,
                    response.headers().allValues("WWW-Authenticate").stream()
                            .flatMap(h -> AuthChallenge.parse(h).stream()).toList(),
                    message, context);
        }
    }

    /** One GET, following redirects; authorization goes only to the origin it was meant for. */
    private HttpResponse<InputStream> send(String registry, URI uri, String accept, Optional<String> authorization,
            String context) {
        URI origin = uri;
        URI current = uri;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(current).timeout(requestTimeout).GET()
                    .header("Accept", accept);
            if (current.getScheme().equals("http")) {
                request.version(HttpClient.Version.HTTP_1_1); // no h2c upgrade dance with plain-HTTP registries
            }
            if (sameOrigin(origin, current)) {
                authorization.ifPresent(value -> request.header("Authorization", value));
            }
            HttpResponse<InputStream> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw RegistryErrors.fromTransport(registry, e, context);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryException(registry, Reason.UNAVAILABLE, "interrupted", context, e);
            }
            int status = response.statusCode();
            Optional<String> location = response.headers().firstValue("Location");
            if (!(status == 301 || status == 302 || status == 303 || status == 307 || status == 308)
                    || location.isEmpty()) {
                return response;
            }
            RegistryErrors.readBounded(response.body());
            current = current.resolve(location.get());
        }
        throw new RegistryException(registry, 0, Reason.PROTOCOL, "more than " + MAX_REDIRECTS + " redirects", context);
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && a.getPort() == b.getPort();
    }

    private static Digest parseClaim(String claim, String context) {
        try {
            return Digest.parse(claim);
        } catch (IllegalArgumentException e) {
            throw new InvalidContentException(context + ": the registry sent an invalid Docker-Content-Digest: "
                    + e.getMessage());
        }
    }

    private static Digest digestOf(Digest like, byte[] bytes) {
        MessageDigest hasher = like.newHasher();
        hasher.update(bytes);
        return Digest.of(hasher);
    }
}
