package dev.onekycbridge.adapter.onekyc.fuzz;

import java.util.Arrays;
import java.util.List;

/**
 * Production bugs the client fuzz has found, each pinned by a disabled test in {@link KnownClientBugsTest}. The
 * fuzz counts an outcome that matches one of these instead of failing on it, so that it keeps looking for new
 * ones; delete the entry together with the {@code @Disabled} once the bug is fixed.
 */
enum KnownClientBug {
    /**
     * OkHttp's RetryAndFollowUpInterceptor reads a numeric {@code Retry-After} of a 503 with
     * {@code Integer.valueOf}; a value above 2^31-1 throws NumberFormatException out of the client, which
     * {@code CallRunner.exchange} does not catch (it catches IOException only).
     */
    RETRY_AFTER_OVERFLOW,
    /**
     * A token answer whose token holds a character OkHttp refuses in a header: the next call throws
     * IllegalArgumentException out of the client, and its message quotes the token.
     */
    TOKEN_NOT_A_HEADER_VALUE,
    /**
     * {@code ErrorEnvelope.safe} passes digit-only values unmasked (they match its CONSTANT pattern) and free
     * text without digits or e-mail addresses (a name): an error item's code, cause or entity that is a NIK, a
     * phone number or a name goes into the PlatformException's message.
     */
    ERROR_ITEM_ECHOED,
    /**
     * {@code ErrorEnvelope.safe} runs its e-mail pattern {@code [^\\s@"'<>]+@[^\\s@"'<>]+} over the whole free
     * text before cutting it to 200 characters: on a long cause (or code, entity, message) without an {@code @}
     * the backtracking is quadratic, so 65 kB takes seconds and 300 kB keeps a client thread busy for minutes.
     * The fuzz does not send such answers (see {@link #wouldHang}): each would stall a thread for good.
     */
    ERROR_TEXT_BACKTRACKING,
    /**
     * {@code OneKycClient.uploadUrls} adds {@code expiryInSeconds} to the clock's instant unchecked: a lifetime
     * beyond the last Instant throws ArithmeticException or DateTimeException out of requestUploadUrls.
     */
    UPLOAD_EXPIRY_OVERFLOW;

    private static final java.util.regex.Pattern LONG_ERROR_TEXT = java.util.regex.Pattern.compile(
            "\"(?:code|cause|entity|message)[^\"]{0,3}\"\\s*:\\s*\"[^\"@]{1000}");

    /** Whether an answer holds an error text long enough to hit {@link #ERROR_TEXT_BACKTRACKING}. */
    static boolean wouldHang(String answer) {
        return LONG_ERROR_TEXT.matcher(answer).find();
    }

    static KnownClientBug matching(Throwable error, String message, List<String> leaks) {
        if (error instanceof NumberFormatException && Arrays.stream(error.getStackTrace())
                .anyMatch(frame -> frame.getClassName().equals("okhttp3.internal.http.RetryAndFollowUpInterceptor")
                        && frame.getMethodName().equals("retryAfter"))) {
            return RETRY_AFTER_OVERFLOW;
        }
        if ((error instanceof ArithmeticException || error instanceof java.time.DateTimeException)
                && Arrays.stream(error.getStackTrace()).anyMatch(frame -> frame.getMethodName().equals("uploadUrls")
                        && frame.getClassName().equals("dev.onekycbridge.adapter.onekyc.OneKycClient"))) {
            return UPLOAD_EXPIRY_OVERFLOW;
        }
        if (error instanceof IllegalArgumentException && error.getMessage() != null
                && error.getMessage().contains("in x-onekyc-token value")) {
            return TOKEN_NOT_A_HEADER_VALUE;
        }
        if (message != null && !leaks.isEmpty() && error instanceof dev.onekycbridge.core.port.out.PlatformException) {
            int open = message.indexOf(" [");
            int close = message.lastIndexOf(']');
            String summary = open >= 0 && close > open ? message.substring(open, close + 1) : "";
            String outside = open >= 0 && close > open ? message.substring(0, open) + message.substring(close + 1)
                    : message;
            boolean onlyInSummary = JsonMutator.PII_LIKE.stream().noneMatch(outside::contains)
                    && !outside.matches("(?s).*\\d{6,}.*") && !outside.contains("@");
            if (!summary.isEmpty() && onlyInSummary) {
                return ERROR_ITEM_ECHOED;
            }
        }
        return null;
    }
}
