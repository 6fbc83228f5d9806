package dev.onekycbridge.adapter.web;

/**
 * What an idempotency key may be, wherever a registration takes one: the partner API's {@code Idempotency-Key}
 * header and the command line's {@code --idempotency-key}. A key is stored and compared as it is, so it is kept to
 * what every client sends alike.
 */
public final class IdempotencyKey {
    /** The longest key taken. */
    public static final int MAX_LENGTH = 255;
    /** The rule, as an error states it after the name of what carried the key (never the key: it may be anything). */
    public static final String RULE = "must be 1 to " + MAX_LENGTH + " visible ASCII characters";

    private IdempotencyKey() {
    }

    public static boolean isValid(String key) {
        return !key.isEmpty() && key.length() <= MAX_LENGTH && key.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }
}
