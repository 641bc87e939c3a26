package io.podyard.apiserver.rest;

import java.util.Map;

/** Query parameters of list and watch requests, parsed with Kubernetes' rules and errors. */
public final class Queries {
    private Queries() {}

    static int intParam(Map<String, String> query, String name, int fallback) {
        String v = query.get(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid value for " + name + ": " + v);
        }
    }

    /** A resourceVersion parameter as a revision; 0 when absent or "0" (any recent state). */
    static long revision(Map<String, String> query) {
        String v = query.get("resourceVersion");
        if (v == null || v.isEmpty()) {
            return 0;
        }
        try {
            long rev = Long.parseLong(v);
            if (rev < 0) {
                throw new NumberFormatException();
            }
            return rev;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid resource version: " + v);
        }
    }

    /**
     * The revision a list reads at. Lists are always served from the store, current unless
     * resourceVersionMatch=Exact names a past revision (or a continue token carries one).
     */
    static long listRevision(Map<String, String> query) {
        long rev = revision(query);
        return "Exact".equals(query.get("resourceVersionMatch")) ? rev : 0;
    }

    /**
     * A boolean parameter as apimachinery converts it: absent, "0" and "false" in any case are false,
     * anything else (the Python client's "True", an empty value) is true.
     */
    public static boolean flag(Map<String, String> query, String name) {
        String v = query.get(name);
        return v != null && !v.equals("0") && !v.equalsIgnoreCase("false");
    }
}
