package dev.onekycbridge.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.identity.DeviceDetails;
import dev.onekycbridge.core.port.in.ConsentForm;
import dev.onekycbridge.core.port.in.ConsentTextForm;
import dev.onekycbridge.core.port.in.DataVerificationForm;
import dev.onekycbridge.core.port.in.StartCertificateRegistration;
import dev.onekycbridge.core.port.in.StartIdentityVerification;
import dev.onekycbridge.core.port.in.StartKtpScan;
import dev.onekycbridge.core.port.in.StartedSubmission;
import dev.onekycbridge.core.port.in.SubmissionConflictException;
import dev.onekycbridge.core.port.in.UserDetailsForm;
import dev.onekycbridge.core.port.in.VerificationForm;
import dev.onekycbridge.core.port.out.StoreUnavailableException;
import dev.onekycbridge.core.port.out.SubmissionStore;
import dev.onekycbridge.core.submission.CertificateRegistrationInput;
import dev.onekycbridge.core.submission.Failure;
import dev.onekycbridge.core.submission.FlowType;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionStatus;
import dev.onekycbridge.core.submission.TransitionSource;
import dev.onekycbridge.core.testing.TestData;
import dev.onekycbridge.core.validation.FieldError;
import dev.onekycbridge.core.validation.ValidationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StartSubmissionServiceTest {
    private final WorkflowFixture f = new WorkflowFixture();

    static StartCertificateRegistration registration(String userId, String nik, String key) {
        return new StartCertificateRegistration(userId, TestData.PARTNER_USER_ID_TYPE,
                new UserDetailsForm(TestData.NAME, nik, TestData.DATE_OF_BIRTH, TestData.EMAIL, "0812-3456-7890",
                        new DataVerificationForm(new VerificationForm(true, "ev-1"), new VerificationForm(true, "pv-1"))),
                "en_ID",
                List.of(new ConsentForm("Digi", "termsAndConditions", true,
                        Map.of("en_ID", new ConsentTextForm("https://partner.example/terms", "I agree")),
                        "1762934400000", "Mozilla/5.0", "2001:db8::7", null)),
                Map.of(), DocumentSource.ofBytes(TestData.jpeg(8000)), DocumentSource.ofBytes(TestData.png(8000)), key);
    }

    @Test
    void aValidRegistrationIsStoredCreatedWithItsImagesStagedAndNothingSentToThePlatform() {
        StartedSubmission started = f.intake.startCertificateRegistration(registration("u-1", TestData.NIK, null));

        assertThat(started.replayed()).isFalse();
        assertThat(started.submission().status()).isEqualTo(SubmissionStatus.CREATED);
        assertThat(started.submission().flow()).isEqualTo(FlowType.CERT_REG);
        assertThat(f.store.findById(started.submission().id())).isPresent();
        assertThat(f.staged.count()).isEqualTo(2);
        assertThat(f.platform.submissions()).isEmpty();
    }

    @Test
    void anImageThatFailsToBeReadForStagingLeavesNoImageStagedAndNoSubmission() {
        StartCertificateRegistration valid = registration("u-1", TestData.NIK, null);
        byte[] selfie = TestData.png(8000);
        AtomicInteger opened = new AtomicInteger();
        // Read whole for the validation, then gone when it is staged.
        DocumentSource vanishing = () -> {
            if (opened.incrementAndGet() > 1) {
                throw new IOException("upload deleted");
            }
            return new ByteArrayInputStream(selfie);
        };
        StartCertificateRegistration command = new StartCertificateRegistration(valid.partnerUserId(),
                valid.partnerUserIdType(), valid.userDetails(), valid.userLocale(), valid.consentData(),
                valid.additionalData(), valid.ktp(), vanishing, null);

        assertThatThrownBy(() -> f.intake.startCertificateRegistration(command))
                .isInstanceOf(UncheckedIOException.class);

        assertThat(opened).hasValue(2);
        assertThat(f.staged.count()).isZero();
        assertThat(f.store.all()).isEmpty();
    }

    /**
     * The connection dropped while the insert committed (a socket timeout): the database committed it all the same,
     * but a look right after, on another connection, does not see it yet. Before, the images were discarded, and the
     * driver then failed the submission for its missing images.
     */
    @Test
    void anInsertWhoseOutcomeIsUnclearKeepsItsImagesThoughTheSubmissionIsNotFoundYet() {
        SubmissionStore committedUnseen = failingInsert(new StoreUnavailableException(
                "storing a submission failed: the database stopped answering (SQL state 08006)", null), true);
        StartSubmissionService intake = new StartSubmissionService(f.validator, committedUnseen, f.staged, f.events,
                f.clock);

        assertThatThrownBy(() -> intake.startCertificateRegistration(registration("u-1", TestData.NIK, null)))
                .isInstanceOf(StoreUnavailableException.class);

        Submission stored = f.store.all().get(0);
        assertThat(f.staged.find(stored.id(), DocumentKind.KTP)).isPresent();
        assertThat(f.staged.find(stored.id(), DocumentKind.SELFIE)).isPresent();
    }

    /** The database refused the insert (a full disk): nothing was stored, and its images go. */
    @Test
    void anInsertTheStoreSaysWroteNothingDiscardsItsImages() {
        SubmissionStore refusing = failingInsert(new StoreUnavailableException(
                "storing a submission failed: the database server's disk is full (SQL state 53100)", null, true),
                false);
        StartSubmissionService intake = new StartSubmissionService(f.validator, refusing, f.staged, f.events, f.clock);

        assertThatThrownBy(() -> intake.startCertificateRegistration(registration("u-1", TestData.NIK, null)))
                .isInstanceOf(StoreUnavailableException.class);

        assertThat(f.store.all()).isEmpty();
        assertThat(f.staged.count()).isZero();
    }

    /**
     * The fixture's store, but whose insert fails with {@code failure}, after storing the submission if
     * {@code committed}, and whose look up by id misses it until a later read: a commit another connection does not
     * see yet.
     */
    private SubmissionStore failingInsert(RuntimeException failure, boolean committed) {
        AtomicInteger lookups = new AtomicInteger();
        return (SubmissionStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SubmissionStore.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "insert" -> {
                        if (committed) {
                            f.store.insert((Submission) args[0]);
                        }
                        throw failure;
                    }
                    case "findById" -> lookups.incrementAndGet() == 1 ? Optional.empty()
                            : method.invoke(f.store, args);
                    default -> method.invoke(f.store, args);
                });
    }

    @Test
    void everyInvalidFieldIsReportedAtOnceAndNothingIsStored() {
        StartCertificateRegistration bad = new StartCertificateRegistration("", "T",
                new UserDetailsForm("R2D2", "123", "31-02-1990", "nope", "12345", null), "fr_FR", List.of(),
                Map.of(), DocumentSource.ofBytes("plain text, not an image, long enough?".repeat(100).getBytes()),
                null, null);

        assertThatThrownBy(() -> f.intake.startCertificateRegistration(bad))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field)
                        .contains("partnerUserId", "userLocale", "userDetails.name", "userDetails.nik",
                                "userDetails.dateOfBirth", "userDetails.email", "userDetails.phoneNumber",
                                "userDetails.dataVerification", "consentData", "ktp", "selfie"));
        assertThat(f.store.all()).isEmpty();
        assertThat(f.staged.count()).isZero();
    }

    @Test
    void aSecondActiveSubmissionForTheSameUserAndFlowIsAConflictNamingTheFirst() {
        StartedSubmission first = f.intake.startCertificateRegistration(registration("u-1", TestData.NIK, null));

        assertThatThrownBy(() -> f.intake.startCertificateRegistration(registration("u-1", TestData.NIK, null)))
                .isInstanceOfSatisfying(SubmissionConflictException.class, e -> {
                    assertThat(e.reason()).isEqualTo(SubmissionConflictException.Reason.ACTIVE_SUBMISSION_EXISTS);
                    assertThat(e.existing()).isEqualTo(first.submission().id());
                });
        assertThat(f.staged.count()).isEqualTo(2);
    }

    /**
     * Esign's Get Submission Details answers with the user's latest CERT_REG or SIV submission, whichever it is: with
     * both active, the one started first could never be polled for its result again.
     */
    @Test
    void aRegistrationWhileTheUserHasAnActiveIdentityVerificationIsAConflictNamingIt() {
        IdentityVerificationService verifications = new IdentityVerificationService(f.validator, f.store, f.driver,
                f.events, f.clock, f.settings);
        StartedSubmission verification = verifications.startIdentityVerification(new StartIdentityVerification(
                "u-1", TestData.PARTNER_USER_ID_TYPE, null, "081234567890",
                new DataVerificationForm(null, new VerificationForm(true, "pv-1")), "SDK", null, null, null, null));

        assertThatThrownBy(() -> f.intake.startCertificateRegistration(registration("u-1", TestData.NIK, null)))
                .isInstanceOfSatisfying(SubmissionConflictException.class, e -> {
                    assertThat(e.reason()).isEqualTo(SubmissionConflictException.Reason.ACTIVE_SUBMISSION_EXISTS);
                    assertThat(e.existing()).isEqualTo(verification.submission().id());
                });
        assertThat(f.staged.count()).isZero();
    }

    @Test
    void aKtpScanGoesOnBesideTheUsersActiveRegistration() {
        f.intake.startCertificateRegistration(registration("u-1", TestData.NIK, null));

        StartedSubmission scan = f.intake.startKtpScan(new StartKtpScan("u-1", TestData.PARTNER_USER_ID_TYPE,
                DocumentSource.ofBytes(TestData.jpeg(8000)), null));

        assertThat(scan.submission().flow()).isEqualTo(FlowType.KTP_SCAN);
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyReturnsTheFirstSubmission() {
        StartedSubmission first = f.intake.startCertificateRegistration(registration("u-1", TestData.NIK, "key-1"));
        StartedSubmission again = f.intake.startCertificateRegistration(registration("u-1", TestData.NIK, "key-1"));

        assertThat(again.replayed()).isTrue();
        assertThat(again.submission().id()).isEqualTo(first.submission().id());
        assertThat(f.store.all()).hasSize(1);
    }

    /**
     * Two identical requests with one key at once: the second looked the key up before the first stored its
     * submission, and then finds that submission active. It is the key's own: the second gets it, not a conflict.
     */
    @Test
    void aRetryThatFindsTheSubmissionItsKeyCreatedMeanwhileActiveGetsThatSubmission() {
        StartedSubmission first = f.intake.startCertificateRegistration(registration("u-1", TestData.NIK, "key-1"));
        SubmissionStore keyNotYetCommitted = (SubmissionStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SubmissionStore.class}, (proxy, method, args) ->
                        method.getName().equals("findByIdempotencyKey") ? Optional.empty() : method.invoke(f.store,
                                args));
        StartSubmissionService racing = new StartSubmissionService(f.validator, keyNotYetCommitted, f.staged,
                f.events, f.clock);

        StartedSubmission again = racing.startCertificateRegistration(registration("u-1", TestData.NIK, "key-1"));

        assertThat(again.replayed()).isTrue();
        assertThat(again.submission().id()).isEqualTo(first.submission().id());
        assertThatThrownBy(() -> racing.startCertificateRegistration(registration("u-1", TestData.NIK, "key-2")))
                .isInstanceOfSatisfying(SubmissionConflictException.class, e -> assertThat(e.reason())
                        .isEqualTo(SubmissionConflictException.Reason.ACTIVE_SUBMISSION_EXISTS));
        assertThatThrownBy(() -> racing.startCertificateRegistration(
                registration("u-1", "3171011505900002", "key-1")))
                .isInstanceOfSatisfying(SubmissionConflictException.class, e -> assertThat(e.reason())
                        .isEqualTo(SubmissionConflictException.Reason.IDEMPOTENCY_KEY_REUSED));
        assertThat(f.store.all()).hasSize(1);
    }

    @Test
    void aRetryWithAKeyWhoseFirstRequestTheRetentionPurgeErasedIsAConflictThatSaysSoNotADifferentRequest() {
        StartCertificateRegistration request = registration("u-1", TestData.NIK, "key-1");
        Submission first = f.intake.startCertificateRegistration(request).submission();
        Instant now = f.clock.instant();
        f.store.save(f.store.save(first.fail(new Failure("400-001", "refused"), TransitionSource.DRIVER, now))
                .purgePersonalData(now));

        assertThatThrownBy(() -> f.intake.startCertificateRegistration(request))
                .isInstanceOfSatisfying(SubmissionConflictException.class, e -> {
                    assertThat(e.reason()).isEqualTo(SubmissionConflictException.Reason.IDEMPOTENCY_KEY_ERASED);
                    assertThat(e.getMessage()).contains("erased").doesNotContain("different request");
                    assertThat(e.existing()).isEqualTo(first.id());
                });
    }

    @Test
    void theSameIdempotencyKeyForADifferentRequestIsAConflict() {
        f.intake.startCertificateRegistration(registration("u-1", TestData.NIK, "key-1"));

        assertThatThrownBy(() -> f.intake.startCertificateRegistration(
                registration("u-1", "3171011505900002", "key-1")))
                .isInstanceOfSatisfying(SubmissionConflictException.class, e -> assertThat(e.reason())
                        .isEqualTo(SubmissionConflictException.Reason.IDEMPOTENCY_KEY_REUSED));
    }

    @Test
    void theSameIdempotencyKeyForARequestThatDiffersOnlyInVerificationConsentOrAdditionalDataIsAConflict() {
        StartCertificateRegistration first = registration("u-1", TestData.NIK, "key-1");
        f.intake.startCertificateRegistration(first);
        UserDetailsForm details = first.userDetails();
        ConsentForm consent = first.consentData().get(0);
        List<StartCertificateRegistration> different = List.of(
                withDetails(first, new UserDetailsForm(details.name(), details.nik(), details.dateOfBirth(),
                        details.email(), details.phoneNumber(), new DataVerificationForm(
                                new VerificationForm(true, "ev-2"), details.dataVerification().phoneNumber()))),
                withConsent(first, new ConsentForm(consent.entity(), consent.consentType(), true, consent.details(),
                        consent.timestamp(), consent.userAgent(), "203.0.113.9", null)),
                withConsent(first, new ConsentForm(consent.entity(), consent.consentType(), true,
                        Map.of("en_ID", new ConsentTextForm("https://partner.example/terms-v2", "I agree")),
                        consent.timestamp(), consent.userAgent(), consent.userIp(), null)),
                withAdditionalData(first, Map.of("campaign", "b")));

        for (StartCertificateRegistration request : different) {
            assertThatThrownBy(() -> f.intake.startCertificateRegistration(request))
                    .isInstanceOfSatisfying(SubmissionConflictException.class, e -> assertThat(e.reason())
                            .isEqualTo(SubmissionConflictException.Reason.IDEMPOTENCY_KEY_REUSED));
        }
        assertThat(f.store.all()).hasSize(1);
    }

    /** The unique ids are masked alike in logs; the fingerprint must still tell them apart. */
    @Test
    void theSameIdempotencyKeyForADeviceWithAnotherUniqueIdOfTheSameLengthIsAConflict() {
        StartCertificateRegistration base = registration("u-1", TestData.NIK, "key-1");
        ConsentForm consent = base.consentData().get(0);
        StartCertificateRegistration first = withConsent(base, withDevice(consent, "device-0001"));
        Submission stored = f.intake.startCertificateRegistration(first).submission();

        assertThat(f.intake.startCertificateRegistration(withConsent(base, withDevice(consent, "device-0001"))))
                .satisfies(replay -> {
                    assertThat(replay.replayed()).isTrue();
                    assertThat(replay.submission().id()).isEqualTo(stored.id());
                });
        assertThatThrownBy(() -> f.intake.startCertificateRegistration(
                withConsent(base, withDevice(consent, "device-0002"))))
                .isInstanceOfSatisfying(SubmissionConflictException.class, e -> assertThat(e.reason())
                        .isEqualTo(SubmissionConflictException.Reason.IDEMPOTENCY_KEY_REUSED));
        assertThat(f.store.all()).hasSize(1);
    }

    private static ConsentForm withDevice(ConsentForm consent, String uniqueId) {
        return new ConsentForm(consent.entity(), consent.consentType(), consent.consentGiven(), consent.details(),
                consent.timestamp(), consent.userAgent(), consent.userIp(), new DeviceDetails("Android 14", "Samsung",
                        "SM-A546E", uniqueId, "Telkomsel", "id.partner.app", "3.2.1"));
    }

    @Test
    void theOrderOfTheAdditionalDataKeysDoesNotMakeARetryADifferentRequest() {
        Map<String, Object> ab = new java.util.LinkedHashMap<>();
        ab.put("a", 1);
        ab.put("b", Map.of("x", List.of("y", true)));
        Map<String, Object> ba = new java.util.LinkedHashMap<>();
        ba.put("b", Map.of("x", List.of("y", true)));
        ba.put("a", 1);
        StartCertificateRegistration base = registration("u-1", TestData.NIK, "key-1");
        StartedSubmission first = f.intake.startCertificateRegistration(withAdditionalData(base, ab));

        StartedSubmission again = f.intake.startCertificateRegistration(withAdditionalData(base, ba));

        assertThat(again.replayed()).isTrue();
        assertThat(again.submission().id()).isEqualTo(first.submission().id());
    }

    /** An embedding application may reuse or change its own maps and lists once it has built the request. */
    @Test
    void whatTheCallerChangesAfterBuildingTheRequestIsNeitherCheckedNorStored() {
        Map<String, Object> customer = new java.util.LinkedHashMap<>(Map.of("tier", "gold"));
        List<Object> tags = new java.util.ArrayList<>(List.of("a"));
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("customer", customer);
        data.put("tags", tags);
        Map<String, ConsentTextForm> texts = new java.util.HashMap<>(
                Map.of("en_ID", new ConsentTextForm("https://partner.example/terms", "I agree")));
        List<ConsentForm> consents = new java.util.ArrayList<>(List.of(new ConsentForm("Digi", "termsAndConditions",
                true, texts, "1762934400000", "Mozilla/5.0", "2001:db8::7", null)));
        StartCertificateRegistration base = registration("u-1", TestData.NIK, null);
        StartCertificateRegistration command = new StartCertificateRegistration(base.partnerUserId(),
                base.partnerUserIdType(), base.userDetails(), base.userLocale(), consents, data, base.ktp(),
                base.selfie(), null);

        customer.put("tier", Double.NaN); // a value the check refuses
        tags.add("b");
        texts.clear();
        consents.clear();
        StartedSubmission started = f.intake.startCertificateRegistration(command);
        customer.put("tier", "platinum");
        data.put("late", "x");

        Map<String, Object> stored = ((CertificateRegistrationInput) f.store.findById(started.submission().id())
                .orElseThrow().input().orElseThrow()).additionalData();
        assertThat(stored).isEqualTo(Map.of("customer", Map.of("tier", "gold"), "tags", List.of("a")));
        assertThatThrownBy(() -> ((Map<?, ?>) stored.get("customer")).clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    private static StartCertificateRegistration withDetails(StartCertificateRegistration r, UserDetailsForm details) {
        return new StartCertificateRegistration(r.partnerUserId(), r.partnerUserIdType(), details, r.userLocale(),
                r.consentData(), r.additionalData(), DocumentSource.ofBytes(TestData.jpeg(8000)),
                DocumentSource.ofBytes(TestData.png(8000)), r.idempotencyKey());
    }

    private static StartCertificateRegistration withConsent(StartCertificateRegistration r, ConsentForm consent) {
        return new StartCertificateRegistration(r.partnerUserId(), r.partnerUserIdType(), r.userDetails(),
                r.userLocale(), List.of(consent), r.additionalData(), DocumentSource.ofBytes(TestData.jpeg(8000)),
                DocumentSource.ofBytes(TestData.png(8000)), r.idempotencyKey());
    }

    private static StartCertificateRegistration withAdditionalData(StartCertificateRegistration r,
                                                                   Map<String, Object> data) {
        return new StartCertificateRegistration(r.partnerUserId(), r.partnerUserIdType(), r.userDetails(),
                r.userLocale(), r.consentData(), data, DocumentSource.ofBytes(TestData.jpeg(8000)),
                DocumentSource.ofBytes(TestData.png(8000)), r.idempotencyKey());
    }

    @Test
    void aKtpScanNeedsOnlyTheKtpImage() {
        StartedSubmission started = f.intake.startKtpScan(new StartKtpScan("u-2", "CLIENT_X_USER_ID",
                DocumentSource.ofBytes(TestData.png(5000)), null));

        assertThat(started.submission().flow()).isEqualTo(FlowType.KTP_SCAN);
        assertThat(started.submission().documents()).hasSize(1);
    }

    @Test
    void differentUsersMayRegisterAtTheSameTime() {
        f.intake.startCertificateRegistration(registration("u-1", TestData.NIK, null));
        f.intake.startCertificateRegistration(registration("u-2", TestData.NIK, null));

        assertThat(f.store.all()).hasSize(2);
    }
}
