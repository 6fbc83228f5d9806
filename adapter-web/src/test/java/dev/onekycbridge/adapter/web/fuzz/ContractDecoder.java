package dev.onekycbridge.adapter.web.fuzz;

import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.port.out.MalformedMessageException;
import dev.onekycbridge.core.port.out.MessageDecoder;
import dev.onekycbridge.core.submission.CertificateRegistration;
import dev.onekycbridge.core.submission.KtpData;
import dev.onekycbridge.core.submission.Outcome;
import dev.onekycbridge.core.submission.PlatformReport;
import dev.onekycbridge.core.submission.PlatformStatus;
import dev.onekycbridge.core.submission.ReasonCode;
import dev.onekycbridge.core.submission.Result;
import dev.onekycbridge.core.submission.VerificationResult;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/**
 * A decoder that keeps the port's contract the way the platform's decoder does (that one lives in the client
 * adapter, which this module must not depend on, and is fuzzed there): it reads the result message's shape
 * leniently, an envelope through to its {@code data}, and refuses anything that is not a JSON object with a
 * status and a way to name the submission with {@link MalformedMessageException}, whose message never quotes
 * the body.
 */
final class ContractDecoder implements MessageDecoder {
    @Override
    public PlatformReport decode(CallbackChannel channel, String body) {
        Object parsed;
        try {
            parsed = Json.decodeValue(body);
        } catch (DecodeException | IllegalArgumentException e) {
            throw new MalformedMessageException("the message is not valid JSON");
        }
        if (!(parsed instanceof JsonObject message)) {
            throw new MalformedMessageException("the message is not a JSON object");
        }
        if (!message.containsKey("status") && message.getValue("data") instanceof JsonObject data) {
            message = data;
        }
        String status = text(message, "status");
        if (status == null) {
            throw new MalformedMessageException("the message has no status");
        }
        String submissionId = text(message, "submissionId");
        String partnerSessionId = text(message, "partnerSessionId");
        String userId = text(message, "userId");
        if (submissionId == null && partnerSessionId == null && userId == null) {
            throw new MalformedMessageException("the message does not name its submission");
        }
        String result = text(message, "result");
        String reasonCode = text(message, "reasonCode");
        JsonObject details = object(message, "submissionDetails");
        JsonObject verification = object(details, "verificationResult");
        JsonObject ktp = object(details, "ktpData");
        JsonObject registration = object(details, "certificateRegistration");
        return new PlatformReport(submissionId, text(message, "flow"), userId, text(message, "userIdType"),
                partnerSessionId, Outcome.of(PlatformStatus.of(status),
                        result == null ? null : Result.of(result),
                        reasonCode == null ? null : ReasonCode.of(reasonCode),
                        verification == null ? null : new VerificationResult(text(verification, "nik"),
                                text(verification, "name"), text(verification, "dateOfBirth"),
                                text(verification, "selfie")),
                        ktp == null ? null : new KtpData(text(ktp, "nik"), text(ktp, "name"), text(ktp, "region"),
                                text(ktp, "dateOfBirth"), text(ktp, "bloodType"), text(ktp, "religion"),
                                text(ktp, "province"), text(ktp, "city"), text(ktp, "address"), text(ktp, "district"),
                                text(ktp, "town"), text(ktp, "gender"), text(ktp, "rt"), text(ktp, "rw"),
                                text(ktp, "occupation"), text(ktp, "validUntil"), text(ktp, "citizenship"),
                                text(ktp, "maritalStatus"), text(ktp, "issuanceDate")),
                        registration == null ? null : new CertificateRegistration(
                                text(registration, "registrationId"), null, null,
                                text(registration, "onboardingCode")),
                        null));
    }

    private static JsonObject object(JsonObject parent, String key) {
        return parent != null && parent.getValue(key) instanceof JsonObject object ? object : null;
    }

    /** A scalar as stripped text; blank, absent, objects and arrays are null. */
    private static String text(JsonObject parent, String key) {
        Object value = parent == null ? null : parent.getValue(key);
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            String text = value.toString().strip();
            return text.isEmpty() ? null : text;
        }
        return null;
    }
}
