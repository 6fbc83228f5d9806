package dev.onekycbridge.core.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.core.contract.SubmissionFixtures;
import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.testing.TestData;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SubmissionTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    static Submission confirmed() {
        Submission s = TestData.newCertificateRegistration(T0);
        s = s.initiate("plat-1", targets(T0.plus(Duration.ofDays(5))), T0.plusSeconds(1));
        s = s.markUploaded(DocumentKind.KTP, T0.plusSeconds(2));
        s = s.markUploaded(DocumentKind.SELFIE, T0.plusSeconds(3));
        s = s.recordConfirmAttempt(T0.plusSeconds(4));
        return s.confirm(T0.plus(Duration.ofMinutes(10)), T0.plusSeconds(5));
    }

    @Test
    void aSnapshotsToStringNeverShowsTheInputOutcomeOrIdempotencyKey() {
        Submission s = SubmissionFixtures.partiallyCompleted(TestData.partnerUser("u-4f1c9a77"), T0);

        assertThat(s.snapshot().toString()).contains(s.id().toString()).doesNotContain("idem-u-4f1c9a77")
                .doesNotContain(TestData.NIK).doesNotContain(TestData.NAME.toUpperCase()).doesNotContain("reg-77")
                .doesNotContain("channel");
    }

    static List<UploadTarget> targets(Instant expiresAt) {
        return List.of(
                new UploadTarget(DocumentKind.KTP, "plat-1_KTP", URI.create("https://storage/ktp"), expiresAt),
                new UploadTarget(DocumentKind.SELFIE, "plat-1_SELFIE", URI.create("https://storage/selfie"), expiresAt));
    }

    static PlatformReport report(PlatformStatus status, Result result, String reason) {
        return new PlatformReport("plat-1", "CERT_REG", TestData.PARTNER_USER_ID, TestData.PARTNER_USER_ID_TYPE,
                null, Outcome.of(status, result, reason == null ? null : ReasonCode.of(reason),
                        new VerificationResult("PASS", "PASS", "PASS", result == Result.VALID ? "PASS" : "FAIL"),
                        null, null, null));
    }

    @Nested
    class Lifecycle {
        @Test
        void aNewSubmissionIsCreatedDueNowWithItsDocumentsStagedAndOneHistoryLine() {
            Submission s = TestData.newCertificateRegistration(T0);

            assertThat(s.status()).isEqualTo(SubmissionStatus.CREATED);
            assertThat(s.schedule().nextStepAt()).isEqualTo(T0);
            assertThat(s.documents()).containsOnlyKeys(DocumentKind.KTP, DocumentKind.SELFIE);
            assertThat(s.documents().values()).noneMatch(d -> d.isUploaded());
            assertThat(s.history()).hasSize(1);
            assertThat(s.version()).isZero();
            assertThat(s.partnerSessionId()).isNotBlank();
        }

        @Test
        void aCertificateRegistrationNeedsBothDocuments() {
            assertThatThrownBy(() -> Submission.create(SubmissionId.random(), TestData.partnerUser(),
                    TestData.certificateRegistrationInput(),
                    List.of(TestData.facts(DocumentKind.KTP, TestData.jpeg(2048))), null, null, T0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("CERT_REG needs the documents");
        }

        @Test
        void theHappyPathMovesForwardStepByStepAndRecordsEachTransition() {
            Submission s = confirmed();

            assertThat(s.status()).isEqualTo(SubmissionStatus.CONFIRMED);
            assertThat(s.platformSubmissionId()).contains("plat-1");
            assertThat(s.documents().values()).allMatch(d -> d.isUploaded());
            assertThat(s.schedule().nextStepAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
            assertThat(s.history()).extracting(HistoryEntry::to).containsExactly(SubmissionStatus.CREATED,
                    SubmissionStatus.INITIATED, SubmissionStatus.UPLOADED, SubmissionStatus.CONFIRMED);
            assertThat(s.history()).extracting(HistoryEntry::source).containsOnly(TransitionSource.API,
                    TransitionSource.DRIVER);
        }

        @Test
        void uploadingTheSameDocumentTwiceChangesNothing() {
            Submission s = TestData.newCertificateRegistration(T0).initiate("plat-1", targets(T0.plusSeconds(60)), T0)
                    .markUploaded(DocumentKind.KTP, T0);

            assertThat(s.markUploaded(DocumentKind.KTP, T0.plusSeconds(1))).isSameAs(s);
            assertThat(s.status()).isEqualTo(SubmissionStatus.INITIATED);
        }

        @Test
        void transitionsOutOfOrderAreRefused() {
            Submission created = TestData.newCertificateRegistration(T0);

            assertThatThrownBy(() -> created.confirm(T0, T0)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("CREATED");
            assertThatThrownBy(() -> created.markUploaded(DocumentKind.KTP, T0))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> created.expire(T0)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> confirmed().initiate("x", targets(T0), T0))
                    .isInstanceOf(IllegalStateException.class);
        }

        @Test
        void initiatingWithoutAUrlForEveryDocumentIsRefused() {
            Submission created = TestData.newCertificateRegistration(T0);

            assertThatThrownBy(() -> created.initiate("plat-1", targets(T0).subList(0, 1), T0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SELFIE");
        }

        @Test
        void anExpiryIsRecordedAsWhatExpiredForTheFlow() {
            Submission registration = TestData.newCertificateRegistration(T0).initiate("plat-1", targets(T0), T0)
                    .expire(T0.plusSeconds(1));
            Submission verification = TestData.newIdentityVerification(TestData.partnerUser(), T0)
                    .recordConfirmAttempt(T0)
                    .initiateVerification(new VerificationLaunch("tok", null, T0.plusSeconds(8)), T0, T0)
                    .expire(T0.plusSeconds(8));

            assertThat(registration.history()).last().extracting(HistoryEntry::detail)
                    .isEqualTo("upload URLs expired");
            assertThat(verification.status()).isEqualTo(SubmissionStatus.EXPIRED);
            assertThat(verification.history()).last().extracting(HistoryEntry::detail)
                    .isEqualTo("the launch expired before the user finished");
        }

        @Test
        void finalSubmissionsCannotFailExpireOrBeScheduled() {
            Submission expired = TestData.newCertificateRegistration(T0).initiate("plat-1", targets(T0), T0)
                    .expire(T0.plusSeconds(1));

            assertThat(expired.status()).isEqualTo(SubmissionStatus.EXPIRED);
            assertThat(expired.isFinal()).isTrue();
            assertThat(expired.schedule().nextStepAt()).isNull();
            assertThatThrownBy(() -> expired.fail(new Failure("400", "X"), TransitionSource.DRIVER, T0))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> expired.scheduleAt(T0)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> expired.retryAt(T0, null, T0)).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void aRefusalFailsTheSubmissionWithThePlatformsCodeAndCause() {
            Submission failed = TestData.newCertificateRegistration(T0)
                    .fail(new Failure("1653", "SUBMISSION_ID_DOES_NOT_BELONG_TO_CURRENT_USER"), TransitionSource.DRIVER,
                            T0);

            assertThat(failed.status()).isEqualTo(SubmissionStatus.FAILED);
            assertThat(failed.failure()).contains(new Failure("1653", "SUBMISSION_ID_DOES_NOT_BELONG_TO_CURRENT_USER"));
            assertThat(failed.history()).last().extracting(HistoryEntry::detail)
                    .isEqualTo("1653 SUBMISSION_ID_DOES_NOT_BELONG_TO_CURRENT_USER");
        }

        @Test
        void retriesCountFailuresAndASuccessfulScheduleForgetsThem() {
            Submission s = TestData.newCertificateRegistration(T0)
                    .retryAt(T0.plusSeconds(1), new Failure("HTTP 503", "unavailable"), T0)
                    .retryAt(T0.plusSeconds(3), new Failure("HTTP 503", "unavailable"), T0.plusSeconds(1));

            assertThat(s.schedule().failedAttempts()).isEqualTo(2);
            assertThat(s.schedule().lastFailure().code()).isEqualTo("HTTP 503");
            assertThat(s.scheduleAt(T0.plusSeconds(9)).schedule()).isEqualTo(Schedule.dueAt(T0.plusSeconds(9)));
        }

        @Test
        void theStagedImagesGoWithTheSaveThatTakesTheSubmissionPastUploadedOrEndsIt() {
            Submission created = TestData.newCertificateRegistration(T0);
            Submission initiated = created.initiate("plat-1", targets(T0.plusSeconds(60)), T0);
            Submission uploaded = initiated.markUploaded(DocumentKind.KTP, T0).markUploaded(DocumentKind.SELFIE, T0);
            Submission partial = uploaded.applyReport(report(PlatformStatus.PARTIALLY_COMPLETED, Result.VALID, null),
                    TransitionSource.CALLBACK, T0).submission();
            Submission completed = partial.applyReport(report(PlatformStatus.COMPLETED, Result.VALID, null),
                    TransitionSource.CALLBACK, T0).submission();

            assertThat(uploaded.releasesStagedImages(initiated)).as("not yet confirmed").isFalse();
            assertThat(uploaded.recordConfirmAttempt(T0).confirm(T0, T0).releasesStagedImages(uploaded)).isTrue();
            assertThat(partial.releasesStagedImages(uploaded)).as("reported past a confirm not saved").isTrue();
            assertThat(partial.releasesStagedImages(partial)).as("released when it crossed").isFalse();
            assertThat(completed.releasesStagedImages(partial)).isTrue();
            assertThat(initiated.expire(T0).releasesStagedImages(initiated)).isTrue();
        }

        @Test
        void aConfirmAttemptIsRecordedOnce() {
            Submission uploaded = TestData.newCertificateRegistration(T0).initiate("plat-1", targets(T0), T0)
                    .markUploaded(DocumentKind.KTP, T0).markUploaded(DocumentKind.SELFIE, T0);
            Submission attempted = uploaded.recordConfirmAttempt(T0.plusSeconds(1));

            assertThat(uploaded.confirmAttempted()).isFalse();
            assertThat(attempted.confirmAttempted()).isTrue();
            assertThat(attempted.recordConfirmAttempt(T0.plusSeconds(2))).isSameAs(attempted);
        }

        @Test
        void anIdentityVerificationIsLaunchedFromCreatedAndWaitsForItsResult() {
            Submission s = TestData.newIdentityVerification(TestData.partnerUser(), T0);
            VerificationLaunch launch = new VerificationLaunch(null, URI.create("https://launch"),
                    T0.plus(Duration.ofDays(60)));

            Submission launched = s.recordConfirmAttempt(T0).initiateVerification(launch, T0.plusSeconds(600), T0);

            assertThat(launched.status()).isEqualTo(SubmissionStatus.INITIATED);
            assertThat(launched.launch()).contains(launch);
            assertThat(launched.schedule().nextStepAt()).isEqualTo(T0.plusSeconds(600));
            assertThatThrownBy(() -> launched.markUploaded(DocumentKind.KTP, T0))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(launch.toString()).doesNotContain("https://launch");
        }

        @Test
        void anIdentityVerificationTheReportsMovedOnBeforeItsLaunchWasSavedKeepsTheLaunchAndItsStatus() {
            Submission created = TestData.newIdentityVerification(TestData.partnerUser(), T0).recordConfirmAttempt(T0);
            VerificationLaunch launch = new VerificationLaunch("tok", null, T0.plus(Duration.ofDays(60)));
            Submission completed = created.applyReport(new PlatformReport("siv-1", null, null, null,
                    created.partnerSessionId(), Outcome.of(PlatformStatus.COMPLETED, Result.VALID, null, null, null,
                            null, null)), TransitionSource.CALLBACK, T0).submission();

            Submission kept = completed.keepLaunch(launch, T0.plusSeconds(3));

            assertThat(kept.status()).isEqualTo(SubmissionStatus.COMPLETED);
            assertThat(kept.launch()).contains(launch);
            assertThat(kept.history()).isEqualTo(completed.history());
            assertThatThrownBy(() -> created.keepLaunch(launch, T0)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> kept.keepLaunch(launch, T0)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> created.fail(new Failure("1", "X"), TransitionSource.API, T0)
                    .keepLaunch(launch, T0)).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void personalDataIsPurgedOnlyFromFinalSubmissionsAndTheSkeletonStays() {
            Submission done = confirmed().applyReport(report(PlatformStatus.COMPLETED, Result.VALID, null),
                    TransitionSource.CALLBACK, T0.plusSeconds(30)).submission();

            assertThatThrownBy(() -> confirmed().purgePersonalData(T0)).isInstanceOf(IllegalStateException.class);
            Submission purged = done.purgePersonalData(T0.plusSeconds(60));
            assertThat(purged.input()).isEmpty();
            assertThat(purged.status()).isEqualTo(SubmissionStatus.COMPLETED);
            assertThat(purged.outcome().orElseThrow().result()).isEqualTo(Result.VALID);
            assertThat(purged.history()).last().extracting(HistoryEntry::kind).isEqualTo(HistoryKind.PURGED);
            assertThat(purged.documents().values()).allSatisfy(d -> {
                assertThat(d.uploadUrl()).isNull();
                assertThat(d.facts().sha256()).isNotBlank();
            });
            assertThat(purged.purgePersonalData(T0.plusSeconds(90))).isSameAs(purged);
        }

        @Test
        void thePurgeErasesTheRequestsFingerprintAHashOfPersonalValues() {
            Submission failed = SubmissionFixtures.withIdempotencyKey(SubmissionFixtures.user("u-1"), "key-1", T0)
                    .fail(new Failure("400", "REFUSED"), TransitionSource.DRIVER, T0.plusSeconds(1));
            assertThat(failed.snapshot().requestFingerprint()).isNotNull();

            Submission purged = failed.purgePersonalData(T0.plusSeconds(60));

            assertThat(purged.snapshot().requestFingerprint()).isNull();
            assertThat(purged.snapshot().idempotencyKey()).isEqualTo("key-1");
        }

        @Test
        void aRepeatOfTheResultAfterThePurgeDoesNotBringThePersonalDataBack() {
            KtpData ktp = new KtpData("3171234567890001", "SITI", "JAKARTA", "01-01-1990", "-", "ISLAM", "DKI",
                    "JAKARTA", "JL. MAWAR 1", "TEBET", "TEBET", "female", "001", "002", "KARYAWAN", "", "WNI",
                    "KAWIN", "01-01-2020");
            PlatformReport withKtp = new PlatformReport("plat-1", "CERT_REG", TestData.PARTNER_USER_ID,
                    TestData.PARTNER_USER_ID_TYPE, null, Outcome.of(PlatformStatus.COMPLETED, Result.VALID, null,
                            null, ktp, null, null));
            Submission purged = confirmed().applyReport(withKtp, TransitionSource.CALLBACK, T0.plusSeconds(30))
                    .submission().purgePersonalData(T0.plusSeconds(60));

            ReportApplication late = purged.applyReport(withKtp, TransitionSource.CALLBACK, T0.plusSeconds(90));

            assertThat(late.effect()).isEqualTo(ReportEffect.DUPLICATE);
            assertThat(late.submission().outcome().orElseThrow().ktpData()).isNull();
        }
    }

    @Nested
    class Reports {
        @Test
        void aLaterStatusIsAppliedWithItsOutcome() {
            ReportApplication applied = confirmed().applyReport(
                    report(PlatformStatus.PARTIALLY_COMPLETED, Result.VALID, null), TransitionSource.CALLBACK, T0);

            assertThat(applied.effect()).isEqualTo(ReportEffect.APPLIED);
            assertThat(applied.submission().status()).isEqualTo(SubmissionStatus.PARTIALLY_COMPLETED);
            assertThat(applied.submission().outcome().orElseThrow().result()).isEqualTo(Result.VALID);
            assertThat(applied.submission().history()).last().satisfies(entry -> {
                assertThat(entry.kind()).isEqualTo(HistoryKind.TRANSITION);
                assertThat(entry.source()).isEqualTo(TransitionSource.CALLBACK);
                assertThat(entry.detail()).isEqualTo("PARTIALLY_COMPLETED/VALID");
            });
        }

        @Test
        void aRepeatedIdenticalReportIsANoOp() {
            PlatformReport completed = report(PlatformStatus.COMPLETED, Result.VALID, null);
            Submission once = confirmed().applyReport(completed, TransitionSource.CALLBACK, T0).submission();

            ReportApplication twice = once.applyReport(completed, TransitionSource.POLL, T0.plusSeconds(1));

            assertThat(twice.effect()).isEqualTo(ReportEffect.DUPLICATE);
            assertThat(twice.submission()).isSameAs(once);
        }

        @Test
        void aReportOfAnEarlierStatusIsRecordedButNotApplied() {
            Submission done = confirmed().applyReport(report(PlatformStatus.COMPLETED, Result.VALID, null),
                    TransitionSource.CALLBACK, T0).submission();

            ReportApplication late = done.applyReport(report(PlatformStatus.PARTIALLY_COMPLETED, Result.VALID, null),
                    TransitionSource.CALLBACK, T0.plusSeconds(1));

            assertThat(late.effect()).isEqualTo(ReportEffect.STALE);
            assertThat(late.submission().status()).isEqualTo(SubmissionStatus.COMPLETED);
            assertThat(late.submission().outcome()).isEqualTo(done.outcome());
            assertThat(late.submission().history()).last().extracting(HistoryEntry::kind)
                    .isEqualTo(HistoryKind.STALE_REPORT);
        }

        @Test
        void aConflictingReportAboutAFinalStatusIsKeptAsAConflictAndNeverApplied() {
            Submission done = confirmed().applyReport(report(PlatformStatus.COMPLETED, Result.VALID, null),
                    TransitionSource.CALLBACK, T0).submission();

            ReportApplication conflict = done.applyReport(
                    report(PlatformStatus.COMPLETED, Result.INVALID, "DUKCAPIL_REJECTED"), TransitionSource.CALLBACK,
                    T0.plusSeconds(1));
            ReportApplication error = done.applyReport(report(PlatformStatus.ERROR, null, "SYSTEM_ERROR"),
                    TransitionSource.POLL, T0.plusSeconds(2));

            assertThat(conflict.effect()).isEqualTo(ReportEffect.CONFLICT);
            assertThat(error.effect()).isEqualTo(ReportEffect.CONFLICT);
            assertThat(conflict.submission().outcome().orElseThrow().result()).isEqualTo(Result.VALID);
            assertThat(conflict.submission().conflicts()).singleElement()
                    .extracting(HistoryEntry::detail)
                    .isEqualTo("reported COMPLETED/INVALID/DUKCAPIL_REJECTED while COMPLETED/VALID");
        }

        /** The platform's details (and so a poll) say INVALID where its callback says REJECTED. */
        @Test
        void aRejectionReportedAsInvalidAndAsRejectedIsOneVerdictAndKeepsTheResultRecordedFirst() {
            PlatformReport invalid = report(PlatformStatus.COMPLETED, Result.INVALID, "DUKCAPIL_REJECTED");
            PlatformReport rejected = report(PlatformStatus.COMPLETED, Result.REJECTED, "DUKCAPIL_REJECTED");
            Submission polled = confirmed().applyReport(invalid, TransitionSource.POLL, T0).submission();
            Submission calledBack = confirmed().applyReport(rejected, TransitionSource.CALLBACK, T0).submission();

            ReportApplication thenCallback = polled.applyReport(rejected, TransitionSource.CALLBACK, T0.plusSeconds(1));
            ReportApplication thenPoll = calledBack.applyReport(invalid, TransitionSource.POLL, T0.plusSeconds(1));

            assertThat(thenCallback.effect()).isEqualTo(ReportEffect.DUPLICATE);
            assertThat(thenCallback.submission().conflicts()).isEmpty();
            assertThat(thenCallback.submission().outcome().orElseThrow().result()).isEqualTo(Result.INVALID);
            assertThat(thenPoll.effect()).isEqualTo(ReportEffect.DUPLICATE);
            assertThat(thenPoll.submission().conflicts()).isEmpty();
            assertThat(thenPoll.submission().outcome().orElseThrow().result()).isEqualTo(Result.REJECTED);
        }

        @Test
        void aRejectionNamedTheOtherWayWithMoreDetailEnrichesTheFirstAndAnotherReasonStillConflicts() {
            Submission bare = confirmed().applyReport(new PlatformReport("plat-1", null, null, null, null,
                    Outcome.of(PlatformStatus.COMPLETED, Result.INVALID, ReasonCode.of("DUKCAPIL_REJECTED"), null,
                            null, null, null)), TransitionSource.POLL, T0).submission();

            ReportApplication detailed = bare.applyReport(
                    report(PlatformStatus.COMPLETED, Result.REJECTED, "DUKCAPIL_REJECTED"), TransitionSource.CALLBACK,
                    T0.plusSeconds(1));
            ReportApplication otherReason = bare.applyReport(
                    report(PlatformStatus.COMPLETED, Result.REJECTED, "NOT_EKTP"), TransitionSource.CALLBACK,
                    T0.plusSeconds(1));

            assertThat(detailed.effect()).isEqualTo(ReportEffect.ENRICHED);
            assertThat(detailed.submission().conflicts()).isEmpty();
            assertThat(detailed.submission().outcome().orElseThrow().result()).isEqualTo(Result.INVALID);
            assertThat(detailed.submission().outcome().orElseThrow().verificationResult()).isNotNull();
            assertThat(otherReason.effect()).isEqualTo(ReportEffect.CONFLICT);
        }

        @Test
        void aValidAndANegativeResultForTheSameStatusAreAConflictWhicheverCameFirst() {
            PlatformReport valid = report(PlatformStatus.COMPLETED, Result.VALID, null);
            PlatformReport rejected = report(PlatformStatus.COMPLETED, Result.REJECTED, "NOT_EKTP");
            Submission verified = confirmed().applyReport(valid, TransitionSource.CALLBACK, T0).submission();
            Submission refused = confirmed().applyReport(rejected, TransitionSource.CALLBACK, T0).submission();

            ReportApplication thenRejected = verified.applyReport(rejected, TransitionSource.POLL, T0.plusSeconds(1));
            ReportApplication thenValid = refused.applyReport(valid, TransitionSource.POLL, T0.plusSeconds(1));

            assertThat(thenRejected.effect()).isEqualTo(ReportEffect.CONFLICT);
            assertThat(thenRejected.submission().outcome().orElseThrow().result()).isEqualTo(Result.VALID);
            assertThat(thenValid.effect()).isEqualTo(ReportEffect.CONFLICT);
            assertThat(thenValid.submission().outcome().orElseThrow().result()).isEqualTo(Result.REJECTED);
            assertThat(Result.VALID.sameVerdictAs(Result.INVALID)).isFalse();
            assertThat(Result.INVALID.sameVerdictAs(null)).isFalse();
            assertThat(Result.of("UNDER_REVIEW").sameVerdictAs(Result.REJECTED)).as("unknown: raw only").isFalse();
        }

        /** The history is stored in plain text and the conflict is logged: a report echoing input must not be. */
        @Test
        void aConflictingReportWhoseValuesAreNoCodesIsNotedWithoutThem() {
            Submission verified = confirmed().applyReport(report(PlatformStatus.COMPLETED, Result.VALID, null),
                    TransitionSource.CALLBACK, T0).submission();
            String name = "Siti Rahayu " + "A".repeat(10_000);
            PlatformReport echoing = report(PlatformStatus.COMPLETED, Result.of(TestData.NIK), name);

            ReportApplication noted = verified.applyReport(echoing, TransitionSource.CALLBACK, T0.plusSeconds(1));

            assertThat(noted.effect()).isEqualTo(ReportEffect.CONFLICT);
            String detail = noted.submission().conflicts().get(0).detail();
            assertThat(detail).doesNotContain(TestData.NIK, "Siti").hasSizeLessThan(200)
                    .isEqualTo("reported COMPLETED/(no code: withheld)/(no code: withheld) while COMPLETED/VALID");
        }

        @Test
        void endingAPartiallyCompletedSubmissionTakesItsVerdictAwayAndTheHistoryKeepsIt() {
            Submission partial = confirmed().applyReport(report(PlatformStatus.PARTIALLY_COMPLETED, Result.VALID, null),
                    TransitionSource.CALLBACK, T0).submission();

            Submission failed = partial.fail(new Failure("OPERATOR", "the platform lost it"),
                    TransitionSource.OPERATOR, T0.plusSeconds(1));

            assertThat(failed.status()).isEqualTo(SubmissionStatus.FAILED);
            assertThat(failed.outcome()).isEmpty();
            assertThat(failed.history()).extracting(HistoryEntry::detail)
                    .contains("PARTIALLY_COMPLETED/VALID", "OPERATOR the platform lost it");
        }

        @Test
        void aResultForASubmissionWeFailedOurselvesIsAConflictForAnOperator() {
            Submission failed = confirmed().fail(new Failure("409", "X"), TransitionSource.DRIVER, T0);

            ReportApplication applied = failed.applyReport(report(PlatformStatus.COMPLETED, Result.VALID, null),
                    TransitionSource.CALLBACK, T0);

            assertThat(applied.effect()).isEqualTo(ReportEffect.CONFLICT);
            assertThat(applied.submission().status()).isEqualTo(SubmissionStatus.FAILED);
        }

        @Test
        void anyReportThatThePlatformWentOnWithASubmissionWeEndedOurselvesIsAConflict() {
            Submission failed = confirmed().fail(new Failure("409", "X"), TransitionSource.DRIVER, T0);
            Submission expired = TestData.newCertificateRegistration(T0).initiate("plat-1", targets(T0), T0)
                    .expire(T0.plusSeconds(1));

            for (Submission ended : List.of(failed, expired)) {
                for (PlatformReport report : List.of(report(PlatformStatus.IN_PROGRESS, null, null),
                        report(PlatformStatus.PARTIALLY_COMPLETED, Result.VALID, null))) {
                    ReportApplication applied = ended.applyReport(report, TransitionSource.CALLBACK,
                            T0.plusSeconds(2));

                    assertThat(applied.effect()).as("%s after %s", report.outcome().verdict(), ended.status())
                            .isEqualTo(ReportEffect.CONFLICT);
                    assertThat(applied.submission().status()).isEqualTo(ended.status());
                    assertThat(applied.submission().conflicts()).hasSize(1);
                }
            }
            assertThat(expired.applyReport(report(PlatformStatus.INITIATED, null, null), TransitionSource.POLL,
                    T0.plusSeconds(2)).effect()).as("nothing happened after our ending").isEqualTo(ReportEffect.STALE);
        }

        @Test
        void anUnknownStatusIsKeptForAnOperatorWithoutFailing() {
            ReportApplication applied = confirmed().applyReport(
                    new PlatformReport("plat-1", null, null, null, null,
                            Outcome.of(PlatformStatus.of("ON_HOLD"), null, null, null, null, null, null)),
                    TransitionSource.CALLBACK, T0);

            assertThat(applied.effect()).isEqualTo(ReportEffect.UNRECOGNISED);
            assertThat(applied.submission().status()).isEqualTo(SubmissionStatus.CONFIRMED);
            assertThat(applied.submission().history()).last().extracting(HistoryEntry::detail)
                    .isEqualTo("reported ON_HOLD");
        }

        @Test
        void anUnknownStatusOrAnEarlierOneReportedAgainIsANoOp() {
            PlatformReport onHold = new PlatformReport("plat-1", null, null, null, null,
                    Outcome.of(PlatformStatus.of("ON_HOLD"), null, null, null, null, null, null));
            Submission noted = confirmed().applyReport(onHold, TransitionSource.POLL, T0).submission();
            Submission done = confirmed().applyReport(report(PlatformStatus.COMPLETED, Result.VALID, null),
                    TransitionSource.CALLBACK, T0).submission();
            PlatformReport partial = report(PlatformStatus.PARTIALLY_COMPLETED, Result.VALID, null);
            Submission stale = done.applyReport(partial, TransitionSource.CALLBACK, T0.plusSeconds(1)).submission();

            ReportApplication onHoldAgain = noted.applyReport(onHold, TransitionSource.POLL, T0.plusSeconds(60));
            ReportApplication staleAgain = stale.applyReport(partial, TransitionSource.POLL, T0.plusSeconds(60));

            assertThat(onHoldAgain.effect()).isEqualTo(ReportEffect.DUPLICATE);
            assertThat(onHoldAgain.submission()).isSameAs(noted);
            assertThat(staleAgain.effect()).isEqualTo(ReportEffect.DUPLICATE);
            assertThat(staleAgain.submission()).isSameAs(stale);
            assertThat(noted.applyReport(new PlatformReport("plat-1", null, null, null, null,
                    Outcome.of(PlatformStatus.of("ON_REVIEW"), null, null, null, null, null, null)),
                    TransitionSource.POLL, T0.plusSeconds(60)).effect())
                    .as("another unknown status is news").isEqualTo(ReportEffect.UNRECOGNISED);
        }

        @Test
        void twoStaleOrConflictingReportsThePlatformKeepsSendingInTurnAreEachNotedOnce() {
            Submission done = confirmed().applyReport(report(PlatformStatus.COMPLETED, Result.INVALID,
                    "DUKCAPIL_REJECTED"), TransitionSource.CALLBACK, T0).submission();
            PlatformReport error = report(PlatformStatus.ERROR, null, "SYSTEM_ERROR");
            PlatformReport partial = report(PlatformStatus.PARTIALLY_COMPLETED, Result.VALID, null);

            Submission s = done;
            for (int round = 0; round < 3; round++) {
                s = s.applyReport(error, TransitionSource.CALLBACK, T0.plusSeconds(2L * round + 1)).submission();
                s = s.applyReport(partial, TransitionSource.CALLBACK, T0.plusSeconds(2L * round + 2)).submission();
            }

            assertThat(s.history()).hasSize(done.history().size() + 2);
            assertThat(s.history()).filteredOn(entry -> entry.kind() == HistoryKind.CONFLICT).hasSize(1);
            assertThat(s.history()).filteredOn(entry -> entry.kind() == HistoryKind.STALE_REPORT).hasSize(1);
        }

        @Test
        void aPartiallyCompletedOrCompletedReportWithoutAResultIsNoVerdictAndTheVerdictAfterItIsApplied() {
            PlatformReport noResult = new PlatformReport("plat-1", null, null, null, null,
                    Outcome.of(PlatformStatus.COMPLETED, null, null, null, null, null, null));
            PlatformReport partialNoResult = new PlatformReport("plat-1", null, null, null, null,
                    Outcome.of(PlatformStatus.PARTIALLY_COMPLETED, null, null, null, null, null, null));

            Submission s = confirmed().applyReport(noResult, TransitionSource.CALLBACK, T0).submission();
            s = s.applyReport(partialNoResult, TransitionSource.POLL, T0.plusSeconds(1)).submission();

            assertThat(s.status()).isEqualTo(SubmissionStatus.CONFIRMED);
            assertThat(s.isFinal()).isFalse();
            ReportApplication verdict = s.applyReport(report(PlatformStatus.COMPLETED, Result.VALID, null),
                    TransitionSource.CALLBACK, T0.plusSeconds(2));
            assertThat(verdict.effect()).isEqualTo(ReportEffect.APPLIED);
            assertThat(verdict.submission().status()).isEqualTo(SubmissionStatus.COMPLETED);
            assertThat(verdict.submission().outcome().orElseThrow().result()).isEqualTo(Result.VALID);
            assertThat(verdict.submission().conflicts()).isEmpty();

            ReportApplication late = verdict.submission().applyReport(noResult, TransitionSource.CALLBACK,
                    T0.plusSeconds(3));
            assertThat(late.effect()).as("after the verdict it is an earlier status").isEqualTo(ReportEffect.STALE);
            assertThat(late.submission().outcome()).isEqualTo(verdict.submission().outcome());
        }

        @Test
        void aCompletedThatNamesOnlyTheVerdictKeepsTheDetailTheSameResultShowedBefore() {
            KtpData card = SubmissionFixtures.ktpData();
            VerificationResult verification = new VerificationResult("PASS", "PASS", "PASS", "PASS");
            PlatformReport partial = new PlatformReport("plat-1", null, null, null, null, Outcome.of(
                    PlatformStatus.PARTIALLY_COMPLETED, Result.VALID, null, verification, card, null,
                    T0.minusSeconds(30)));
            PlatformReport bare = new PlatformReport("plat-1", null, null, null, null,
                    Outcome.of(PlatformStatus.COMPLETED, Result.VALID, null, null, null, null, null));
            PlatformReport invalid = new PlatformReport("plat-1", null, null, null, null,
                    Outcome.of(PlatformStatus.COMPLETED, Result.INVALID, ReasonCode.of("FRAUD_REJECT"), null, null,
                            null, null));
            Submission partly = confirmed().applyReport(partial, TransitionSource.CALLBACK, T0).submission();

            Outcome completed = partly.applyReport(bare, TransitionSource.CALLBACK, T0.plusSeconds(1)).submission()
                    .outcome().orElseThrow();
            Outcome other = partly.applyReport(invalid, TransitionSource.CALLBACK, T0.plusSeconds(1)).submission()
                    .outcome().orElseThrow();

            assertThat(completed.status()).isEqualTo(PlatformStatus.COMPLETED);
            assertThat(completed.ktpData()).isEqualTo(card);
            assertThat(completed.verificationResult()).isEqualTo(verification);
            assertThat(completed.processedAt()).as("the partial's time is not the completion's").isNull();
            assertThat(other.ktpData()).as("another result keeps nothing of the partial").isNull();
            assertThat(other.verificationResult()).isNull();
        }

        @Test
        void aCompletedRejectionNamedTheOtherWayKeepsTheDetailThePartialShowed() {
            KtpData card = SubmissionFixtures.ktpData();
            VerificationResult verification = new VerificationResult("PASS", "FAIL", "PASS", "PASS");
            PlatformReport partial = new PlatformReport("plat-1", null, null, null, null, Outcome.of(
                    PlatformStatus.PARTIALLY_COMPLETED, Result.INVALID, ReasonCode.of("FACE_MISMATCH"), verification,
                    card, null, T0.minusSeconds(30)));
            PlatformReport rejected = new PlatformReport("plat-1", null, null, null, null,
                    Outcome.of(PlatformStatus.COMPLETED, Result.REJECTED, null, null, null, null, null));
            Submission partly = confirmed().applyReport(partial, TransitionSource.CALLBACK, T0).submission();

            Outcome completed = partly.applyReport(rejected, TransitionSource.CALLBACK, T0.plusSeconds(1))
                    .submission().outcome().orElseThrow();

            assertThat(completed.status()).isEqualTo(PlatformStatus.COMPLETED);
            assertThat(completed.result()).isEqualTo(Result.REJECTED);
            assertThat(completed.reasonCode()).isEqualTo(ReasonCode.of("FACE_MISMATCH"));
            assertThat(completed.ktpData()).isEqualTo(card);
            assertThat(completed.verificationResult()).isEqualTo(verification);
        }

        @Test
        void aPartialRejectionThatLandsAfterTheBareCompletionFillsInTheDetailItShowed() {
            KtpData card = SubmissionFixtures.ktpData();
            VerificationResult verification = new VerificationResult("PASS", "FAIL", "PASS", "PASS");
            PlatformReport partial = new PlatformReport("plat-1", null, null, null, null, Outcome.of(
                    PlatformStatus.PARTIALLY_COMPLETED, Result.INVALID, ReasonCode.of("FACE_MISMATCH"), verification,
                    card, null, T0.minusSeconds(30)));
            PlatformReport rejected = new PlatformReport("plat-1", null, null, null, null,
                    Outcome.of(PlatformStatus.COMPLETED, Result.REJECTED, null, null, null, null, null));
            Submission done = confirmed().applyReport(rejected, TransitionSource.CALLBACK, T0).submission();

            ReportApplication late = done.applyReport(partial, TransitionSource.CALLBACK, T0.plusSeconds(1));

            assertThat(late.effect()).isEqualTo(ReportEffect.ENRICHED);
            assertThat(late.submission().status()).isEqualTo(SubmissionStatus.COMPLETED);
            assertThat(late.submission().outcome()).as("as if the partial had come first").isEqualTo(
                    confirmed().applyReport(partial, TransitionSource.CALLBACK, T0).submission()
                            .applyReport(rejected, TransitionSource.CALLBACK, T0).submission().outcome());
            Outcome outcome = late.submission().outcome().orElseThrow();
            assertThat(outcome.status()).isEqualTo(PlatformStatus.COMPLETED);
            assertThat(outcome.result()).isEqualTo(Result.REJECTED);
            assertThat(outcome.reasonCode()).isEqualTo(ReasonCode.of("FACE_MISMATCH"));
            assertThat(outcome.verificationResult()).isEqualTo(verification);
            assertThat(outcome.ktpData()).isEqualTo(card);
            assertThat(outcome.processedAt()).as("the partial's time is not the completion's").isNull();
            assertThat(late.submission().history()).last().extracting(HistoryEntry::kind)
                    .isEqualTo(HistoryKind.ENRICHED);
            assertThat(late.submission().applyReport(partial, TransitionSource.CALLBACK, T0.plusSeconds(2))
                    .submission().outcome()).as("the same partial again adds nothing")
                    .isEqualTo(late.submission().outcome());
        }

        @Test
        void aPartialOfAnotherResultThatLandsAfterTheCompletionAddsNothingToIt() {
            PlatformReport partial = report(PlatformStatus.PARTIALLY_COMPLETED, Result.INVALID, "FACE_MISMATCH");
            PlatformReport valid = new PlatformReport("plat-1", null, null, null, null,
                    Outcome.of(PlatformStatus.COMPLETED, Result.VALID, null, null, null, null, null));
            Submission done = confirmed().applyReport(valid, TransitionSource.CALLBACK, T0).submission();

            ReportApplication late = done.applyReport(partial, TransitionSource.CALLBACK, T0.plusSeconds(1));

            assertThat(late.effect()).isEqualTo(ReportEffect.STALE);
            assertThat(late.submission().outcome()).isEqualTo(done.outcome());
        }

        @Test
        void aPartialThatLandsAfterThePurgeBringsNoPersonalDataBack() {
            VerificationResult verification = new VerificationResult("PASS", "FAIL", "PASS", "PASS");
            PlatformReport partial = new PlatformReport("plat-1", null, null, null, null, Outcome.of(
                    PlatformStatus.PARTIALLY_COMPLETED, Result.INVALID, ReasonCode.of("FACE_MISMATCH"), verification,
                    SubmissionFixtures.ktpData(), null, null));
            Submission purged = confirmed().applyReport(new PlatformReport("plat-1", null, null, null, null,
                    Outcome.of(PlatformStatus.COMPLETED, Result.REJECTED, null, null, null, null, null)),
                    TransitionSource.CALLBACK, T0).submission().purgePersonalData(T0.plusSeconds(60));

            ReportApplication late = purged.applyReport(partial, TransitionSource.CALLBACK, T0.plusSeconds(61));

            assertThat(late.effect()).isEqualTo(ReportEffect.ENRICHED);
            assertThat(late.submission().outcome().orElseThrow().ktpData()).isNull();
            assertThat(late.submission().outcome().orElseThrow().verificationResult()).isEqualTo(verification);
        }

        @Test
        void unknownResultsAndReasonCodesAreKeptRaw() {
            Submission s = confirmed().applyReport(
                    report(PlatformStatus.COMPLETED, Result.of("UNDER_REVIEW"), "SOME_FUTURE_REASON"),
                    TransitionSource.CALLBACK, T0).submission();

            Outcome outcome = s.outcome().orElseThrow();
            assertThat(outcome.result().raw()).isEqualTo("UNDER_REVIEW");
            assertThat(outcome.result().isRecognised()).isFalse();
            assertThat(outcome.reasonCode().raw()).isEqualTo("SOME_FUTURE_REASON");
            assertThat(outcome.reasonCode().known()).isEmpty();
        }

        @Test
        void aReportWithTheSameVerdictAndMoreDetailEnrichesTheOutcome() {
            PlatformReport minimal = new PlatformReport("plat-1", null, null, null, null,
                    Outcome.of(PlatformStatus.COMPLETED, Result.VALID, null, null, null, null, null));
            Submission s = confirmed().applyReport(minimal, TransitionSource.CALLBACK, T0).submission();

            ReportApplication detailed = s.applyReport(report(PlatformStatus.COMPLETED, Result.VALID, null),
                    TransitionSource.POLL, T0.plusSeconds(1));

            assertThat(detailed.effect()).isEqualTo(ReportEffect.ENRICHED);
            assertThat(detailed.submission().outcome().orElseThrow().verificationResult()).isNotNull();
        }

        @Test
        void anOutcomeReportedForAnEarlierStatusIsNoMeasureOfTheNextOnes() {
            // Reconciled while INITIATED: the platform said INITIATED, and that outcome was kept.
            Submission s = TestData.newCertificateRegistration(T0);
            s = s.initiate("plat-1", targets(T0.plus(Duration.ofDays(5))), T0.plusSeconds(1));
            s = s.applyReport(new PlatformReport("plat-1", null, null, null, null,
                    Outcome.ofStatus(PlatformStatus.INITIATED)), TransitionSource.POLL, T0.plusSeconds(2))
                    .submission();
            s = s.markUploaded(DocumentKind.KTP, T0.plusSeconds(3)).markUploaded(DocumentKind.SELFIE, T0.plusSeconds(4))
                    .recordConfirmAttempt(T0.plusSeconds(5)).confirm(T0.plus(Duration.ofMinutes(10)), T0.plusSeconds(6));

            ReportApplication polled = s.applyReport(new PlatformReport("plat-1", null, null, null, null,
                    Outcome.ofStatus(PlatformStatus.IN_PROGRESS)), TransitionSource.POLL, T0.plusSeconds(7));

            assertThat(polled.effect()).as("IN_PROGRESS is what CONFIRMED looks like, no conflict")
                    .isEqualTo(ReportEffect.ENRICHED);
            assertThat(polled.submission().outcome().orElseThrow().status()).isEqualTo(PlatformStatus.IN_PROGRESS);
            assertThat(polled.submission().status()).isEqualTo(SubmissionStatus.CONFIRMED);
        }

        /** COE's status answer says ERROR without a reason; its callback and details say which. */
        @Test
        void aReasonCodeThatComesAfterTheErrorItExplainsEnrichesTheOutcome() {
            Submission s = confirmed().applyReport(new PlatformReport("plat-1", null, null, null, null,
                    Outcome.ofStatus(PlatformStatus.ERROR)), TransitionSource.POLL, T0).submission();

            ReportApplication explained = s.applyReport(report(PlatformStatus.ERROR, null, "SYSTEM_ERROR"),
                    TransitionSource.CALLBACK, T0.plusSeconds(1));
            assertThat(explained.effect()).isEqualTo(ReportEffect.ENRICHED);
            assertThat(explained.submission().outcome().orElseThrow().reasonCode()).isEqualTo(
                    ReasonCode.of("SYSTEM_ERROR"));
            assertThat(explained.submission().conflicts()).isEmpty();

            ReportApplication bareAgain = explained.submission().applyReport(new PlatformReport("plat-1", null, null,
                    null, null, Outcome.ofStatus(PlatformStatus.ERROR)), TransitionSource.POLL, T0.plusSeconds(2));
            assertThat(bareAgain.effect()).as("a report without the reason adds nothing").isEqualTo(
                    ReportEffect.DUPLICATE);

            ReportApplication other = explained.submission().applyReport(
                    report(PlatformStatus.ERROR, null, "DUKCAPIL_IRRETRIEVABLE_ERROR"), TransitionSource.CALLBACK,
                    T0.plusSeconds(3));
            assertThat(other.effect()).as("another reason contradicts it").isEqualTo(ReportEffect.CONFLICT);
        }

        @Test
        void rejectionTextsThatComeLaterWithTheSameVerdictEnrichTheOutcome() {
            Outcome bare = Outcome.of(PlatformStatus.COMPLETED, Result.REJECTED, ReasonCode.of("NOT_EKTP"),
                    null, null, null, null);
            Map<String, RejectionText> texts = Map.of("en_ID",
                    new RejectionText("Verification rejected", "ID submitted is not eKTP"));
            Outcome withTexts = Outcome.of(PlatformStatus.COMPLETED, Result.REJECTED, ReasonCode.of("NOT_EKTP"),
                    null, null, null, null, texts);
            Submission s = confirmed().applyReport(new PlatformReport("plat-1", null, null, null, null, bare),
                    TransitionSource.CALLBACK, T0).submission();

            ReportApplication enriched = s.applyReport(new PlatformReport("plat-1", null, null, null, null,
                    withTexts), TransitionSource.POLL, T0.plusSeconds(1));

            assertThat(enriched.effect()).isEqualTo(ReportEffect.ENRICHED);
            assertThat(enriched.submission().outcome().orElseThrow().rejectionTexts()).isEqualTo(texts);
            assertThat(withTexts.lacksDetailOf(bare)).isFalse();
            assertThat(withTexts.withoutPersonalData().rejectionTexts()).as("free text: erased at the purge").isEmpty();
        }

        @Test
        void theOutcomeKeepsAResultOnlyWithPartiallyCompletedOrCompletedAndAReasonOnlyWhenNegativeOrError() {
            Outcome errorWithResult = Outcome.of(PlatformStatus.ERROR, Result.VALID, ReasonCode.of("SYSTEM_ERROR"),
                    null, null, null, null);
            Outcome validWithReason = Outcome.of(PlatformStatus.COMPLETED, Result.VALID, ReasonCode.of("NOT_EKTP"),
                    null, null, null, null);
            Outcome rejected = Outcome.of(PlatformStatus.COMPLETED, Result.REJECTED, ReasonCode.of("NOT_EKTP"),
                    null, null, null, null);

            assertThat(errorWithResult.result()).isNull();
            assertThat(errorWithResult.reasonCode()).isEqualTo(ReasonCode.of("SYSTEM_ERROR"));
            assertThat(validWithReason.reasonCode()).isNull();
            assertThat(rejected.result().isNegative()).isTrue();
            assertThat(rejected.reasonCode().known()).contains(KnownReasonCode.NOT_EKTP);
        }

        @Test
        void aCallbackCanFinishASubmissionBeforeTheDriverRecordedItsConfirm() {
            Submission uploaded = TestData.newCertificateRegistration(T0).initiate("plat-1", targets(T0), T0)
                    .markUploaded(DocumentKind.KTP, T0).markUploaded(DocumentKind.SELFIE, T0);

            ReportApplication applied = uploaded.applyReport(report(PlatformStatus.COMPLETED, Result.VALID, null),
                    TransitionSource.CALLBACK, T0);

            assertThat(applied.submission().status()).isEqualTo(SubmissionStatus.COMPLETED);
            assertThat(applied.submission().schedule().nextStepAt()).isNull();
        }

        @Test
        void anIdentityVerificationAdoptsThePlatformsSubmissionIdFromItsFirstReport() {
            Submission launched = TestData.newIdentityVerification(TestData.partnerUser(), T0).recordConfirmAttempt(T0)
                    .initiateVerification(new VerificationLaunch("tok", null, T0.plusSeconds(9999)), T0, T0);

            Submission done = launched.applyReport(new PlatformReport("siv-9", "STANDALONE_IDENTITY_VERIFICATION",
                    null, null, launched.partnerSessionId(),
                    Outcome.of(PlatformStatus.COMPLETED, Result.VALID, null, null, null, null, null)),
                    TransitionSource.CALLBACK, T0).submission();

            assertThat(done.platformSubmissionId()).contains("siv-9");
            assertThat(done.status()).isEqualTo(SubmissionStatus.COMPLETED);
        }

        @Test
        void anIdentityVerificationStillToBeLaunchedIsNotInitiatedByAReportWithoutItsLaunch() {
            Submission created = TestData.newIdentityVerification(TestData.partnerUser(), T0).recordConfirmAttempt(T0);
            PlatformReport initiated = new PlatformReport("siv-lost", "STANDALONE_IDENTITY_VERIFICATION", null, null,
                    created.partnerSessionId(), Outcome.ofStatus(PlatformStatus.INITIATED));
            PlatformReport unknown = new PlatformReport("siv-lost", "STANDALONE_IDENTITY_VERIFICATION", null, null,
                    created.partnerSessionId(), Outcome.ofStatus(PlatformStatus.of("AWAITING_USER")));

            ReportApplication noted = created.applyReport(initiated, TransitionSource.POLL, T0.plusSeconds(1));
            ReportApplication unrecognised = created.applyReport(unknown, TransitionSource.POLL, T0.plusSeconds(1));

            assertThat(noted.effect()).isEqualTo(ReportEffect.STALE);
            assertThat(noted.submission().status()).isEqualTo(SubmissionStatus.CREATED);
            assertThat(noted.submission().platformSubmissionId()).as("a relaunch may have another").isEmpty();
            assertThat(noted.submission().history()).last().extracting(HistoryEntry::kind)
                    .isEqualTo(HistoryKind.STALE_REPORT);
            assertThat(noted.submission().applyReport(initiated, TransitionSource.POLL, T0.plusSeconds(2)).effect())
                    .isEqualTo(ReportEffect.DUPLICATE);
            assertThat(unrecognised.submission().platformSubmissionId()).isEmpty();
            Submission launched = noted.submission().initiateVerification(
                    new VerificationLaunch("tok", null, T0.plusSeconds(9999)), T0.plusSeconds(60), T0.plusSeconds(3));
            assertThat(launched.status()).isEqualTo(SubmissionStatus.INITIATED);
        }

        @Test
        void aDocumentFlowStillToBeInitiatedIsNotMovedOnByAReportWithoutItsUploadUrls() {
            Submission registration = TestData.newCertificateRegistration(T0);
            Submission scan = TestData.newKtpScan(TestData.partnerUser(), T0);

            for (Submission created : List.of(registration, scan)) {
                PlatformReport lost = new PlatformReport("plat-1", created.flow().name(), null, null,
                        created.partnerSessionId(), Outcome.ofStatus(PlatformStatus.INITIATED));

                ReportApplication noted = created.applyReport(lost, TransitionSource.POLL, T0.plusSeconds(1));

                assertThat(noted.effect()).as(created.flow().name()).isEqualTo(ReportEffect.STALE);
                assertThat(noted.submission().status()).isEqualTo(SubmissionStatus.CREATED);
                assertThat(noted.submission().platformSubmissionId()).as("a new initiate may have another").isEmpty();
                assertThat(noted.submission().documents().values()).allMatch(d -> d.uploadUrl() == null);
                assertThat(noted.submission().history()).last().extracting(HistoryEntry::kind)
                        .isEqualTo(HistoryKind.STALE_REPORT);
                assertThat(noted.submission().applyReport(lost, TransitionSource.POLL, T0.plusSeconds(2)).effect())
                        .isEqualTo(ReportEffect.DUPLICATE);
            }
            Submission initiated = registration.applyReport(new PlatformReport("plat-1", "CERT_REG", null, null,
                    registration.partnerSessionId(), Outcome.ofStatus(PlatformStatus.INITIATED)),
                    TransitionSource.CALLBACK, T0.plusSeconds(1)).submission()
                    .initiate("plat-2", targets(T0.plusSeconds(600)), T0.plusSeconds(2));
            assertThat(initiated.status()).isEqualTo(SubmissionStatus.INITIATED);
            assertThat(initiated.platformSubmissionId()).contains("plat-2");
        }

        @Test
        void aDocumentFlowStillToBeInitiatedTakesAReportThatThePlatformWentOnWithIt() {
            Submission created = TestData.newCertificateRegistration(T0);

            ReportApplication applied = created.applyReport(new PlatformReport("plat-1", "CERT_REG", null, null,
                    created.partnerSessionId(), Outcome.ofStatus(PlatformStatus.IN_PROGRESS)),
                    TransitionSource.CALLBACK, T0.plusSeconds(1));

            assertThat(applied.effect()).isEqualTo(ReportEffect.APPLIED);
            assertThat(applied.submission().status()).isEqualTo(SubmissionStatus.CONFIRMED);
            assertThat(applied.submission().platformSubmissionId()).contains("plat-1");
        }

        @Test
        void anIdentityVerificationStillToBeLaunchedTakesAResultThatEndsIt() {
            Submission created = TestData.newIdentityVerification(TestData.partnerUser(), T0).recordConfirmAttempt(T0);

            Submission done = created.applyReport(new PlatformReport("siv-9", "STANDALONE_IDENTITY_VERIFICATION", null,
                    null, created.partnerSessionId(), Outcome.of(PlatformStatus.COMPLETED, Result.VALID, null, null,
                    null, null, null)), TransitionSource.CALLBACK, T0).submission();

            assertThat(done.status()).isEqualTo(SubmissionStatus.COMPLETED);
            assertThat(done.platformSubmissionId()).contains("siv-9");
        }

        @Test
        void reportsInEveryOrderWithDuplicatesAlwaysReachTheSameFinalState() {
            VerificationResult verification = new VerificationResult("PASS", "PASS", "PASS", "PASS");
            KtpData card = SubmissionFixtures.ktpData();
            CertificateRegistration registration = new CertificateRegistration("reg-1", false, true, "NEW_USER");
            Instant completedAt = Instant.parse("2026-11-20T10:05:00Z");
            PlatformReport partial = new PlatformReport("plat-1", "CERT_REG", null, null, null, Outcome.of(
                    PlatformStatus.PARTIALLY_COMPLETED, Result.VALID, null, verification, card, null,
                    T0.plusSeconds(30)));
            // The COMPLETED names its verdict, the certificate and its time, not what the partial showed.
            PlatformReport completed = new PlatformReport("plat-1", "CERT_REG", null, null, null, Outcome.of(
                    PlatformStatus.COMPLETED, Result.VALID, null, null, null, registration, completedAt));

            assertEveryOrderEndsIn(partial, completed, new Outcome(PlatformStatus.COMPLETED, Result.VALID, null,
                    verification, card, registration, completedAt, Map.of()));
        }

        @Test
        void rejectionReportsInEveryOrderWithDuplicatesAlwaysReachTheSameFinalState() {
            VerificationResult verification = new VerificationResult("PASS", "FAIL", "PASS", "PASS");
            KtpData card = SubmissionFixtures.ktpData();
            PlatformReport partial = new PlatformReport("plat-1", "CERT_REG", null, null, null, Outcome.of(
                    PlatformStatus.PARTIALLY_COMPLETED, Result.INVALID, ReasonCode.of("FACE_MISMATCH"), verification,
                    card, null, T0.plusSeconds(30)));
            PlatformReport completed = new PlatformReport("plat-1", "CERT_REG", null, null, null,
                    Outcome.of(PlatformStatus.COMPLETED, Result.REJECTED, null, null, null, null, null));

            assertEveryOrderEndsIn(partial, completed, new Outcome(PlatformStatus.COMPLETED, Result.REJECTED,
                    ReasonCode.of("FACE_MISMATCH"), verification, card, null, null, Map.of()));
        }

        /** Applies IN_PROGRESS, the partial, the completion and a repeat of each of the last two in every order. */
        private void assertEveryOrderEndsIn(PlatformReport partial, PlatformReport completed, Outcome expected) {
            PlatformReport inProgress = new PlatformReport("plat-1", "CERT_REG", null, null, null,
                    Outcome.ofStatus(PlatformStatus.IN_PROGRESS));
            List<PlatformReport> reports = List.of(inProgress, partial, completed, partial, completed);
            Submission start = TestData.newCertificateRegistration(T0).initiate("plat-1", targets(T0), T0)
                    .markUploaded(DocumentKind.KTP, T0).markUploaded(DocumentKind.SELFIE, T0);

            List<List<PlatformReport>> orders = permutations(reports);
            assertThat(orders).hasSize(120);
            for (List<PlatformReport> order : orders) {
                Submission s = start;
                for (PlatformReport r : order) {
                    s = s.applyReport(r, TransitionSource.CALLBACK, T0).submission();
                }
                assertThat(s.status()).as("after %s", order).isEqualTo(SubmissionStatus.COMPLETED);
                assertThat(s.outcome()).as("after %s", order).contains(expected);
                assertThat(s.conflicts()).as("after %s", order).isEmpty();
            }
        }

        private static <T> List<List<T>> permutations(List<T> items) {
            if (items.isEmpty()) {
                return List.of(List.of());
            }
            List<List<T>> result = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                List<T> rest = new ArrayList<>(items);
                T head = rest.remove(i);
                for (List<T> tail : permutations(rest)) {
                    List<T> order = new ArrayList<>();
                    order.add(head);
                    order.addAll(tail);
                    result.add(order);
                }
            }
            return result;
        }
    }
}
