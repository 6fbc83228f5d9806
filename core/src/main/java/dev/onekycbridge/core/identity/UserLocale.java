package dev.onekycbridge.core.identity;

import dev.onekycbridge.core.validation.InvalidValueException;

/** The locales the platform supports for texts shown to the user. */
public enum UserLocale {
    EN_ID("en_ID"),
    ID_ID("id_ID");

    private final String code;

    UserLocale(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static UserLocale parse(String text) {
        for (UserLocale locale : values()) {
            if (locale.code.equals(text)) {
                return locale;
            }
        }
        throw new InvalidValueException("userLocale", "must be en_ID or id_ID");
    }
}
