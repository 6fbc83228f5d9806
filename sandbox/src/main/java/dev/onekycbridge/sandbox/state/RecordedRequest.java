package dev.onekycbridge.sandbox.state;

import java.time.Instant;
import java.util.Map;

/**
 * A platform request as the sandbox received it, with secrets and personal values already masked.
 *
 * @param sequence   order of arrival, from 1
 * @param at         arrival time
 * @param method     HTTP method
 * @param path       path without the query (and without the host prefix it came in through)
 * @param query      raw query string, masked; null if none
 * @param headers    lower-case names to (masked) values
 * @param body       masked JSON text, a description of binary content, or null when empty
 * @param bodyIsJson whether {@code body} is JSON text
 * @param status     the status answered, or null if the connection was reset without an answer
 * @param host       the host prefix it came in through ({@code esign-token}, {@code coe-token}, {@code gateway}),
 *                   or null for the plain base URL
 */
public record RecordedRequest(long sequence, Instant at, String method, String path, String query,
        Map<String, String> headers, String body, boolean bodyIsJson, Integer status, String host) {

    public RecordedRequest {
        headers = Map.copyOf(headers);
    }
}
