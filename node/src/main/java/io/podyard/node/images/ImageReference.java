package io.podyard.node.images;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A normalised image reference, {@code domain/path[:tag][@digest]}, with Docker's defaults: a name
 * without a registry is on {@code docker.io}, a one-component Docker Hub name is under
 * {@code library/}, and a reference with neither tag nor digest means {@code :latest}.
 *
 * @param domain the registry, e.g. {@code docker.io}, {@code 127.0.0.1:5000}, {@code localhost:5000}
 * @param path the repository path inside the registry, e.g. {@code library/busybox}
 * @param tag the tag, or null when the reference names a digest only
 * @param digest the manifest digest, or null when the reference names a tag only
 */
public record ImageReference(String domain, String path, String tag, Digest digest) {
    public static final String DOCKER_HUB = "docker.io";
    private static final String DOCKER_HUB_LEGACY = "index.docker.io";
    private static final String DOCKER_HUB_API = "registry-1.docker.io";
    private static final int NAME_MAX = 255;

    // The grammar of github.com/distribution/reference, written out piece by piece.
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?");
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern IMAGE_ID = Pattern.compile("[a-f0-9]{64}");

    public ImageReference {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(path, "path");
        if (tag == null && digest == null) {
            throw new IllegalArgumentException("a reference needs a tag or a digest");
        }
    }

    /** Parses and normalises {@code text}; throws {@link InvalidReferenceException} saying why not. */
    public static ImageReference parse(String text) {
        Objects.requireNonNull(text, "reference");
        if (text.isEmpty()) {
            throw new InvalidReferenceException(text, "repository name must have at least one component");
        }
        if (IMAGE_ID.matcher(text).matches()) {
            throw new InvalidReferenceException(text, "cannot specify 64-byte hexadecimal strings");
        }
        String rest = text;
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = parseDigest(text, rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            if (!TAG.matcher(tag).matches()) {
                throw new InvalidReferenceException(text, "invalid tag \"" + tag + "\"");
            }
            rest = rest.substring(0, colon);
        }
        if (rest.isEmpty()) {
            throw new InvalidReferenceException(text, "repository name must have at least one component");
        }
        String domain = DOCKER_HUB;
        String path = rest;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            String first = rest.substring(0, slash);
            // Docker's rule: the first component is a registry if it looks like a host name.
            if (first.contains(".") || first.contains(":") || first.equals("localhost")
                    || !first.toLowerCase(java.util.Locale.ROOT).equals(first)) {
                domain = first;
                path = rest.substring(slash + 1);
            }
        }
        if (domain.equals(DOCKER_HUB_LEGACY)) {
            domain = DOCKER_HUB;
        }
        if (!DOMAIN.matcher(domain).matches()) {
            throw new InvalidReferenceException(text, "invalid registry \"" + domain + "\"");
        }
        if (domain.equals(DOCKER_HUB) && path.indexOf('/') < 0) {
            path = "library/" + path;
        }
        checkPath(text, path);
        if (domain.length() + 1 + path.length() > NAME_MAX) {
            throw new InvalidReferenceException(text, "repository name must not be more than " + NAME_MAX
                    + " characters");
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
        return new ImageReference(domain, path, tag, digest);
    }

    private static Digest parseDigest(String text, String digest) {
        try {
            return Digest.parse(digest);
        } catch (IllegalArgumentException e) {
            throw new InvalidReferenceException(text, e.getMessage());
        }
    }

    private static void checkPath(String text, String path) {
        if (path.isEmpty()) {
            throw new InvalidReferenceException(text, "repository name must have at least one component");
        }
        if (!path.toLowerCase(java.util.Locale.ROOT).equals(path)) {
            throw new InvalidReferenceException(text, "repository name must be lowercase");
        }
        for (String component : path.split("/", -1)) {
            if (!PATH_COMPONENT.matcher(component).matches()) {
                throw new InvalidReferenceException(text, "invalid repository name component \"" + component
                        + "\"");
            }
        }
    }

    /** The repository, {@code domain/path}. */
    public String name() {
        return domain + "/" + path;
    }

    public Optional<String> tagName() {
        return Optional.ofNullable(tag);
    }

    public Optional<Digest> digestValue() {
        return Optional.ofNullable(digest);
    }

    /** What a manifest request names: the digest if there is one (it wins over the tag), else the tag. */
    public String manifestReference() {
        return digest != null ? digest.toString() : tag;
    }

    /** The same repository at {@code newDigest}, without a tag: how a pulled image is named by digest. */
    public ImageReference withDigestOnly(Digest newDigest) {
        return new ImageReference(domain, path, null, newDigest);
    }

    /** The host serving the registry API (Docker Hub's API is not at docker.io itself). */
    public String registryHost() {
        return domain.equals(DOCKER_HUB) ? DOCKER_HUB_API : domain;
    }

    /**
     * Whether the registry is on this machine ({@code localhost}, 127.0.0.0/8, {@code [::1]}), which
     * Docker, and Podyard, talk to over plain HTTP.
     */
    public boolean isLoopback() {
        return isLoopbackHost(domain);
    }

    /** Whether a {@code host[:port]} names this machine. */
    public static boolean isLoopbackHost(String hostAndPort) {
        String host = hostAndPort;
        if (host.startsWith("[")) {
            return host.startsWith("[::1]");
        }
        int colon = host.indexOf(':');
        if (colon >= 0) {
            host = host.substring(0, colon);
        }
        return host.equals("localhost") || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    /** The short form Docker prints: {@code busybox:latest} for {@code docker.io/library/busybox:latest}. */
    public String familiar() {
        String name = name();
        if (domain.equals(DOCKER_HUB)) {
            name = path.startsWith("library/") && path.indexOf('/', 8) < 0 ? path.substring(8) : path;
        }
        return name + suffix();
    }

    private String suffix() {
        return (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }

    /** The canonical form: {@code docker.io/library/busybox:latest}. */
    @Override
    public String toString() {
        return name() + suffix();
    }
}
