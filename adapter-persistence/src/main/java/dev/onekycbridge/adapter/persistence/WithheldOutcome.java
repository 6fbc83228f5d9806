package dev.onekycbridge.adapter.persistence;

import dev.onekycbridge.core.submission.CertificateRegistration;
import dev.onekycbridge.core.submission.Outcome;
import dev.onekycbridge.core.submission.PlatformStatus;
import dev.onekycbridge.core.submission.ReasonCode;
import dev.onekycbridge.core.submission.RejectionText;
import dev.onekycbridge.core.submission.Result;
import dev.onekycbridge.core.submission.VerificationResult;
import java.util.Map;

/**
 * What an outcome's plain columns do not hold, sealed with the personal data and erased with it: each value the
 * platform sent that is no code (a platform echoing what it was sent may put a NIK or a name in any of them), and
 * the texts for the user, free text. The plain columns hold the outcome {@link Outcome#withoutPersonalData} makes,
 * where {@link Outcome#WITHHELD} stands for each value kept here. A field is null (the texts empty) when its plain
 * column holds the value itself.
 */
record WithheldOutcome(String status, String result, String reasonCode, VerificationResult verification,
                       String registrationId, String onboardingCode, Map<String, RejectionText> rejectionTexts) {
    static final WithheldOutcome NONE = new WithheldOutcome(null, null, null, null, null, null, Map.of());

    WithheldOutcome {
        rejectionTexts = rejectionTexts == null ? Map.of() : rejectionTexts;
    }

    static WithheldOutcome of(Outcome outcome) {
        if (outcome == null) {
            return NONE;
        }
        VerificationResult v = outcome.verificationResult();
        VerificationResult verification = v == null ? null : new VerificationResult(withheld(v.nik()),
                withheld(v.name()), withheld(v.dateOfBirth()), withheld(v.selfie()));
        CertificateRegistration c = outcome.certificateRegistration();
        return new WithheldOutcome(withheld(outcome.status().raw()),
                outcome.result() == null ? null : withheld(outcome.result().raw()),
                outcome.reasonCode() == null ? null : withheld(outcome.reasonCode().raw()),
                new VerificationResult(null, null, null, null).equals(verification) ? null : verification,
                c == null || c.registrationId() == null
                        || c.registrationId().equals(Outcome.idInPlain(c.registrationId())) ? null : c.registrationId(),
                c == null ? null : withheld(c.onboardingCode()), outcome.rejectionTexts());
    }

    /** The value if its plain form is not the value itself. */
    private static String withheld(String raw) {
        return raw == null || raw.equals(Outcome.inPlain(raw)) ? null : raw;
    }

    boolean isEmpty() {
        return equals(NONE);
    }

    /**
     * The outcome as reported, from what the plain columns hold and this. Rows written before the values were
     * withheld hold them all in plain, and nothing here.
     */
    Outcome restore(Outcome plain) {
        VerificationResult v = plain.verificationResult();
        if (verification != null) {
            v = new VerificationResult(or(verification.nik(), v == null ? null : v.nik()),
                    or(verification.name(), v == null ? null : v.name()),
                    or(verification.dateOfBirth(), v == null ? null : v.dateOfBirth()),
                    or(verification.selfie(), v == null ? null : v.selfie()));
        }
        CertificateRegistration c = plain.certificateRegistration();
        if (c != null && (registrationId != null || onboardingCode != null)) {
            c = new CertificateRegistration(or(registrationId, c.registrationId()), c.eligibleToActivate(),
                    c.shouldSkipActivation(), or(onboardingCode, c.onboardingCode()));
        }
        return new Outcome(status == null ? plain.status() : new PlatformStatus(status),
                result == null ? plain.result() : new Result(result),
                reasonCode == null ? plain.reasonCode() : new ReasonCode(reasonCode), v, plain.ktpData(), c,
                plain.processedAt(), rejectionTexts.isEmpty() ? plain.rejectionTexts() : rejectionTexts);
    }

    private static String or(String withheld, String plain) {
        return withheld != null ? withheld : plain;
    }
}
