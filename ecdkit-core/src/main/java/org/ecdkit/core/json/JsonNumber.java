package org.ecdkit.core.json;

import java.math.BigDecimal;

/**
 * A JSON number, kept exactly as written so that range checks never round and never expand a
 * huge exponent into a huge integer.
 *
 * @param value          the exact value
 * @param integerLiteral whether it was written without fraction or exponent ({@code 100}, not
 *                       {@code 100.0} or {@code 1e2})
 */
public record JsonNumber(BigDecimal value, boolean integerLiteral, TextPosition position) implements JsonValue {

    public static JsonNumber of(long value) {
        return new JsonNumber(BigDecimal.valueOf(value), true, TextPosition.NONE);
    }

    public static JsonNumber of(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("JSON has no " + value);
        }
        if (value == Math.rint(value) && Math.abs(value) < 0x1p53) {
            // 255.0 and 255 are the same JSON number; people read the shorter one.
            return of((long) value);
        }
        return new JsonNumber(BigDecimal.valueOf(value), false, TextPosition.NONE);
    }

    /** Whether the value lies in [min, max], compared without expanding it. */
    public boolean isBetween(long min, long max) {
        return value.compareTo(BigDecimal.valueOf(min)) >= 0 && value.compareTo(BigDecimal.valueOf(max)) <= 0;
    }

    @Override
    public String describe() {
        String text = value.toString();
        return text.length() > 24 ? text.substring(0, 21) + "..." : text;
    }

    /** Equal when numerically equal (1, 1.0 and 1e0 are one JSON number), wherever read. */
    @Override
    public boolean equals(Object other) {
        return other instanceof JsonNumber that && value.compareTo(that.value) == 0;
    }

    @Override
    public int hashCode() {
        return value.signum() == 0 ? 0 : value.stripTrailingZeros().hashCode();
    }
}
