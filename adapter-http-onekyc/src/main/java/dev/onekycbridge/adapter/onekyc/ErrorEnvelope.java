package dev.onekycbridge.adapter.onekyc;

import dev.onekycbridge.core.port.out.PlatformError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The errors of the platform's envelope, {@code {"success": false, "errors": [{code, cause, entity}]}}.
 *
 * <p>Every item is kept, in order, with codes the bridge does not know. A {@code code} may be a JSON string or an
 * integer (onekyc-api.md §2.1, §10.10). A body that is not JSON, or JSON without errors, yields no errors: the
 * HTTP status alone then tells what happened.
 *
 * <p>Causes are usually UPPER_SNAKE constants but sometimes free text, which could echo what we sent; free text
 * has e-mail addresses and long digit runs masked before it goes into an exception.
 */
final class ErrorEnvelope {
    private static final int MAX_ERRORS = 20;
    /**
     * An error constant: UPPER_SNAKE, e.g. {@code SUBMISSION_STATE_CONFLICT}; never with a long digit run, which
     * could be a NIK or a phone number the constant was built around.
     */
    private static final Pattern CONSTANT = Pattern.compile("(?!.*\\d{7})[A-Z][A-Z0-9_]{0,99}");
    /** An error code: a short token such as {@code 1539} or {@code OKYC-7777}, never a long digit run. */
    private static final Pattern CODE = Pattern.compile("(?!.*\\d{7})[A-Za-z0-9][A-Za-z0-9_.:-]{0,31}");
    /** Free-text causes the platform's pages publish; they hold nothing of ours. */
    private static final Set<String> PUBLISHED_FREE_TEXT = Set.of("Unknown error processing the request");
    static final String WITHHELD = "(free text withheld)";

    /** Codes and causes that mean "there is nothing under this user or id", not "you did something wrong". */
    private static final Set<String> NOT_FOUND_CODES = Set.of("1514", "1518", "1519", "1543", "1552");
    /**
     * Causes that refuse the deployment's onboarding partner rather than the request: a partner that is not the
     * client's (403, §6.3, §7.1), one not valid for the flow (400 {@code INVALID_PARTNER}, §7.1), or none taken
     * from the header or token (400 1650 / 1539, §6.4, §8). Every submission sent with that setting gets them.
     */
    static final Set<String> PARTNER_SETTING_CAUSES = Set.of("ONBOARDING_PARTNER_DOES_NOT_BELONG_TO_CLIENT",
            "INVALID_PARTNER", "ESIGN_PARTNER_CAN_NOT_BE_EMPTY", "ESIGN_ONBOARDING_PARTNER_CAN_NOT_BE_EMPTY",
            "COE_PARTNER_CAN_NOT_BE_EMPTY");
    /** The cause of a 429 that no retry helps: the user has used up their submission attempts. */
    static final String SUBMISSION_QUOTA_EXCEEDED = "SUBMISSION_QUOTA_EXCEEDED";

    private ErrorEnvelope() {
    }

    static List<PlatformError> parse(String body) {
        Map<String, Object> envelope = JsonTree.parseObjectOrNull(body);
        if (envelope == null) {
            return List.of();
        }
        Object errors = envelope.get("errors");
        List<PlatformError> parsed = new ArrayList<>();
        if (errors instanceof List<?> items) {
            for (Object item : items) {
                PlatformError error = error(JsonTree.object(item));
                if (error != null && parsed.size() < MAX_ERRORS) {
                    parsed.add(error);
                }
            }
        } else if (JsonTree.object(errors) != null) {
            addIfPresent(parsed, error(JsonTree.object(errors)));
        } else if (JsonTree.object(envelope, "error") != null) {
            addIfPresent(parsed, error(JsonTree.object(envelope, "error")));
        } else if (envelope.containsKey("code") && envelope.containsKey("cause")) {
            addIfPresent(parsed, error(envelope));
        }
        return List.copyOf(parsed);
    }

    private static void addIfPresent(List<PlatformError> errors, PlatformError error) {
        if (error != null) {
            errors.add(error);
        }
    }

    private static PlatformError error(Map<String, Object> item) {
        if (item == null) {
            return null;
        }
        String code = JsonTree.code(item.get("code"));
        String cause = safe(JsonTree.text(item, "cause"), CONSTANT);
        if (cause == null) {
            cause = safe(JsonTree.text(item, "message"), CONSTANT);
        }
        String entity = safe(JsonTree.text(item, "entity"), CONSTANT);
        if (code == null && cause == null) {
            return null;
        }
        return new PlatformError(code == null ? null : safe(code, CODE), cause, entity);
    }

    /**
     * Constants pass unchanged; anything else is withheld. Free text may echo what we sent (a name, a NIK, a
     * phone number), and no pattern can tell a name from an ordinary word, so none of it goes into an exception.
     */
    static String safe(String text, Pattern allowed) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String trimmed = text.strip();
        if (PUBLISHED_FREE_TEXT.contains(trimmed)) {
            return trimmed;
        }
        return trimmed.length() <= 100 && allowed.matcher(trimmed).matches() ? trimmed : WITHHELD;
    }

    /** Whether these errors say that the platform holds no submission for the user or id. */
    static boolean saysNotFound(List<PlatformError> errors) {
        return errors.stream().anyMatch(error -> (error.code() != null && NOT_FOUND_CODES.contains(error.code()))
                || (error.cause() != null && (error.cause().contains("NOT_FOUND")
                        || error.cause().contains("DOES_NOT_EXIST"))));
    }

    /** Whether these errors refuse the deployment's onboarding partner setting (see PARTNER_SETTING_CAUSES). */
    static boolean saysOnboardingPartnerRefused(List<PlatformError> errors) {
        return errors.stream().anyMatch(error -> error.cause() != null
                && PARTNER_SETTING_CAUSES.contains(error.cause()));
    }

    /** Whether these errors say that the user's submission attempts are exhausted. */
    static boolean saysQuotaExceeded(List<PlatformError> errors) {
        return errors.stream().anyMatch(error -> SUBMISSION_QUOTA_EXCEEDED.equals(error.cause()));
    }

    /** A short summary for an exception message: codes and causes only. */
    static String summary(List<PlatformError> errors) {
        return errors.isEmpty() ? "" : " " + errors;
    }
}
