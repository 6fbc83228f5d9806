package dev.onekycbridge.adapter.onekyc;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The error document S3-style object storage (the presigned uploads' Alibaba OSS) answers a refusal with:
 * {@code <Error><Code>AccessDenied</Code><Message>Request has expired.</Message>…</Error>}. Its code tells the
 * storage's own refusal from a page of something in between (a proxy, a firewall), which has none.
 *
 * <p>Read in one pass, whatever the body: it is read for every 400 of every call, and a pattern spanning from
 * each {@code <Error>} to a {@code <Code>} anywhere after it took minutes over a body made of {@code <Error>}s.
 */
final class StorageError {
    private static final String ERROR = "<Error>";
    /** How far after {@code <Error>} its code may start: the storage puts it first, a few bytes in. */
    private static final int CODE_WITHIN = 4096;
    /** Bounded, so a failed attempt backtracks over a few characters only. */
    private static final Pattern CODE = Pattern.compile("<Code>\\s{0,64}([A-Za-z0-9.]{1,64})\\s{0,64}</Code>");

    private StorageError() {
    }

    /** The storage's error code, when {@code body} is its error document. */
    static Optional<String> code(String body) {
        if (body == null) {
            return Optional.empty();
        }
        Matcher code = CODE.matcher(body);
        int codeAt = -1;
        // Both the <Error>s and the codes are searched forward only: the body is read about once.
        for (int error = body.indexOf(ERROR); error >= 0; error = body.indexOf(ERROR, error + ERROR.length())) {
            int after = error + ERROR.length();
            if (codeAt < after) {
                if (!code.find(after)) {
                    return Optional.empty();
                }
                codeAt = code.start();
            }
            if (codeAt - after <= CODE_WITHIN) {
                return Optional.of(code.group(1));
            }
        }
        return Optional.empty();
    }
}
