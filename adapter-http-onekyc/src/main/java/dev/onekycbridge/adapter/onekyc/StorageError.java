package dev.onekycbridge.adapter.onekyc;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The error document S3-style object storage (the presigned uploads' Alibaba OSS) answers a refusal with:
 * {@code <Error><Code>AccessDenied</Code><Message>Request has expired.</Message>…</Error>}. Its code tells the
 * storage's own refusal from a page of something in between (a proxy, a firewall), which has none.
 */
final class StorageError {
    private static final Pattern CODE = Pattern.compile("<Error>.*?<Code>\\s*([A-Za-z0-9.]+)\\s*</Code>",
            Pattern.DOTALL);

    private StorageError() {
    }

    /** The storage's error code, when {@code body} is its error document. */
    static Optional<String> code(String body) {
        if (body == null) {
            return Optional.empty();
        }
        Matcher matcher = CODE.matcher(body);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
