package dev.onekycbridge.adapter.onekyc;

import dev.onekycbridge.core.port.out.MalformedMessageException;
import dev.onekycbridge.core.submission.CertificateRegistration;
import dev.onekycbridge.core.submission.KtpData;
import dev.onekycbridge.core.submission.Outcome;
import dev.onekycbridge.core.submission.PlatformReport;
import dev.onekycbridge.core.submission.PlatformStatus;
import dev.onekycbridge.core.submission.ReasonCode;
import dev.onekycbridge.core.submission.RejectionText;
import dev.onekycbridge.core.submission.Result;
import dev.onekycbridge.core.submission.VerificationResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the platform's result message: callback bodies of all three flows and the {@code data} of Get
 * Submission Details share one shape (onekyc-api.md §3.5, §4, §6.5, §6.6, §7.3).
 *
 * <p>Lenient by design: unknown fields are ignored; statuses, results and reason codes the bridge does not know
 * are kept as text; a number where text is expected is read as its digits; {@code "true"} is a boolean; an
 * empty reason code or result is absent. Strict only where the message would be useless: it must be a JSON
 * object with a status and something that names the submission. Errors say what is missing, never what is there.
 */
final class ReportReader {
    private static final String[] CERTIFICATE_FIELDS =
            {"registrationId", "eligibleToActivate", "shouldSkipActivation", "onboardingCode"};
    static final int MAX_TEXT_LOCALES = 8;
    static final int MAX_LOCALE = 16;
    static final int MAX_TITLE = 200;
    static final int MAX_MESSAGE = 1000;

    private ReportReader() {
    }

    /** Reads a message body. */
    static PlatformReport read(String body, String what) {
        Object parsed;
        try {
            parsed = JsonTree.parse(body);
        } catch (JsonTree.SyntaxException e) {
            throw new MalformedMessageException(what + " " + e.getMessage());
        }
        Map<String, Object> message = JsonTree.object(parsed);
        if (message == null) {
            throw new MalformedMessageException(what + " is not a JSON object");
        }
        return read(message, what);
    }

    /**
     * Reads a parsed message. A whole envelope ({@code {"success": true, "data": {…}}}) is read through to its
     * {@code data}.
     */
    static PlatformReport read(Map<String, Object> message, String what) {
        Map<String, Object> data = JsonTree.object(message, "data");
        if (!message.containsKey("status") && data != null) {
            message = data;
        }
        Object statusValue = message.get("status");
        if (statusValue instanceof Map<?, ?> || statusValue instanceof java.util.List<?>) {
            throw new MalformedMessageException(what + " has a status that is not text");
        }
        String status = JsonTree.nonBlank(message, "status");
        if (status == null) {
            throw new MalformedMessageException(what + " has no status");
        }
        String submissionId = JsonTree.nonBlank(message, "submissionId");
        String partnerSessionId = JsonTree.nonBlank(message, "partnerSessionId");
        String userId = JsonTree.nonBlank(message, "userId");
        if (submissionId == null && partnerSessionId == null && userId == null) {
            throw new MalformedMessageException(
                    what + " does not name its submission: no submissionId, partnerSessionId or userId");
        }
        String result = JsonTree.nonBlank(message, "result");
        String reasonCode = JsonTree.nonBlank(message, "reasonCode");
        Map<String, Object> details = JsonTree.object(message, "submissionDetails");

        Outcome outcome = Outcome.of(
                PlatformStatus.of(status),
                result == null ? null : Result.of(result),
                reasonCode == null ? null : ReasonCode.of(reasonCode),
                verificationResult(details),
                ktpData(details),
                certificateRegistration(details),
                JsonTree.instant(message.get("processedAt")),
                rejectionTexts(details));
        return new PlatformReport(submissionId, JsonTree.nonBlank(message, "flow"), userId,
                JsonTree.nonBlank(message, "userIdType"), partnerSessionId, outcome);
    }

