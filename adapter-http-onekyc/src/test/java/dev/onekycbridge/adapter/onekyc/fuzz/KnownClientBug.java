package dev.onekycbridge.adapter.onekyc.fuzz;

import java.util.regex.Pattern;

/**
 * Production bugs of the client that the fuzz would run into and that are still open, each pinned by a disabled
 * test in {@link KnownClientBugsTest}. The fuzz does not send an answer that matches one of these (each would
 * keep a thread busy for good) and counts it instead; delete the entry together with the {@code @Disabled} once
 * the bug is fixed. Fixed so far, and now ordinary tests there: a huge {@code Retry-After} out of OkHttp, tokens
 * that cannot be sent as a header, error items echoing personal data, quadratic backtracking over long causes,
 * upload URL lifetimes beyond the last instant.
 */
enum KnownClientBug {
    /**
     * {@code JsonTree.code} turns an integer-valued code into text with {@code BigDecimal.toBigInteger()}: a code
     * written as {@code 1e99999999} makes it build a 100-million-digit number, which keeps the calling thread busy
     * for minutes (the error envelope is read before the status decides anything, so any 4xx or 5xx will do).
     */
    ERROR_CODE_HUGE_NUMBER;

    private static final Pattern HUGE_CODE = Pattern.compile(
            "\"code[^\"]{0,3}\"\\s*:\\s*-?\\d+(?:\\.\\d+)?[eE]\\+?\\d{4,}");

    /** The open bug an answer would run into, or null. */
    static KnownClientBug wouldHang(String answer) {
        return HUGE_CODE.matcher(answer).find() ? ERROR_CODE_HUGE_NUMBER : null;
    }
}
