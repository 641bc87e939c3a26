package io.podyard.api.validation;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Kubernetes' name and label syntax. Each check returns the problems it found, worded exactly as
 * k8s.io/apimachinery {@code pkg/util/validation} words them (v1.33), or an empty list when the value
 * is valid. Clients match on these strings, so the regex and examples in them are part of the contract.
 */
public final class Names {
    private static final String DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*";
    private static final String DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private static final String QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private static final String LABEL_VALUE_FMT = "(" + QUALIFIED_NAME_FMT + ")?";

    private static final Pattern DNS1123_LABEL = Pattern.compile(DNS1123_LABEL_FMT);
    private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(DNS1123_SUBDOMAIN_FMT);
    private static final Pattern DNS1035_LABEL = Pattern.compile(DNS1035_LABEL_FMT);
    private static final Pattern QUALIFIED_NAME = Pattern.compile(QUALIFIED_NAME_FMT);
    private static final Pattern LABEL_VALUE = Pattern.compile(LABEL_VALUE_FMT);

    private static final String DNS1123_LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case "
            + "alphanumeric characters or '-', and must start and end with an alphanumeric character";
    private static final String DNS1123_SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case "
            + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    private static final String DNS1035_LABEL_MSG = "a DNS-1035 label must consist of lower case alphanumeric "
            + "characters or '-', start with an alphabetic character, and end with an alphanumeric character";
    private static final String QUALIFIED_NAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', "
            + "and must start and end with an alphanumeric character";
    private static final String LABEL_VALUE_MSG = "a valid label must be an empty string or consist of "
            + "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

    private static final String QUALIFIED_NAME_RULE =
            regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc");

    private static final int LABEL_MAX = 63;
    private static final int SUBDOMAIN_MAX = 253;

    private Names() {}

    /** Object names of most resources, and label key prefixes. */
    public static List<String> dns1123Subdomain(String value) {
        List<String> errors = new ArrayList<>();
        if (length(value) > SUBDOMAIN_MAX) {
            errors.add(maxLength(SUBDOMAIN_MAX));
        }
        if (!DNS1123_SUBDOMAIN.matcher(value).matches()) {
            errors.add(regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, "example.com"));
        }
        return errors;
    }

    /** Namespace names and other names that become a single DNS label. */
    public static List<String> dns1123Label(String value) {
        List<String> errors = new ArrayList<>();
        if (length(value) > LABEL_MAX) {
            errors.add(maxLength(LABEL_MAX));
        }
        if (!DNS1123_LABEL.matcher(value).matches()) {
            // A valid subdomain that is not a valid label can only be wrong because of its dots.
            errors.add(DNS1123_SUBDOMAIN.matcher(value).matches()
                    ? "must not contain dots"
                    : regexError(DNS1123_LABEL_MSG, DNS1123_LABEL_FMT, "my-name", "123-abc"));
        }
        return errors;
    }

    /** Service names: a DNS label that must also start with a letter. */
    public static List<String> dns1035Label(String value) {
        List<String> errors = new ArrayList<>();
        if (length(value) > LABEL_MAX) {
            errors.add(maxLength(LABEL_MAX));
        }
        if (!DNS1035_LABEL.matcher(value).matches()) {
            errors.add(regexError(DNS1035_LABEL_MSG, DNS1035_LABEL_FMT, "my-name", "abc-123"));
        }
        return errors;
    }

    /** Label and annotation keys: an optional DNS subdomain prefix and '/', then a name of up to 63 characters. */
    public static List<String> qualifiedName(String value) {
        List<String> errors = new ArrayList<>();
        String[] parts = value.split("/", -1);
        if (parts.length > 2) {
            errors.add("a qualified name " + QUALIFIED_NAME_RULE
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
            return errors;
        }
        if (parts.length == 2) {
            String prefix = parts[0];
            if (prefix.isEmpty()) {
                errors.add("prefix part must be non-empty");
            } else {
                dns1123Subdomain(prefix).forEach(error -> errors.add("prefix part " + error));
            }
        }
        String name = parts[parts.length - 1];
        if (name.isEmpty()) {
            errors.add("name part must be non-empty");
        } else if (length(name) > LABEL_MAX) {
            errors.add("name part " + maxLength(LABEL_MAX));
        }
        if (!QUALIFIED_NAME.matcher(name).matches()) {
            errors.add("name part " + QUALIFIED_NAME_RULE);
        }
        return errors;
    }

    /** Label values: empty, or up to 63 characters with the same charset as a qualified name. */
    public static List<String> labelValue(String value) {
        List<String> errors = new ArrayList<>();
        if (length(value) > LABEL_MAX) {
            errors.add(maxLength(LABEL_MAX));
        }
        if (!LABEL_VALUE.matcher(value).matches()) {
            errors.add(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, "MyValue", "my_value", "12345"));
        }
        return errors;
    }

    // Kubernetes measures with Go's len(), which counts UTF-8 bytes, so a short non-ASCII value can
    // be "too long" there; count the same way to report the same errors.
    private static int length(String value) {
        return value.getBytes(UTF_8).length;
    }

    private static String maxLength(int max) {
        return "must be no more than " + max + " characters";
    }

    private static String regexError(String message, String regex, String... examples) {
        StringBuilder text = new StringBuilder(message).append(" (e.g. ");
        for (int i = 0; i < examples.length; i++) {
            text.append(i > 0 ? " or " : "").append('\'').append(examples[i]).append("', ");
        }
        return text.append("regex used for validation is '").append(regex).append("')").toString();
    }
}
