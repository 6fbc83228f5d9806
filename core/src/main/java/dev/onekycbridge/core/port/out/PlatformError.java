package dev.onekycbridge.core.port.out;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * One error item of the platform's envelope: its code (kept as text), cause and, if given, entity.
 *
 * <p>Causes and entities are usually UPPER_SNAKE constants, but sometimes free text, which may echo what was sent
 * (a name, a NIK, a phone number), and no pattern can tell a name from an ordinary word. Whichever client builds
 * the error, a value that is no constant (or, for the code, no code) is therefore {@link #WITHHELD} here: the
 * error goes into exception messages, the log and a submission's plain-text history. A blank value is absent.
 */
public record PlatformError(String code, String cause, String entity) {
    public static final String WITHHELD = "(free text withheld)";
    /**
     * An error constant: UPPER_SNAKE, e.g. {@code SUBMISSION_STATE_CONFLICT}; never with a long digit run, which
     * could be a NIK or a phone number the constant was built around.
     */
    private static final Pattern CONSTANT = Pattern.compile("(?!.*\\d{7})[A-Z][A-Z0-9_]{0,99}");
    /** An error code: a short token such as {@code 1539} or {@code OKYC-7777}, never a long digit run. */
    private static final Pattern CODE = Pattern.compile("(?!.*\\d{7})[A-Za-z0-9][A-Za-z0-9_.:-]{0,31}");
    /** Free-text causes the platform's pages publish; they hold nothing of ours. */
    private static final Set<String> PUBLISHED_FREE_TEXT = Set.of("Unknown error processing the request");

    public PlatformError {
        code = shown(code, CODE);
        cause = shown(cause, CONSTANT);
        entity = shown(entity, CONSTANT);
    }

    private static String shown(String text, Pattern allowed) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String trimmed = text.strip();
        if (PUBLISHED_FREE_TEXT.contains(trimmed)) {
            return trimmed;
        }
        return allowed.matcher(trimmed).matches() ? trimmed : WITHHELD;
    }

    @Override
    public String toString() {
        return code + " " + cause;
    }
}
