package io.podyard.api.validation;

/**
 * One invalid field, as Kubernetes' field.Error renders it into a StatusCause.
 *
 * @param reason FieldValueInvalid, FieldValueRequired, FieldValueDuplicate or FieldValueNotSupported
 * @param message e.g. {@code Invalid value: 70000: must be between 1 and 65535, inclusive}
 */
public record FieldError(String field, String reason, String message) {

    static FieldError required(String field) {
        return new FieldError(field, "FieldValueRequired", "Required value");
    }

    static FieldError invalid(String field, Object value, String detail) {
        return new FieldError(field, "FieldValueInvalid", "Invalid value: " + shown(value) + ": " + detail);
    }

    static FieldError forbidden(String field, String detail) {
        return new FieldError(field, "FieldValueForbidden", "Forbidden: " + detail);
    }

    static FieldError duplicate(String field, Object value) {
        return new FieldError(field, "FieldValueDuplicate", "Duplicate value: " + shown(value));
    }

    static FieldError notSupported(String field, Object value, String... supported) {
        StringBuilder sb = new StringBuilder("Unsupported value: " + shown(value) + ": supported values: ");
        for (int i = 0; i < supported.length; i++) {
            sb.append(i == 0 ? "" : ", ").append('"').append(supported[i]).append('"');
        }
        return new FieldError(field, "FieldValueNotSupported", sb.toString());
    }

    private static String shown(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }
}
