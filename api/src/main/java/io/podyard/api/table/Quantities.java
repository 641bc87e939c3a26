package io.podyard.api.table;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;

/**
 * resource.Quantity's canonical text, as a printer's {@code q.String()} writes it: "1.5Gi" prints
 * "1536Mi", "1000m" prints "1", "0.5" prints "500m". Kubernetes stores quantities parsed, so a
 * table never shows the spelling a client wrote.
 */
final class Quantities {
    private enum Format { DECIMAL_SI, BINARY_SI, DECIMAL_EXPONENT }

    private static final Map<String, Integer> DECIMAL = Map.of(
            "n", -9, "u", -6, "m", -3, "", 0, "k", 3, "M", 6, "G", 9, "T", 12, "P", 15, "E", 18);
    private static final Map<String, Integer> BINARY = Map.of("Ki", 10, "Mi", 20, "Gi", 30, "Ti", 40, "Pi", 50, "Ei", 60);
    private static final BigDecimal MAX_BINARY = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final BigInteger KI = BigInteger.valueOf(1024);

    private Quantities() {}

    /** The canonical form of {@code text}; text that is no quantity is returned as it is. */
    static String canonical(String text) {
        return parse(text) instanceof Parsed p ? format(p.amount(), p.format()) : text;
    }

    private record Parsed(BigDecimal amount, Format format) {}

    private static Parsed parse(String text) {
        int pos = 0;
        int end = text.length();
        if (end == 0) {
            return null;
        }
        boolean negative = text.charAt(0) == '-';
        if (negative || text.charAt(0) == '+') {
            pos++;
        }
        int numStart = pos;
        while (pos < end && isDigit(text.charAt(pos))) {
            pos++;
        }
        String num = text.substring(numStart, pos);
        String denom = "";
        if (pos < end && text.charAt(pos) == '.') {
            int denomStart = ++pos;
            while (pos < end && isDigit(text.charAt(pos))) {
                pos++;
            }
            denom = text.substring(denomStart, pos);
        }
        String suffix = text.substring(pos);
        BigDecimal amount = new BigDecimal((num.isEmpty() ? "0" : num) + (denom.isEmpty() ? "" : "." + denom));
        Format format;
        if (DECIMAL.containsKey(suffix)) {
            format = Format.DECIMAL_SI;
            amount = amount.scaleByPowerOfTen(DECIMAL.get(suffix));
        } else if (BINARY.containsKey(suffix)) {
            format = Format.BINARY_SI;
            amount = amount.multiply(new BigDecimal(BigInteger.TWO.pow(BINARY.get(suffix))));
        } else if (suffix.length() > 1 && (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E')
                && suffix.substring(1).matches("[+-]?[0-9]+")) {
            format = Format.DECIMAL_EXPONENT;
            try {
                amount = amount.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
            } catch (NumberFormatException | ArithmeticException e) {
                return null;
            }
        } else {
            return null;
        }
        // Anything finer than a nano rounds up to one: asking for a little gets a little.
        if (amount.signum() != 0) {
            amount = amount.setScale(9, RoundingMode.UP);
        }
        if (format == Format.BINARY_SI && amount.compareTo(MAX_BINARY) > 0) {
            amount = MAX_BINARY;
        }
        if (format == Format.BINARY_SI && amount.compareTo(BigDecimal.ONE) < 0 && amount.signum() > 0) {
            format = Format.DECIMAL_SI;
        }
        return new Parsed(negative ? amount.negate() : amount, format);
    }

    private static String format(BigDecimal amount, Format requested) {
        if (amount.signum() == 0) {
            return "0";
        }
        Format format = requested;
        if (format == Format.BINARY_SI
                && (amount.abs().compareTo(BigDecimal.valueOf(1024)) < 0 || amount.stripTrailingZeros().scale() > 0)) {
            // Small or fractional binary amounts print in decimal rather than round.
            format = Format.DECIMAL_SI;
        }
        if (format == Format.BINARY_SI) {
            BigInteger value = amount.toBigIntegerExact();
            int exponent = 0;
            while (value.mod(KI).signum() == 0) {
                value = value.divide(KI);
                exponent += 10;
            }
            return value + suffix(BINARY, exponent);
        }
        BigDecimal stripped = amount.stripTrailingZeros();
        BigInteger mantissa = stripped.unscaledValue();
        int exponent = -stripped.scale();
        while (Math.floorMod(exponent, 3) != 0) {
            mantissa = mantissa.multiply(BigInteger.TEN);
            exponent--;
        }
        if (format == Format.DECIMAL_EXPONENT) {
            return mantissa + (exponent == 0 ? "" : "e" + exponent);
        }
        return mantissa + suffix(DECIMAL, exponent);
    }

    /** The suffix for an exponent; Go writes none when there is no such suffix, and so do we. */
    private static String suffix(Map<String, Integer> suffixes, int exponent) {
        for (Map.Entry<String, Integer> entry : suffixes.entrySet()) {
            if (entry.getValue() == exponent) {
                return entry.getKey();
            }
        }
        return "";
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
