package dev.onekycbridge.adapter.onekyc;

import dev.onekycbridge.core.port.out.PlatformError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The errors of the platform's envelope, {@code {"success": false, "errors": [{code, cause, entity}]}}.
 *
 * <p>Every item is kept, in order, with codes the bridge does not know. A {@code code} may be a JSON string or an
 * integer (onekyc-api.md §2.1, §10.10). A body that is not JSON, or JSON without errors, yields no errors: the
 * HTTP status alone then tells what happened.
 *
 * <p>Causes are usually UPPER_SNAKE constants but sometimes free text, which could echo what we sent:
 * {@link PlatformError} withholds any value that is no constant or code.
 */
final class ErrorEnvelope {
    private static final int MAX_ERRORS = 20;
    static final String WITHHELD = PlatformError.WITHHELD;

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
    /** The platform's code of an unauthorized call or an invalid token in the headers (onekyc-api.md §2.1, §8.1). */
    static final String UNAUTHORIZED_CODE = "110";
    /** What the causes that refuse the partner user's id or its type have in common (§8.1, §8.2). */
    private static final String PARTNER_USER_ID = "PARTNER_USER_ID";
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
        String cause = JsonTree.text(item, "cause");
        if (cause == null || cause.isBlank()) {
            cause = JsonTree.text(item, "message");
        }
        PlatformError error = new PlatformError(JsonTree.code(item.get("code")), cause,
                JsonTree.text(item, "entity"));
        return error.code() == null && error.cause() == null ? null : error;
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

    /**
     * Whether these errors refuse the token in the headers: code 110, unless they refuse the onboarding partner
     * (403 {@code 110 ONBOARDING_PARTNER_DOES_NOT_BELONG_TO_CLIENT}), which no fresh token changes.
     */
    static boolean saysTokenRefused(List<PlatformError> errors) {
        return !saysOnboardingPartnerRefused(errors)
                && errors.stream().anyMatch(error -> UNAUTHORIZED_CODE.equals(error.code()));
    }

    /**
     * Whether these errors, every one of them, refuse the partner user's id or id type (e.g.
     * {@code PARTNER_USER_ID_CAN_NOT_BE_EMPTY}, {@code PARTNER_USER_ID_TYPE_CAN_NOT_BE_EMPTY}): the submission's user,
     * not the deployment's credentials or settings. One error about anything else, and they are not.
     */
    static boolean saysOnlyPartnerUserRefused(List<PlatformError> errors) {
        return !errors.isEmpty() && errors.stream().allMatch(error -> error.cause() != null
                && error.cause().contains(PARTNER_USER_ID));
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
