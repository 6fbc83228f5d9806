package dev.onekycbridge.core.service;

import dev.onekycbridge.core.document.DocumentFacts;
import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.identity.ApplicantDetails;
import dev.onekycbridge.core.identity.ConsentRecord;
import dev.onekycbridge.core.identity.PartnerUser;
import dev.onekycbridge.core.port.in.StartCertificateRegistration;
import dev.onekycbridge.core.port.in.StartCertificateRegistrationUseCase;
import dev.onekycbridge.core.port.in.StartKtpScan;
import dev.onekycbridge.core.port.in.StartKtpScanUseCase;
import dev.onekycbridge.core.port.in.StartedSubmission;
import dev.onekycbridge.core.port.out.DuplicateSubmissionException;
import dev.onekycbridge.core.port.out.StagedDocuments;
import dev.onekycbridge.core.port.out.StoreUnavailableException;
import dev.onekycbridge.core.port.out.SubmissionEventPublisher;
import dev.onekycbridge.core.port.out.SubmissionStore;
import dev.onekycbridge.core.event.SubmissionEvent;
import dev.onekycbridge.core.submission.CertificateRegistrationInput;
import dev.onekycbridge.core.submission.FlowType;
import dev.onekycbridge.core.submission.KtpScanInput;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import dev.onekycbridge.core.submission.SubmissionInput;
import dev.onekycbridge.core.submission.SubmissionStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Accepts certificate registrations and KTP scans: validates, stages the images, stores the submission for the
 * driver. Nothing is sent to the platform here, so the answer is quick and never lost to a network failure.
 */
public final class StartSubmissionService implements StartCertificateRegistrationUseCase, StartKtpScanUseCase {
    private final RequestValidator validator;
    private final SubmissionStore store;
    private final StagedDocuments staged;
    private final SubmissionEventPublisher events;
    private final Clock clock;

    public StartSubmissionService(RequestValidator validator, SubmissionStore store, StagedDocuments staged,
                                  SubmissionEventPublisher events, Clock clock) {
        this.validator = validator;
        this.store = store;
        this.staged = staged;
        this.events = IsolatedEvents.of(events);
        this.clock = clock;
    }

    @Override
    public StartedSubmission startCertificateRegistration(StartCertificateRegistration command) {
        RequestValidator.ValidCertificateRegistration valid = validator.certificateRegistration(command);
        RequestFingerprints fingerprints = fingerprints(valid.partnerUser(), valid.input(), valid.documents());
        return start(valid.partnerUser(), valid.input(), valid.documents(),
                Map.of(DocumentKind.KTP, command.ktp(), DocumentKind.SELFIE, command.selfie()),
                command.idempotencyKey(), fingerprints);
    }

    @Override
    public StartedSubmission startKtpScan(StartKtpScan command) {
        RequestValidator.ValidKtpScan valid = validator.ktpScan(command);
        RequestFingerprints fingerprints = fingerprints(valid.partnerUser(), new KtpScanInput(), valid.documents());
        return start(valid.partnerUser(), new KtpScanInput(), valid.documents(),
                Map.of(DocumentKind.KTP, command.ktp()), command.idempotencyKey(), fingerprints);
    }

