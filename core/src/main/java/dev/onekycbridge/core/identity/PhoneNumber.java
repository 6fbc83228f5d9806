package dev.onekycbridge.core.identity;

import dev.onekycbridge.core.validation.InvalidValueException;

/**
 * An Indonesian mobile number in the platform's form: {@code 62} followed by the number without its leading
 * zero, 11 to 15 digits in all. {@code 08…}, {@code +62…} and {@code 62…} are accepted, with spaces (of any kind,
 * {@link Spaces}) or dashes.
 */
public record PhoneNumber(String value) {
    private static final String FIELD = "phoneNumber";

    public PhoneNumber {
        if (value == null || !value.startsWith("628") || value.length() < 11 || value.length() > 15
                || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidValueException(FIELD,
                    "must be an Indonesian mobile number: 08…, +62… or 62…, 11 to 15 digits with the 62");
        }
    }

    public static PhoneNumber parse(String text) {
        if (Spaces.isBlank(text)) {
            throw new InvalidValueException(FIELD, "is required");
        }
        String digits = Spaces.normalise(text).strip().replace(" ", "").replace("-", "");
        if (digits.startsWith("+")) {
            digits = digits.substring(1);
        } else if (digits.startsWith("0")) {
            digits = "62" + digits.substring(1);
        }
        return new PhoneNumber(digits);
    }

    @Override
    public String toString() {
        return "PhoneNumber[" + Redaction.mask(value) + "]";
    }
}
