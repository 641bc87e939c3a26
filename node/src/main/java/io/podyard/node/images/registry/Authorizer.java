package io.podyard.node.images.registry;

import io.podyard.node.images.RegistryCredentials.Credential;
import io.podyard.node.images.RegistryException;
import io.podyard.node.images.RegistryException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Authorization for registry requests, as Docker does it: a registry answers 401 with a challenge;
 * for {@code Bearer} a token is fetched from the challenge's realm (anonymously or with the
 * credential as basic auth) for the repository's pull scope; for {@code Basic} the credential is
 * sent. Challenges and tokens are remembered (tokens until they expire, by the injected clock), so
 * later requests carry authorization from the start.
 */
final class Authorizer {
    private static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofSeconds(60);
    private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(5);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private record TokenKey(String registry, String scope, String user) {
    }

    private record Token(String value, Instant expires) {
    }

    private final HttpClient http;
    private final InstantSource clock;
    private final Duration timeout;
    private final ConcurrentHashMap<String, AuthChallenge> challenges = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<TokenKey, Token> tokens = new ConcurrentHashMap<>();

    Authorizer(HttpClient http, InstantSource clock, Duration timeout) {
        this.http = http;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** The Authorization header to send first, if this registry is known to want one. */
    Optional<String> header(String registry, String scope, Optional<Credential> credential, String context) {
        AuthChallenge challenge = challenges.get(registry);
        if (challenge == null) {
            return Optional.empty();
        }
        if (challenge.scheme().equals("bearer")) {
            return Optional.of("Bearer " + token(registry, scope, credential, challenge, context));
        }
        return credential.map(Authorizer::basic);
    }

    /**
     * Learns from a 401's challenges what the registry wants, fetching a token if it wants one;
     * throws when it cannot be satisfied (basic auth without a credential, an unknown scheme).
     */
    void challenged(String registry, String scope, Optional<Credential> credential, List<AuthChallenge> offered,
            String registryMessage, String context) {
        AuthChallenge chosen = offered.stream().filter(c -> c.scheme().equals("bearer")).findFirst()
                .or(() -> offered.stream().filter(c -> c.scheme().equals("basic")).findFirst())
                .orElseThrow(() -> new RegistryException(registry, 401, Reason.UNAUTHORIZED,
                        registryMessage + " (no usable authentication challenge)", context));
        if (chosen.scheme().equals("basic") && credential.isEmpty()) {
            throw new RegistryException(registry, 401, Reason.UNAUTHORIZED,
                    registryMessage + " (the registry wants a user name and password; none was given)", context);
        }
        challenges.put(registry, chosen);
        if (chosen.scheme().equals("bearer")) {
            tokens.remove(new TokenKey(registry, scope, user(credential)));
            token(registry, scope, credential, chosen, context);
        }
    }

    private String token(String registry, String scope, Optional<Credential> credential, AuthChallenge challenge,
            String context) {
        TokenKey key = new TokenKey(registry, scope, user(credential));
        Token cached = tokens.get(key);
        if (cached != null && clock.instant().isBefore(cached.expires())) {
            return cached.value();
        }
        Token fresh = fetchToken(registry, scope, credential, challenge, context);
        tokens.put(key, fresh);
        return fresh.value();
    }

    private Token fetchToken(String registry, String scope, Optional<Credential> credential, AuthChallenge challenge,
            String context) {
        String realm = challenge.param("realm");
        URI uri;
        try {
            uri = URI.create(realm);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                throw new IllegalArgumentException("not an HTTP URL");
            }
        } catch (IllegalArgumentException e) {
            throw new RegistryException(registry, 401, Reason.PROTOCOL,
                    "the registry's token realm \"" + realm + "\" is not an HTTP URL", context);
        }
        StringBuilder query = new StringBuilder();
        appendParam(query, "service", challenge.param("service"));
        appendParam(query, "scope", scope);
        credential.ifPresent(c -> appendParam(query, "account", c.username()));
        String separator = uri.getRawQuery() == null ? "?" : "&";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(realm + separator + query))
                .timeout(timeout).GET();
        credential.ifPresent(c -> request.header("Authorization", basic(c)));
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw RegistryErrors.fromTransport(uri.getAuthority(), e, context + ": token from " + uri.getAuthority());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(registry, Reason.UNAVAILABLE, "interrupted", context, e);
        }
        if (response.statusCode() != 200) {
            RegistryException error = RegistryErrors.fromResponse(uri.getAuthority(), response, context);
            Reason reason = response.statusCode() == 401 || response.statusCode() == 403
                    ? Reason.UNAUTHORIZED : error.reason();
            throw new RegistryException(registry, response.statusCode(), reason,
                    "token server " + uri.getAuthority() + " refused: " + error.registryMessage(), context);
        }
        String body = RegistryErrors.readBounded(response.body());
        try {
            JsonNode json = JSON.readTree(body);
            String token = json.path("token").asString("");
            if (token.isEmpty()) {
                token = json.path("access_token").asString("");
            }
            if (token.isEmpty()) {
                throw new RegistryException(registry, 200, Reason.PROTOCOL,
                        "token server " + uri.getAuthority() + " answered without a token", context);
            }
            long seconds = json.path("expires_in").asLong(0);
            Duration lifetime = seconds > 0 ? Duration.ofSeconds(seconds) : DEFAULT_TOKEN_LIFETIME;
            return new Token(token, clock.instant().plus(lifetime).minus(EXPIRY_MARGIN));
        } catch (JacksonException e) {
            throw new RegistryException(registry, 200, Reason.PROTOCOL,
                    "token server " + uri.getAuthority() + " answered invalid JSON", context);
        }
    }

    private static void appendParam(StringBuilder query, String name, String value) {
        if (value.isEmpty()) {
            return;
        }
        if (!query.isEmpty()) {
            query.append('&');
        }
        query.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    private static String user(Optional<Credential> credential) {
        return credential.map(Credential::username).orElse("");
    }

    static String basic(Credential credential) {
        return "Basic " + Base64.getEncoder().encodeToString(
                (credential.username() + ":" + credential.password()).getBytes(StandardCharsets.UTF_8));
    }
}