    private StartedSubmission start(PartnerUser user, SubmissionInput input, List<DocumentFacts> facts,
                                    Map<DocumentKind, DocumentSource> images, String idempotencyKey,
                                    RequestFingerprints fingerprints) {
        if (idempotencyKey != null) {
            var earlier = IdempotentStart.replay(store, idempotencyKey, fingerprints);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        FlowType flow = input.flow();
        var concurrent = IdempotentStart.againstActive(store, flow, user, idempotencyKey, fingerprints);
        if (concurrent.isPresent()) {
            return concurrent.get();
        }
        Instant now = clock.instant();
        Submission submission = Submission.create(SubmissionId.random(), user, input, facts, idempotencyKey,
                fingerprints.current(), now);
        // Images are staged before the submission exists for the driver, so it never finds one missing; all in one
        // call, so that the intake waits for one write, not one per image.
        staged.stageAll(submission.id(), images);
        Submission stored;
        try {
            stored = store.insert(submission);
        } catch (DuplicateSubmissionException e) {
            staged.discard(submission.id());
            return IdempotentStart.afterDuplicate(store, e, flow, user, idempotencyKey, fingerprints);
        } catch (RuntimeException e) {
            discardUnlessStored(submission.id(), e);
            throw e;
        }
        events.publish(new SubmissionEvent(stored, SubmissionStatus.CREATED, null));
        return new StartedSubmission(stored, false);
    }

    /**
     * After an insert that failed for another reason (store down, disk full, busy): its images would otherwise stay
     * with no submission. When the store cannot say that it wrote nothing (its connection was lost while the insert
     * committed), they stay: the database may still commit it, after a look here missed it, and its driver would
     * then find the images gone and fail it ({@code STAGED_DOCUMENT_MISSING}). The retention purge discards them
     * ({@link StagedDocuments#discardOrphans}, hourly) once {@link StagedDocuments#ORPHAN_AGE} old if it was not
     * stored after all. Otherwise they go unless the submission is found. Best effort: what fails here is added
     * to the insert's failure, which is what the caller gets; the retention purge sweeps whatever is left.
     */
    private void discardUnlessStored(SubmissionId id, RuntimeException insertFailure) {
        if (insertFailure instanceof StoreUnavailableException unavailable && !unavailable.wroteNothing()) {
            return;
        }
        try {
            if (store.findById(id).isEmpty()) {
                staged.discard(id);
            }
        } catch (RuntimeException cleanup) {
            insertFailure.addSuppressed(cleanup);
        }
    }

    private static RequestFingerprints fingerprints(PartnerUser user, SubmissionInput input,
                                                    List<DocumentFacts> documents) {
        return new RequestFingerprints(fingerprint(user, input, documents),
                fingerprintBeforeConsentAndVerification(user, input, documents));
    }

    private static String fingerprint(PartnerUser user, SubmissionInput input, List<DocumentFacts> documents) {
        RequestFingerprint fingerprint = new RequestFingerprint().add(input.flow()).add(user.userId())
                .add(user.userIdType());
        if (input instanceof CertificateRegistrationInput registration) {
            ApplicantDetails applicant = registration.applicant();
            fingerprint.add(applicant.name().value()).add(applicant.nik().value())
                    .add(applicant.dateOfBirth().wireFormat()).add(applicant.contact()).add(registration.locale());
            // Everything the confirm sends: a retry that differs in any of it is a different request.
            for (ConsentRecord record : registration.consent().records()) {
                fingerprint.add(record.entity()).add(record.consentType()).add(record.timestamp())
                        .add(record.context().userAgent()).add(record.context().userIp().value())
                        .add(record.context().deviceDetails());
                new TreeMap<>(record.details()).forEach((locale, text) ->
                        fingerprint.add(locale).add(text.url()).add(text.text()));
            }
            fingerprint.addData(registration.additionalData());
        }
        documents.forEach(document -> fingerprint.add(document.kind()).add(document.sha256()));
        return fingerprint.hex();
    }

    /**
     * The formula of the builds before the fingerprint covered the contact verification, the consent's texts and
     * context and the additional data, kept as it was ({@link RequestFingerprints}). A KTP scan's is the same.
     */
    private static String fingerprintBeforeConsentAndVerification(PartnerUser user, SubmissionInput input,
                                                                  List<DocumentFacts> documents) {
        RequestFingerprint fingerprint = new RequestFingerprint().add(input.flow()).add(user.userId())
                .add(user.userIdType());
        if (input instanceof CertificateRegistrationInput registration) {
            ApplicantDetails applicant = registration.applicant();
            fingerprint.add(applicant.name().value()).add(applicant.nik().value())
                    .add(applicant.dateOfBirth().wireFormat())
                    .add(applicant.contact().email() == null ? "" : applicant.contact().email().value())
                    .add(applicant.contact().phoneNumber() == null ? "" : applicant.contact().phoneNumber().value())
                    .add(registration.locale());
            for (ConsentRecord record : registration.consent().records()) {
                fingerprint.add(record.entity()).add(record.consentType()).add(record.timestamp());
            }
        }
        documents.forEach(document -> fingerprint.add(document.kind()).add(document.sha256()));
        return fingerprint.hex();
    }
}