    /**
     * The texts for the user that SIV results carry next to a rejection (§4.4; only in the platform's examples):
     * {@code {"en_ID": {"title": …, "message": …}, …}}. Display text, so read leniently: an entry that is not an
     * object with a title or a message is left out rather than failing the whole message, control characters
     * become spaces, and the texts are bounded ({@value #MAX_TEXT_LOCALES} locales, titles of
     * {@value #MAX_TITLE} and messages of {@value #MAX_MESSAGE} characters).
     */
    private static Map<String, RejectionText> rejectionTexts(Map<String, Object> details) {
        Map<String, Object> translations = JsonTree.object(details, "rejectionReasonTranslations");
        if (translations == null) {
            return Map.of();
        }
        Map<String, RejectionText> texts = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : translations.entrySet()) {
            Map<String, Object> text = JsonTree.object(entry.getValue());
            String locale = displayText(entry.getKey(), MAX_LOCALE);
            String title = displayText(JsonTree.text(text, "title"), MAX_TITLE);
            String body = displayText(JsonTree.text(text, "message"), MAX_MESSAGE);
            if (locale != null && (title != null || body != null) && texts.size() < MAX_TEXT_LOCALES) {
                texts.putIfAbsent(locale, new RejectionText(title, body));
            }
        }
        return texts;
    }

    private static String displayText(String text, int maxLength) {
        if (text == null) {
            return null;
        }
        StringBuilder kept = new StringBuilder(Math.min(text.length(), maxLength));
        text.strip().codePoints().limit(maxLength)
                .forEach(c -> kept.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        String result = kept.toString().strip();
        return result.isEmpty() ? null : result;
    }

    private static VerificationResult verificationResult(Map<String, Object> details) {
        Map<String, Object> result = JsonTree.object(details, "verificationResult");
        if (result == null) {
            return null;
        }
        return new VerificationResult(JsonTree.nonBlank(result, "nik"), JsonTree.nonBlank(result, "name"),
                JsonTree.nonBlank(result, "dateOfBirth"), JsonTree.nonBlank(result, "selfie"));
    }

    private static KtpData ktpData(Map<String, Object> details) {
        Map<String, Object> ktp = JsonTree.object(details, "ktpData");
        if (ktp == null) {
            return null;
        }
        return new KtpData(
                JsonTree.text(ktp, "nik"),
                JsonTree.text(ktp, "name"),
                JsonTree.text(ktp, "region"),
                JsonTree.text(ktp, "dateOfBirth"),
                JsonTree.text(ktp, "bloodType"),
                JsonTree.text(ktp, "religion"),
                JsonTree.text(ktp, "province"),
                JsonTree.text(ktp, "city"),
                JsonTree.text(ktp, "address"),
                JsonTree.text(ktp, "district"),
                JsonTree.text(ktp, "town"),
                JsonTree.text(ktp, "gender"),
                JsonTree.text(ktp, "rt"),
                JsonTree.text(ktp, "rw"),
                JsonTree.text(ktp, "occupation"),
                JsonTree.text(ktp, "validUntil"),
                JsonTree.text(ktp, "citizenship"),
                JsonTree.text(ktp, "maritalStatus"),
                JsonTree.text(ktp, "issuanceDate"));
    }

    /**
     * CERT_REG puts the certificate fields directly in {@code submissionDetails}; SIV nests them in
     * {@code submissionDetails.certificateRegistration} (§4.4). Either form is read, whatever the channel.
     */
    private static CertificateRegistration certificateRegistration(Map<String, Object> details) {
        if (details == null) {
            return null;
        }
        Map<String, Object> source = JsonTree.object(details, "certificateRegistration");
        if (source == null) {
            boolean present = false;
            for (String field : CERTIFICATE_FIELDS) {
                present |= details.get(field) != null;
            }
            if (!present) {
                return null;
            }
            source = details;
        }
        return new CertificateRegistration(JsonTree.nonBlank(source, "registrationId"),
                JsonTree.bool(source, "eligibleToActivate"), JsonTree.bool(source, "shouldSkipActivation"),
                JsonTree.nonBlank(source, "onboardingCode"));
    }
}
