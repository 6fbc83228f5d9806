package dev.onekycbridge.core.identity;

import dev.onekycbridge.core.validation.InvalidValueException;
import java.util.regex.Pattern;

/** The locales the platform supports for texts shown to the user. */
public enum UserLocale {
    EN_ID("en_ID"),
    ID_ID("id_ID");

    /** A locale tag's shape ({@code en_ID}, {@code id}, {@code zh-Hant}). */
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z]{2,8}([_-][A-Za-z0-9]{2,8})?");

    private final String code;

    UserLocale(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The locale a request names, read like its other values ({@link Spaces#strip}). */
    public static UserLocale parse(String text) {
        String code = Spaces.strip(text);
        for (UserLocale locale : values()) {
            if (locale.code.equals(code)) {
                return locale;
            }
        }
        throw new InvalidValueException("userLocale", "must be en_ID or id_ID");
    }

    /**
     * Whether a key the client chose to name a locale (a consent text's) is shaped like a locale tag, supported or
     * not, and so may be repeated in an error; any other may be personal data (a NIK, a name, an e-mail address).
     * Spaces around it and zero-width characters do not count ({@link Spaces}), as in {@link #parse}.
     */
    public static boolean isShapedLike(String key) {
        return key != null && SHAPE.matcher(Spaces.strip(key)).matches();
    }
}
