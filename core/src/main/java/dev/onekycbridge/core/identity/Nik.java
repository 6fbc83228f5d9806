package dev.onekycbridge.core.identity;

import dev.onekycbridge.core.validation.InvalidValueException;
import java.util.Set;

/**
 * Nomor Induk Kependudukan: the 16-digit national identity number on a KTP.
 *
 * <p>Digits 1–2 are the province, 3–4 the regency, 5–6 the district, 7–12 the date of birth as DDMMYY with
 * 40 added to the day for women, and 13–16 a serial that is never 0000.
 */
public record Nik(String value) {
    private static final String FIELD = "nik";

    /** Province codes of the Ministry of Home Affairs, including the Papua provinces formed in 2022. */
    private static final Set<String> PROVINCES = Set.of(
            "11", "12", "13", "14", "15", "16", "17", "18", "19", "21",
            "31", "32", "33", "34", "35", "36",
            "51", "52", "53",
            "61", "62", "63", "64", "65",
            "71", "72", "73", "74", "75", "76",
            "81", "82",
            "91", "92", "93", "94", "95", "96");

    public Nik {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException(FIELD, "is required");
        }
        if (value.length() != 16 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidValueException(FIELD, "must be exactly 16 digits");
        }
        if (!PROVINCES.contains(value.substring(0, 2))) {
            throw new InvalidValueException(FIELD, "does not start with a valid province code");
        }
        if (value.startsWith("00", 2) || value.startsWith("00", 4)) {
            throw new InvalidValueException(FIELD, "has an empty regency or district code");
        }
        int day = Integer.parseInt(value.substring(6, 8));
        int month = Integer.parseInt(value.substring(8, 10));
        int plainDay = day > 40 ? day - 40 : day;
        if (plainDay < 1 || plainDay > 31 || month < 1 || month > 12) {
            throw new InvalidValueException(FIELD, "does not encode a valid birth date in digits 7 to 12");
        }
        if (value.endsWith("0000")) {
            throw new InvalidValueException(FIELD, "has a serial number of 0000");
        }
    }

    /** Parses a NIK, allowing surrounding spaces of any kind ({@link Spaces}). */
    public static Nik parse(String text) {
        return new Nik(text == null ? null : Spaces.normalise(text).strip());
    }

    /** Whether the birth date encoded in the NIK is this date of birth (for a man or a woman). */
    public boolean agreesWith(DateOfBirth dateOfBirth) {
        int day = Integer.parseInt(value.substring(6, 8));
        int month = Integer.parseInt(value.substring(8, 10));
        int year = Integer.parseInt(value.substring(10, 12));
        var date = dateOfBirth.date();
        int plainDay = day > 40 ? day - 40 : day;
        return plainDay == date.getDayOfMonth() && month == date.getMonthValue() && year == date.getYear() % 100;
    }

    /** Whether the NIK marks its holder as a woman (40 added to the day of birth). */
    public boolean isFemale() {
        return Integer.parseInt(value.substring(6, 8)) > 40;
    }

    public String provinceCode() {
        return value.substring(0, 2);
    }

    /** The platform takes the NIK as a JSON number. */
    public long asNumber() {
        return Long.parseLong(value);
    }

    @Override
    public String toString() {
        return "Nik[" + Redaction.mask(value) + "]";
    }
}
