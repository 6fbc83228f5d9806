package dev.onekycbridge.core.submission;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the platform reported about a submission. Built with {@link #of}, which applies the platform's rules:
 * a result only with PARTIALLY_COMPLETED or COMPLETED, a reason code only with a negative result or ERROR.
 * A status the bridge does not know keeps whatever came with it.
 *
 * @param rejectionTexts what the platform suggests telling the user about a rejection, by its locale tag as sent
 *     ({@code en_ID}, {@code id_ID}); empty when it sent none
 */
public record Outcome(PlatformStatus status, Result result, ReasonCode reasonCode,
                      VerificationResult verificationResult, KtpData ktpData,
                      CertificateRegistration certificateRegistration, Instant processedAt,
                      Map<String, RejectionText> rejectionTexts) {
    /** What stands for a value the platform sent that is no code, wherever that value is not kept or shown. */
    public static final String WITHHELD = "(no code: withheld)";
    /** A code as the platform writes them: a word of letters, digits and separators, never a long digit run. */
    private static final Pattern CODE = Pattern.compile("(?!.*\\d{7})[A-Za-z][A-Za-z0-9_.:-]{0,63}");
    /** The platform's ids of registrations are UUIDs, which name no person. */
    private static final Pattern UUID = Pattern.compile("\\p{XDigit}{8}(-\\p{XDigit}{4}){3}-\\p{XDigit}{12}");

    public Outcome {
        Objects.requireNonNull(status, "status");
        rejectionTexts = rejectionTexts == null ? Map.of() : inOrderSent(rejectionTexts);
    }

    public static Outcome of(PlatformStatus status, Result result, ReasonCode reasonCode,
                             VerificationResult verificationResult, KtpData ktpData,
                             CertificateRegistration certificateRegistration, Instant processedAt) {
        return of(status, result, reasonCode, verificationResult, ktpData, certificateRegistration, processedAt,
                Map.of());
    }

    public static Outcome of(PlatformStatus status, Result result, ReasonCode reasonCode,
                             VerificationResult verificationResult, KtpData ktpData,
                             CertificateRegistration certificateRegistration, Instant processedAt,
                             Map<String, RejectionText> rejectionTexts) {
        boolean recognised = status.isRecognised();
        boolean carriesResult = status.equals(PlatformStatus.PARTIALLY_COMPLETED)
                || status.equals(PlatformStatus.COMPLETED);
        Result keptResult = !recognised || carriesResult ? result : null;
        boolean carriesReason = !recognised || status.equals(PlatformStatus.ERROR)
                || (keptResult != null && !keptResult.isValid());
        ReasonCode keptReason = carriesReason ? reasonCode : null;
        return new Outcome(status, keptResult, keptReason, verificationResult, ktpData, certificateRegistration,
                processedAt, rejectionTexts);
    }

    /** An unmodifiable copy that keeps the platform's order of locales, for answers that read as it wrote. */
    private static Map<String, RejectionText> inOrderSent(Map<String, RejectionText> texts) {
        Map<String, RejectionText> copy = new LinkedHashMap<>();
        texts.forEach((locale, text) -> copy.put(Objects.requireNonNull(locale, "locale"),
                Objects.requireNonNull(text, "text")));
        return Collections.unmodifiableMap(copy);
    }

    public static Outcome ofStatus(PlatformStatus status) {
        return new Outcome(status, null, null, null, null, null, null, Map.of());
    }

    /**
     * A PARTIALLY_COMPLETED or COMPLETED without a result. The platform gives those statuses only with VALID or
     * INVALID: such a report says the submission is being worked on, not how it ended.
     */
    public boolean lacksItsResult() {
        return result == null
                && (status.equals(PlatformStatus.PARTIALLY_COMPLETED) || status.equals(PlatformStatus.COMPLETED));
    }

    /**
     * Same status and result, and no two different reason codes: the verdict, ignoring detail that may come
     * separately. A reason code is such detail when one report lacks it: COE's status answer says ERROR without
     * the reason its details and callback give. INVALID and REJECTED are the same result
     * ({@link Result#sameVerdictAs}).
     */
    public boolean sameVerdictAs(Outcome other) {
        return status.equals(other.status)
                && (result == null ? other.result == null : result.sameVerdictAs(other.result))
                && (reasonCode == null || other.reasonCode == null || reasonCode.equals(other.reasonCode));
    }

    /** This outcome with the detail it lacks taken from another report of the same verdict. */
    public Outcome enrichedWith(Outcome other) {
        return new Outcome(status, result, reasonCode != null ? reasonCode : other.reasonCode,
                verificationResult != null ? verificationResult : other.verificationResult,
                ktpData != null ? ktpData : other.ktpData,
                certificateRegistration != null ? certificateRegistration : other.certificateRegistration,
                processedAt != null ? processedAt : other.processedAt,
                !rejectionTexts.isEmpty() ? rejectionTexts : other.rejectionTexts);
    }

    /**
     * This outcome of a later status with the detail it lacks taken from an earlier report of the same result
     * ({@link Result#sameVerdictAs}: a partial INVALID, then a COMPLETED named REJECTED):
     * the COMPLETED that follows a PARTIALLY_COMPLETED may name the verdict alone, and what the partner has
     * already been shown (the card's data, the verification, the certificate) must not vanish with it.
     */
    public Outcome keepingDetailOf(Outcome earlier) {
        if (result == null || !result.sameVerdictAs(earlier.result)) {
            return this;
        }
        return new Outcome(status, result, reasonCode != null ? reasonCode : earlier.reasonCode,
                verificationResult != null ? verificationResult : earlier.verificationResult,
                ktpData != null ? ktpData : earlier.ktpData,
                certificateRegistration != null ? certificateRegistration : earlier.certificateRegistration,
                processedAt, !rejectionTexts.isEmpty() ? rejectionTexts : earlier.rejectionTexts);
    }

    /** Whether {@link #enrichedWith} would add anything. */
    public boolean lacksDetailOf(Outcome other) {
        return (reasonCode == null && other.reasonCode != null)
                || (verificationResult == null && other.verificationResult != null)
                || (ktpData == null && other.ktpData != null)
                || (certificateRegistration == null && other.certificateRegistration != null)
                || (processedAt == null && other.processedAt != null)
                || (rejectionTexts.isEmpty() && !other.rejectionTexts.isEmpty());
    }

    /**
     * This outcome as it is kept once the personal data is erased: no KTP data; every value the platform sent that
     * is no code (it may echo a NIK or a name) replaced by {@link #WITHHELD}; and no texts for the user, free text
     * that may name the user, and that was meant for the user at the time of the result.
     */
    public Outcome withoutPersonalData() {
        return new Outcome(new PlatformStatus(inPlain(status.raw())),
                result == null ? null : new Result(inPlain(result.raw())),
                reasonCode == null ? null : new ReasonCode(inPlain(reasonCode.raw())),
                verificationResult == null ? null : new VerificationResult(inPlain(verificationResult.nik()),
                        inPlain(verificationResult.name()), inPlain(verificationResult.dateOfBirth()),
                        inPlain(verificationResult.selfie())),
                null,
                certificateRegistration == null ? null : new CertificateRegistration(
                        idInPlain(certificateRegistration.registrationId()),
                        certificateRegistration.eligibleToActivate(), certificateRegistration.shouldSkipActivation(),
                        inPlain(certificateRegistration.onboardingCode())),
                processedAt, Map.of());
    }

    /** A value the platform sent as it may be kept in plain text: itself if a code, else {@link #WITHHELD}. */
    public static String inPlain(String raw) {
        return raw == null ? null : shown(raw);
    }

    /** As {@link #inPlain}, for an id: a UUID is kept too. */
    public static String idInPlain(String raw) {
        return raw != null && UUID.matcher(raw).matches() ? raw : inPlain(raw);
    }

    /**
     * A short description without personal data, e.g. {@code COMPLETED/INVALID/DUKCAPIL_REJECTED}, for logs and the
     * history. A value that is no code (a platform echoing what it was sent, a NIK, a name, a megabyte) is withheld:
     * the report came from outside, and the history is stored in plain text.
     */
    public String verdict() {
        StringBuilder text = new StringBuilder(shown(status.raw()));
        if (result != null) {
            text.append('/').append(shown(result.raw()));
        }
        if (reasonCode != null) {
            text.append('/').append(shown(reasonCode.raw()));
        }
        return text.toString();
    }

    /** A value the platform sent, if it is a code; else a mark that it was withheld ({@link #verdict}). */
    static String shown(String raw) {
        return CODE.matcher(raw).matches() ? raw : WITHHELD;
    }

    /** The verdict only: the details hold personal data, and the texts are the platform's free text. */
    @Override
    public String toString() {
        return "Outcome[" + verdict() + (processedAt == null ? "" : ", processedAt=" + processedAt) + "]";
    }
}
