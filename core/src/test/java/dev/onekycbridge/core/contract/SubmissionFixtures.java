package dev.onekycbridge.core.contract;

import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.identity.PartnerUser;
import dev.onekycbridge.core.submission.CertificateRegistration;
import dev.onekycbridge.core.submission.Failure;
import dev.onekycbridge.core.submission.KtpData;
import dev.onekycbridge.core.submission.Outcome;
import dev.onekycbridge.core.submission.PlatformReport;
import dev.onekycbridge.core.submission.PlatformStatus;
import dev.onekycbridge.core.submission.ReasonCode;
import dev.onekycbridge.core.submission.RejectionText;
import dev.onekycbridge.core.submission.Result;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import dev.onekycbridge.core.submission.TransitionSource;
import dev.onekycbridge.core.submission.UploadTarget;
import dev.onekycbridge.core.submission.VerificationLaunch;
import dev.onekycbridge.core.submission.VerificationResult;
import dev.onekycbridge.core.testing.TestData;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Submissions in every shape a store must keep, built through the aggregate's own transitions. */
public final class SubmissionFixtures {
    public static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

    private SubmissionFixtures() {
    }

    public static Instant at(long minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    public static PartnerUser user(String id) {
        return TestData.partnerUser(id);
    }

    /** A new certificate registration carrying an idempotency key and request fingerprint. */
    public static Submission withIdempotencyKey(PartnerUser user, String key, Instant now) {
        return Submission.create(SubmissionId.random(), user, TestData.certificateRegistrationInput(),
                List.of(TestData.facts(DocumentKind.KTP, TestData.jpeg(4096)),
                        TestData.facts(DocumentKind.SELFIE, TestData.png(4096))),
                key, "sha256:fingerprint-of-" + key, now);
    }

    public static List<UploadTarget> uploadTargets(Instant expiresAt) {
        return List.of(
                new UploadTarget(DocumentKind.KTP, "docs/ktp-ref-1",
                        URI.create("https://storage.example/ktp?X-Signature=secret-ktp"), expiresAt),
                new UploadTarget(DocumentKind.SELFIE, "docs/selfie-ref-1",
                        URI.create("https://storage.example/selfie?X-Signature=secret-selfie"), expiresAt));
    }

    /** A certificate registration the platform issued upload URLs for (INITIATED). */
    public static Submission initiated(Submission created, String platformId, Instant now) {
        return created.initiate(platformId, uploadTargets(now.plus(Duration.ofMinutes(15))), now);
    }

    /** A final submission (FAILED), with the platform's code and cause. */
    public static Submission failed(Submission submission, Instant now) {
        return submission.fail(new Failure("400-001", "the platform refused the request"), TransitionSource.DRIVER,
                now);
    }

    public static KtpData ktpData() {
        return new KtpData(TestData.NIK, TestData.NAME.toUpperCase(), "JAKARTA SELATAN", TestData.DATE_OF_BIRTH,
                "O", "ISLAM", "DKI JAKARTA", "JAKARTA SELATAN", "JL. MERDEKA NO. 1", "KEBAYORAN BARU",
                "SENAYAN", "PEREMPUAN", "001", "002", "KARYAWAN SWASTA", "SEUMUR HIDUP", "WNI", "KAWIN",
                "01-02-2015");
    }

    public static Outcome outcome(PlatformStatus status, Result result, ReasonCode reasonCode, Instant processedAt) {
        return Outcome.of(status, result, reasonCode, new VerificationResult("PASS", "PASS", "FAIL", null),
                ktpData(), new CertificateRegistration("reg-77", true, null, "ONB-1"), processedAt,
                Map.of("en_ID", new RejectionText("Verification rejected", "Data does not match \"the\" records"),
                        "id_ID", new RejectionText("Verifikasi ditolak", null)));
    }

    /**
     * A certificate registration taken through every step to PARTIALLY_COMPLETED, with an outcome, a confirm
     * attempt, and a failed retry in its schedule: every field of the snapshot is set.
     */
    public static Submission partiallyCompleted(PartnerUser user, Instant now) {
        Submission s = withIdempotencyKey(user, "idem-" + user.userId(), now);
        s = initiated(s, "plat-" + user.userId(), now.plusSeconds(1));
        s = s.markUploaded(DocumentKind.KTP, now.plusSeconds(2));
        s = s.markUploaded(DocumentKind.SELFIE, now.plusSeconds(3));
        s = s.recordConfirmAttempt(now.plusSeconds(4));
        s = s.confirm(now.plusSeconds(600), now.plusSeconds(5));
        s = s.applyReport(new PlatformReport(s.platformSubmissionId().orElseThrow(), "CERTIFICATE_REGISTRATION",
                user.userId(), user.userIdType(), s.partnerSessionId(),
                outcome(PlatformStatus.PARTIALLY_COMPLETED, Result.VALID, null, now.plusSeconds(6))),
                TransitionSource.CALLBACK, now.plusSeconds(7)).submission();
        return s.retryAt(now.plusSeconds(60), new Failure(null, "connection reset"), now.plusSeconds(8));
    }

    /** An identity verification launched with an SDK token and completed with KTP data (final). */
    public static Submission completedIdentityVerification(PartnerUser user, Instant now) {
        Submission s = TestData.newIdentityVerification(user, now);
        s = s.initiateVerification(new VerificationLaunch("sdk-token-secret",
                URI.create("https://launch.example/siv/abc"), now.plus(Duration.ofHours(1))),
                now.plus(Duration.ofMinutes(10)), now.plusSeconds(1));
        return s.applyReport(new PlatformReport("plat-siv-" + user.userId(), "STANDALONE_IDENTITY_VERIFICATION",
                user.userId(), user.userIdType(), s.partnerSessionId(),
                outcome(PlatformStatus.COMPLETED, Result.INVALID, ReasonCode.of("DUKCAPIL_REJECTED"),
                        now.plusSeconds(30))), TransitionSource.CALLBACK, now.plusSeconds(31)).submission();
    }
}
