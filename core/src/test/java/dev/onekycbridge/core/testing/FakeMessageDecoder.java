package dev.onekycbridge.core.testing;

import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.port.out.MalformedMessageException;
import dev.onekycbridge.core.port.out.MessageDecoder;
import dev.onekycbridge.core.submission.Outcome;
import dev.onekycbridge.core.submission.PlatformReport;
import dev.onekycbridge.core.submission.PlatformStatus;
import dev.onekycbridge.core.submission.ReasonCode;
import dev.onekycbridge.core.submission.Result;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a stand-in message format, {@code key=value;key=value}, with the platform's field names
 * ({@code submissionId}, {@code partnerSessionId}, {@code userId}, {@code userIdType}, {@code status},
 * {@code result}, {@code reasonCode}), so that core tests need no JSON. {@link #body} writes one.
 */
public final class FakeMessageDecoder implements MessageDecoder {
    @Override
    public PlatformReport decode(CallbackChannel channel, String body) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : body.split(";")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new MalformedMessageException("not a key=value message");
            }
            fields.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        if (!fields.containsKey("status")) {
            throw new MalformedMessageException("status is missing");
        }
        if (!fields.containsKey("submissionId") && !fields.containsKey("partnerSessionId")) {
            throw new MalformedMessageException("submissionId is missing");
        }
        return new PlatformReport(fields.get("submissionId"), fields.get("flow"), fields.get("userId"),
                fields.get("userIdType"), fields.get("partnerSessionId"),
                Outcome.of(PlatformStatus.of(fields.get("status")),
                        fields.containsKey("result") ? Result.of(fields.get("result")) : null,
                        fields.containsKey("reasonCode") ? ReasonCode.of(fields.get("reasonCode")) : null,
                        null, null, null, null));
    }

    /** A message in the stand-in format. */
    public static String body(String submissionId, String status, String result) {
        return "submissionId=" + submissionId + ";status=" + status + (result == null ? "" : ";result=" + result);
    }
}
