package io.podyard.store;

import java.time.Duration;

/** Validation of keys, prefixes and values shared by every implementation. */
public final class Keys {

    /** Largest value accepted: etcd's request limit as Kubernetes deployments configure it. */
    public static final int MAX_VALUE_BYTES = 3 * 1024 * 1024;

    /** Largest key accepted, in bytes (keys are ASCII). */
    public static final int MAX_KEY_BYTES = 4096;

    private Keys() {}

    /** Checks a key: under the store prefix, not just the prefix, printable ASCII, not too long. */
    public static String checkKey(String storePrefix, String key) {
        checkText("key", storePrefix, key);
        if (key.length() == storePrefix.length()) {
            throw new InvalidRequestException("key must name something under " + storePrefix);
        }
        return key;
    }

    /** Checks a range or watch prefix: under (or equal to) the store prefix, printable ASCII. */
    public static String checkPrefix(String storePrefix, String prefix) {
        checkText("prefix", storePrefix, prefix);
        return prefix;
    }

    public static byte[] checkValue(byte[] value) {
        if (value == null) {
            throw new InvalidRequestException("value must not be null");
        }
        if (value.length > MAX_VALUE_BYTES) {
            throw new InvalidRequestException("value is " + value.length + " bytes; the limit is "
                    + MAX_VALUE_BYTES);
        }
        return value;
    }

    /** Checks an optional time to live: null (none) or at least one second. */
    public static Duration checkTtl(Duration ttl) {
        if (ttl != null && ttl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new InvalidRequestException("ttl must be at least 1s, got " + ttl);
        }
        return ttl;
    }

    public static int checkLimit(int limit) {
        if (limit < 0) {
            throw new InvalidRequestException("limit must not be negative, got " + limit);
        }
        return limit;
    }

    public static long checkRevision(long revision) {
        if (revision < 0) {
            throw new InvalidRequestException("revision must not be negative, got " + revision);
        }
        return revision;
    }

    /** The smallest string greater than every string starting with {@code prefix}. */
    public static String prefixEnd(String prefix) {
        // Keys are printable ASCII, so bumping the last character never overflows into another char.
        char last = prefix.charAt(prefix.length() - 1);
        return prefix.substring(0, prefix.length() - 1) + (char) (last + 1);
    }

    /** The smallest string greater than {@code key}: where a page that ended at {@code key} resumes. */
    public static String successor(String key) {
        return key + '\0';
    }

    private static void checkText(String what, String storePrefix, String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidRequestException(what + " must not be empty");
        }
        if (!text.startsWith(storePrefix)) {
            throw new InvalidRequestException(what + " '" + abbreviate(text) + "' is not under the store prefix "
                    + storePrefix);
        }
        if (text.length() > MAX_KEY_BYTES) {
            throw new InvalidRequestException(what + " is " + text.length() + " bytes; the limit is "
                    + MAX_KEY_BYTES);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new InvalidRequestException(what + " '" + abbreviate(text)
                        + "' must be printable ASCII without spaces; found 0x" + Integer.toHexString(c)
                        + " at " + i);
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
