package io.podyard.node.images;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A content digest, {@code algorithm:hex}, as the OCI image spec defines it. Only the algorithms
 * this node can verify are accepted (sha256, sha512), each with its exact hex length, so a digest
 * that parses can always be checked and used as a file name.
 */
public record Digest(String algorithm, String hex) implements Comparable<Digest> {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]+");

    public Digest {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(hex, "hex");
        int length = switch (algorithm) {
            case "sha256" -> 64;
            case "sha512" -> 128;
            default -> throw new IllegalArgumentException("unsupported digest algorithm \"" + algorithm + "\"");
        };
        if (hex.length() != length || !HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("invalid " + algorithm + " digest: want " + length
                    + " lowercase hex characters, got \"" + hex + "\"");
        }
    }

    /** Parses {@code sha256:<64 hex>}; throws {@link IllegalArgumentException} saying what is wrong. */
    public static Digest parse(String text) {
        Objects.requireNonNull(text, "digest");
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("invalid digest \"" + text + "\": want algorithm:hex");
        }
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    public static Digest sha256(byte[] content) {
        return of(hasher("sha256").digest(content), "sha256");
    }

    public static Digest sha256(String content) {
        return sha256(content.getBytes(StandardCharsets.UTF_8));
    }

    /** A fresh hasher for this digest's algorithm. */
    public MessageDigest newHasher() {
        return hasher(algorithm);
    }

    /** Whether {@code hasher} (fed the whole content) produced this digest. */
    public boolean matches(MessageDigest hasher) {
        return hex.equals(HexFormat.of().formatHex(hasher.digest()));
    }

    static Digest of(byte[] sum, String algorithm) {
        return new Digest(algorithm, HexFormat.of().formatHex(sum));
    }

    /** The digest of what {@code hasher} was fed. */
    public static Digest of(MessageDigest hasher) {
        String algorithm = switch (hasher.getAlgorithm()) {
            case "SHA-256" -> "sha256";
            case "SHA-512" -> "sha512";
            default -> throw new IllegalArgumentException("unsupported hasher " + hasher.getAlgorithm());
        };
        return of(hasher.digest(), algorithm);
    }

    public static MessageDigest sha256Hasher() {
        return hasher("sha256");
    }

    private static MessageDigest hasher(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm.equals("sha256") ? "SHA-256" : "SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has " + algorithm, e);
        }
    }

    /** The first 12 hex characters, as {@code docker images} shows an image ID. */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    @Override
    public int compareTo(Digest other) {
        return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }
}
