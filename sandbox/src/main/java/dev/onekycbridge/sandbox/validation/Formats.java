package dev.onekycbridge.sandbox.validation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Set;
import java.util.regex.Pattern;

/** The field formats the published API states. */
public final class Formats {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern PHONE_DIGITS = Pattern.compile("^62[0-9]{9,13}$");
    private static final DateTimeFormatter DD_MM_YYYY =
            DateTimeFormatter.ofPattern("dd-MM-uuuu").withResolverStyle(ResolverStyle.STRICT);
    private static final long SIXTEEN_DIGITS_MIN = 1_000_000_000_000_000L;
    private static final long SIXTEEN_DIGITS_MAX = 9_999_999_999_999_999L;
    private static final Set<String> LOCALES = Set.of("en_ID", "id_ID");

    private Formats() {
    }

    public static boolean isEmail(String value) {
        return value != null && value.length() <= 254 && EMAIL.matcher(value).matches();
    }

    /** {@code 62…}: digits only, 11–15 characters counting the 62, as the SIV page states it (§7.1). */
    public static boolean isPhone(String value) {
        return value != null && PHONE_DIGITS.matcher(value).matches();
    }

    /** {@link #isPhone} or the same with a leading {@code +}: the CERT_REG confirm's two published forms (§10.13). */
    public static boolean isPhoneWithOptionalPlus(String value) {
        return value != null && isPhone(value.startsWith("+") ? value.substring(1) : value);
    }

    /** A real calendar date written DD-MM-YYYY, not in the future and not before 1900. */
    public static boolean isBirthDate(String value, LocalDate today) {
        if (value == null) {
            return false;
        }
        try {
            LocalDate date = LocalDate.parse(value, DD_MM_YYYY);
            return !date.isAfter(today) && date.getYear() >= 1900;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** A NIK as the confirm schema has it: a JSON integer of exactly 16 digits (a string is refused). */
    public static boolean isNikNumber(Object value) {
        long number;
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            number = ((Number) value).longValue();
        } else if (value instanceof BigInteger big && big.bitLength() < 64) {
            number = big.longValue();
        } else if (value instanceof BigDecimal decimal && decimal.stripTrailingZeros().scale() <= 0) {
            number = decimal.longValue();
        } else {
            return false;
        }
        return number >= SIXTEEN_DIGITS_MIN && number <= SIXTEEN_DIGITS_MAX;
    }

    /** False for null: a locale sent as a number or an object reaches here as null (Set.of refuses null). */
    public static boolean isLocale(String value) {
        return value != null && LOCALES.contains(value);
    }

    public static boolean isHttpUrl(String value) {
        if (value == null) {
            return false;
        }
        try {
            URI uri = new URI(value);
            // Schemes are case-insensitive (RFC 3986 §3.1).
            return uri.isAbsolute() && uri.getHost() != null
                    && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
