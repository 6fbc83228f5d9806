package dev.onekycbridge.adapter.web;

import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.port.out.MalformedMessageException;
import dev.onekycbridge.core.port.out.MessageDecoder;
import dev.onekycbridge.core.submission.CertificateRegistration;
import dev.onekycbridge.core.submission.KtpData;
import dev.onekycbridge.core.submission.Outcome;
import dev.onekycbridge.core.submission.PlatformReport;
import dev.onekycbridge.core.submission.PlatformStatus;
import dev.onekycbridge.core.submission.ReasonCode;
import dev.onekycbridge.core.submission.RejectionText;
import dev.onekycbridge.core.submission.Result;
import dev.onekycbridge.core.submission.VerificationResult;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small stand-in for the platform's decoder (which lives in the client adapter): reads a flat JSON message
 * with {@code submissionId}, {@code status}, {@code result}, {@code reasonCode}, and optionally
 * {@code verificationResult}, {@code ktpData} and {@code rejectionReasonTranslations} objects.
 */
final class JsonMessageDecoder implements MessageDecoder {
    @Override
    public PlatformReport decode(CallbackChannel channel, String body) {
        JsonObject json;
        try {
            json = new JsonObject(body);
        } catch (DecodeException | ClassCastException e) {
            throw new MalformedMessageException("the body is not a JSON object");
        }
        String submissionId = json.getString("submissionId");
        if (submissionId == null || submissionId.isBlank()) {
            throw new MalformedMessageException("the message has no submissionId");
        }
        String status = json.getString("status");
        if (status == null) {
            throw new MalformedMessageException("the message has no status");
        }
        JsonObject verification = json.getJsonObject("verificationResult");
        JsonObject ktp = json.getJsonObject("ktpData");
        JsonObject registration = json.getJsonObject("certificateRegistration");
        return new PlatformReport(submissionId, json.getString("flow"), json.getString("userId"),
                json.getString("userIdType"), json.getString("partnerSessionId"),
                Outcome.of(PlatformStatus.of(status),
                        json.getString("result") == null ? null : Result.of(json.getString("result")),
                        json.getString("reasonCode") == null ? null : ReasonCode.of(json.getString("reasonCode")),
                        verification == null ? null : new VerificationResult(verification.getString("nik"),
                                verification.getString("name"), verification.getString("dateOfBirth"),
                                verification.getString("selfie")),
                        ktp == null ? null : ktpData(ktp),
                        registration == null ? null : new CertificateRegistration(
                                registration.getString("registrationId"),
                                registration.getBoolean("eligibleToActivate"),
                                registration.getBoolean("shouldSkipActivation"),
                                registration.getString("onboardingCode")),
                        null, rejectionTexts(json.getJsonObject("rejectionReasonTranslations"))));
    }

    private static Map<String, RejectionText> rejectionTexts(JsonObject translations) {
        Map<String, RejectionText> texts = new LinkedHashMap<>();
        if (translations != null) {
            translations.forEach(entry -> {
                JsonObject text = (JsonObject) entry.getValue();
                texts.put(entry.getKey(), new RejectionText(text.getString("title"), text.getString("message")));
            });
        }
        return texts;
    }

    private static KtpData ktpData(JsonObject k) {
        return new KtpData(k.getString("nik"), k.getString("name"), k.getString("region"),
                k.getString("dateOfBirth"), k.getString("bloodType"), k.getString("religion"),
                k.getString("province"), k.getString("city"), k.getString("address"), k.getString("district"),
                k.getString("town"), k.getString("gender"), k.getString("rt"), k.getString("rw"),
                k.getString("occupation"), k.getString("validUntil"), k.getString("citizenship"),
                k.getString("maritalStatus"), k.getString("issuanceDate"));
    }

    /** A result message in this format. */
    static JsonObject message(String submissionId, String status, String result) {
        JsonObject json = new JsonObject().put("submissionId", submissionId).put("status", status);
        return result == null ? json : json.put("result", result);
    }
}
