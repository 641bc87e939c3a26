package io.podyard.apiserver.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /version}. kubectl compares major/minor with its own to warn about skew, so Podyard
 * reports the Kubernetes API level it implements, and says in gitVersion that it is Podyard.
 */
final class VersionInfo {
    static final String MAJOR = "1";
    static final String MINOR = "32";

    private VersionInfo() {}

    static Map<String, String> current() {
        String podyard = VersionInfo.class.getPackage().getImplementationVersion();
        Map<String, String> v = new LinkedHashMap<>();
        v.put("major", MAJOR);
        v.put("minor", MINOR);
        v.put("gitVersion", "v" + MAJOR + "." + MINOR + ".0-podyard" + (podyard == null ? "" : "." + podyard));
        v.put("gitCommit", "");
        v.put("gitTreeState", "clean");
        v.put("buildDate", "");
        v.put("goVersion", "java" + Runtime.version().feature());
        v.put("compiler", "javac");
        v.put("platform", System.getProperty("os.name").toLowerCase() + "/" + arch());
        return v;
    }

    private static String arch() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> arch;
        };
    }
}
