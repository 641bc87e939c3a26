package io.podyard.node.sandbox;

import java.util.ArrayList;
import java.util.List;

/** The parts of a resolv.conf a pod gets: nameservers, search domains and options, in order. */
public record ResolvConf(List<String> nameservers, List<String> searches, List<String> options) {
    public static final ResolvConf EMPTY = new ResolvConf(List.of(), List.of(), List.of());

    public ResolvConf {
        nameservers = List.copyOf(nameservers);
        searches = List.copyOf(searches);
        options = List.copyOf(options);
    }

    /**
     * Reads a resolv.conf as kubelet does: every nameserver line, the last search (or domain)
     * line, every options line; comments and unknown lines are skipped.
     */
    public static ResolvConf parse(String content) {
        List<String> nameservers = new ArrayList<>();
        List<String> searches = new ArrayList<>();
        List<String> options = new ArrayList<>();
        for (String raw : content.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            String[] fields = line.split("\\s+");
            switch (fields[0]) {
                case "nameserver" -> {
                    if (fields.length > 1) {
                        nameservers.add(fields[1]);
                    }
                }
                case "search", "domain" -> {
                    searches.clear();
                    for (int i = 1; i < fields.length; i++) {
                        searches.add(trimDot(fields[i]));
                    }
                }
                case "options" -> {
                    for (int i = 1; i < fields.length; i++) {
                        options.add(fields[i]);
                    }
                }
                default -> {
                    // sortlist and the like do not carry over into pods.
                }
            }
        }
        return new ResolvConf(nameservers, searches, options);
    }

    private static String trimDot(String domain) {
        return domain.endsWith(".") && domain.length() > 1 ? domain.substring(0, domain.length() - 1) : domain;
    }

    /** The file's text; empty sections are left out, as kubelet writes it. */
    public String render() {
        StringBuilder out = new StringBuilder();
        for (String nameserver : nameservers) {
            out.append("nameserver ").append(nameserver).append('\n');
        }
        if (!searches.isEmpty()) {
            out.append("search ").append(String.join(" ", searches)).append('\n');
        }
        if (!options.isEmpty()) {
            out.append("options ").append(String.join(" ", options)).append('\n');
        }
        return out.toString();
    }
}
