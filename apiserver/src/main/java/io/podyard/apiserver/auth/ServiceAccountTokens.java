package io.podyard.apiserver.auth;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.podyard.apiserver.tls.ClientCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kubernetes' bound service account tokens: a JWT (RS256) naming a ServiceAccount and, when bound,
 * the Pod it was issued for, signed with a key the server keeps in its data directory. A token is
 * accepted while it has not expired, names the API server among its audiences, and the
 * ServiceAccount (and bound Pod) still exist with the uids it names; its user is
 * {@code system:serviceaccount:NS:NAME} in {@code system:serviceaccounts} and
 * {@code system:serviceaccounts:NS}.
 */
public final class ServiceAccountTokens {
    /** The issuer and the API server's audience (Kubernetes' default for both). */
    public static final String ISSUER = "https://kubernetes.default.svc.cluster.local";
    public static final String USER_PREFIX = "system:serviceaccount:";
    public static final String GROUP = "system:serviceaccounts";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final String HEADER = B64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(UTF_8));

    /** The Pod a token is bound to. */
    public record BoundPod(String name, String uid) {
    }

    /** What a token says. */
    public record Claims(String namespace, String serviceAccount, String serviceAccountUid, Optional<BoundPod> pod,
                         List<String> audiences, Instant issuedAt, Instant expiresAt) {
        public Claims {
            audiences = List.copyOf(audiences);
        }
    }

    /** Whether the objects a token names still exist with those uids (a token of a deleted one is refused). */
    public interface Liveness {
        boolean serviceAccountExists(String namespace, String name, String uid);

        boolean podExists(String namespace, String name, String uid);
    }

    /** The signing key; on a fresh data directory it is still being generated while the server starts. */
    private final CompletableFuture<KeyPair> keys;
    private final InstantSource clock;
    private final Liveness objects;

    ServiceAccountTokens(KeyPair keys, InstantSource clock, Liveness objects) {
        this(CompletableFuture.completedFuture(keys), clock, objects);
    }

    private ServiceAccountTokens(CompletableFuture<KeyPair> keys, InstantSource clock, Liveness objects) {
        this.keys = keys;
        this.clock = clock;
        this.objects = objects;
    }

    /**
     * Reads the signing key from {@code keyFile}, or creates it (owner-only) on first use. A new RSA
     * key takes from 0.1 s to a second to find, and no token can exist before it does, so it is made
     * on a thread of its own: the server's start does not wait for it; the first token issued does.
     */
    public static ServiceAccountTokens loadOrCreate(Path keyFile, InstantSource clock, Liveness objects)
            throws IOException {
        if (!Files.exists(keyFile)) {
            CompletableFuture<KeyPair> created = new CompletableFuture<>();
            Thread.ofVirtual().name("service-account-key").start(() -> {
                try {
                    created.complete(create(keyFile));
                } catch (IOException | RuntimeException e) {
                    created.completeExceptionally(e);
                }
            });
            return new ServiceAccountTokens(created, clock, objects);
        }
        try {
            String pem = Files.readString(keyFile).replaceAll("-----[A-Z ]+-----|\\s", "");
            RSAPrivateCrtKey key = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
            return new ServiceAccountTokens(pair(key), clock, objects);
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IOException("unusable service account key " + keyFile + ": " + e.getMessage(), e);
        }
    }

    private static KeyPair create(Path keyFile) throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            RSAPrivateCrtKey key = (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate();
            ClientCertificates.writeOwnerOnly(keyFile, "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(UTF_8)).encodeToString(key.getEncoded())
                    + "\n-----END PRIVATE KEY-----\n");
            return pair(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate RSA keys", e);
        }
    }

    private static KeyPair pair(RSAPrivateCrtKey key) throws GeneralSecurityException {
        PublicKey publicKey = KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        return new KeyPair(publicKey, key);
    }

    /**
     * Waits for a key still being generated to be written, so that the data directory is whole (and
     * can be removed) once the server has stopped.
     */
    public void awaitKey() {
        keys.handle((k, e) -> k).join();
    }

    /** The signed token for these claims. */
    public String issue(Claims claims) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("aud").addAll(claims.audiences().stream().map(JSON.getNodeFactory()::stringNode).toList());
        body.put("exp", claims.expiresAt().getEpochSecond());
        body.put("iat", claims.issuedAt().getEpochSecond());
        body.put("iss", ISSUER);
        body.put("nbf", claims.issuedAt().getEpochSecond());
        body.put("sub", USER_PREFIX + claims.namespace() + ":" + claims.serviceAccount());
        ObjectNode k8s = body.putObject("kubernetes.io");
        k8s.put("namespace", claims.namespace());
        claims.pod().ifPresent(p -> k8s.putObject("pod").put("name", p.name()).put("uid", p.uid()));
        k8s.putObject("serviceaccount").put("name", claims.serviceAccount()).put("uid", claims.serviceAccountUid());
        String signed = HEADER + "." + B64.encodeToString(JSON.writeValueAsBytes(body));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(keys.join().getPrivate());
            signature.update(signed.getBytes(UTF_8));
            return signed + "." + B64.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing a service account token failed", e);
        }
    }

    /** The token's user, or empty when it is not a valid service account token of this server. */
    public Optional<User> authenticate(String token) {
        return verify(token).filter(c -> objects.serviceAccountExists(c.namespace(), c.serviceAccount(),
                        c.serviceAccountUid()))
                .filter(c -> c.pod().isEmpty() || objects.podExists(c.namespace(), c.pod().get().name(),
                        c.pod().get().uid()))
                .map(c -> new User(USER_PREFIX + c.namespace() + ":" + c.serviceAccount(),
                        List.of(GROUP, GROUP + ":" + c.namespace(), "system:authenticated")));
    }

    /** The claims of a token signed by this server's key, for the API server's audience, not expired. */
    Optional<Claims> verify(String token) {
        String[] parts = token == null ? new String[0] : token.split("\\.", -1);
        if (parts.length != 3 || !parts[0].equals(HEADER)) {
            return Optional.empty();
        }
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initVerify(keys.join().getPublic());
            signature.update((parts[0] + "." + parts[1]).getBytes(UTF_8));
            if (!signature.verify(B64D.decode(parts[2]))) {
                return Optional.empty();
            }
            JsonNode body = JSON.readTree(B64D.decode(parts[1]));
            Instant now = clock.instant();
            Instant expires = Instant.ofEpochSecond(body.path("exp").asLong(0));
            Instant notBefore = Instant.ofEpochSecond(body.path("nbf").asLong(0));
            List<String> audiences = new ArrayList<>();
            body.path("aud").forEach(a -> audiences.add(a.asString("")));
            JsonNode k8s = body.path("kubernetes.io");
            String namespace = k8s.path("namespace").asString("");
            String name = k8s.path("serviceaccount").path("name").asString("");
            if (!ISSUER.equals(body.path("iss").asString("")) || !now.isBefore(expires) || now.isBefore(notBefore)
                    || !audiences.contains(ISSUER) || namespace.isEmpty() || name.isEmpty()
                    || !body.path("sub").asString("").equals(USER_PREFIX + namespace + ":" + name)) {
                return Optional.empty();
            }
            Optional<BoundPod> pod = k8s.has("pod") ? Optional.of(new BoundPod(k8s.path("pod").path("name")
                    .asString(""), k8s.path("pod").path("uid").asString(""))) : Optional.empty();
            return Optional.of(new Claims(namespace, name, k8s.path("serviceaccount").path("uid").asString(""), pod,
                    audiences, Instant.ofEpochSecond(body.path("iat").asLong(0)), expires));
        } catch (GeneralSecurityException | IllegalArgumentException | JacksonException e) {
            return Optional.empty();
        }
    }
}
