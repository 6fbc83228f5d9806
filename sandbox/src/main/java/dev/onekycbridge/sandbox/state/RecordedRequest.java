package dev.onekycbridge.sandbox.state;

import java.time.Instant;
import java.util.Map;

/**
 * A platform request as the sandbox received it, with secrets and personal values already masked.
 *
 * @param sequence   order of arrival, from 1
 * @param at         arrival time
 * @param method     HTTP method
 * @param path       path without the query
 * @param query      raw query string, masked; null if none
 * @param headers    lower-case names to (masked) values
 * @param body       masked JSON text, a description of binary content, or null when empty
 * @param bodyIsJson whether {@code body} is JSON text
 * @param status     the status answered, or null if the connection was reset without an answer
 */
public record RecordedRequest(long sequence, Instant at, String method, String path, String query,
        Map<String, String> headers, String body, boolean bodyIsJson, Integer status) {

    public RecordedRequest {
        headers = Map.copyOf(headers);
    }
}
