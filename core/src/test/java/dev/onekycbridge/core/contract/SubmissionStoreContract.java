package dev.onekycbridge.core.contract;

import static dev.onekycbridge.core.contract.SubmissionFixtures.T0;
import static dev.onekycbridge.core.contract.SubmissionFixtures.at;
import static dev.onekycbridge.core.contract.SubmissionFixtures.completedIdentityVerification;
import static dev.onekycbridge.core.contract.SubmissionFixtures.failed;
import static dev.onekycbridge.core.contract.SubmissionFixtures.initiated;
import static dev.onekycbridge.core.contract.SubmissionFixtures.partiallyCompleted;
import static dev.onekycbridge.core.contract.SubmissionFixtures.user;
import static dev.onekycbridge.core.contract.SubmissionFixtures.withIdempotencyKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.onekycbridge.core.document.Document;
import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.identity.PartnerUser;
import dev.onekycbridge.core.port.out.DueSubmissions;
import dev.onekycbridge.core.port.out.DuplicateSubmissionException;
import dev.onekycbridge.core.port.out.PurgeCandidate;
import dev.onekycbridge.core.port.out.StaleSubmissionException;
import dev.onekycbridge.core.port.out.SubmissionCatalog;
import dev.onekycbridge.core.port.out.SubmissionPage;
import dev.onekycbridge.core.port.out.SubmissionQuery;
import dev.onekycbridge.core.port.out.SubmissionStore;
import dev.onekycbridge.core.submission.FlowType;
import dev.onekycbridge.core.submission.HistoryEntry;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import dev.onekycbridge.core.submission.SubmissionSnapshot;
import dev.onekycbridge.core.submission.SubmissionStatus;
import dev.onekycbridge.core.testing.TestData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The rules every submission store keeps, whatever it stores in: the in-memory one, SQLite and PostgreSQL run
 * these same tests. A store is the three ports {@link SubmissionStore}, {@link DueSubmissions} and
 * {@link SubmissionCatalog} over one set of submissions.
 */
public abstract class SubmissionStoreContract {
    private static final Duration LEASE = Duration.ofMinutes(5);

    /** The three faces of one store. */
    public record Ports(SubmissionStore store, DueSubmissions due, SubmissionCatalog catalog) {
    }

    /** A store holding no submission, independent of any other test's. */
    protected abstract Ports newEmptyStore();

    /**
     * The store as another instance of the service opens it: ports of their own over the same submissions, which
     * remember nothing of this instance's work. The ports of {@link #newEmptyStore} themselves when the store keeps
     * its submissions nowhere else. Called on the test's thread, before any thread of a concurrent case starts.
     */
    protected Ports anotherInstance() {
        return ports;
    }

    /** What another instance, or this one after a restart, reads: {@link #anotherInstance}'s store. */
    protected SubmissionStore anotherReader() {
        return anotherInstance().store();
    }

    private Ports ports;
    private SubmissionStore store;
    private DueSubmissions due;
    private SubmissionCatalog catalog;

    @BeforeEach
    void openEmptyStore() {
        ports = newEmptyStore();
        store = ports.store();
        due = ports.due();
        catalog = ports.catalog();
    }

    private static Submission withoutVersion(Submission submission) {
        return atVersion(submission, 0);
    }

    private static Submission atVersion(Submission submission, long version) {
        SubmissionSnapshot s = submission.snapshot();
        return Submission.restore(new SubmissionSnapshot(s.id(), s.flow(), s.partnerUser(), s.platformSubmissionId(),
                s.partnerSessionId(), s.status(), s.input(), s.documents(), s.outcome(), s.launch(), s.failure(),
                s.schedule(), s.confirmAttemptedAt(), s.idempotencyKey(), s.requestFingerprint(), s.createdAt(),
                s.updatedAt(), s.purgedAt(), version, s.history()));
    }

    private static Submission newSubmission(FlowType flow, PartnerUser user) {
        return switch (flow) {
            case CERT_REG -> TestData.newCertificateRegistration(user, T0);
            case KTP_SCAN -> TestData.newKtpScan(user, T0);
            case SIV -> TestData.newIdentityVerification(user, T0);
        };
    }

    @Nested
    class Inserting {
        @Test
        void anInsertedSubmissionComesBackAtVersionOneWithEveryFieldAsGiven() {
            Submission created = TestData.newCertificateRegistration(user("u-1"), T0);

            Submission stored = store.insert(created);

            assertThat(stored.version()).isEqualTo(1);
            assertThat(withoutVersion(stored)).isEqualTo(withoutVersion(created));
            assertThat(store.findById(created.id())).contains(stored);
            assertThat(anotherReader().findById(created.id())).contains(stored);
        }

        @Test
        void aSubmissionInEveryShapeRoundTripsExactly() {
            List<Submission> shapes = List.of(
                    TestData.newCertificateRegistration(user("shape-1"), T0),
                    TestData.newKtpScan(user("shape-2"), T0),
                    TestData.newIdentityVerification(user("shape-3"), T0),
                    partiallyCompleted(user("shape-4"), T0),
                    completedIdentityVerification(user("shape-5"), T0),
                    failed(initiated(TestData.newCertificateRegistration(user("shape-6"), T0), "plat-6", at(1)),
                            at(2)));

            for (Submission shape : shapes) {
                Submission stored = store.insert(shape);

                assertThat(store.findById(shape.id())).as(shape.flow() + " " + shape.status()).contains(stored);
                assertThat(anotherReader().findById(shape.id())).as(shape.flow() + " " + shape.status())
                        .contains(stored);
                assertThat(withoutVersion(stored)).isEqualTo(withoutVersion(shape));
            }
        }

        @Test
        void instantsKeepEveryNanosecond() {
            Submission created = TestData.newKtpScan(user("u-nanos"), T0.plusNanos(123_456_789));

            Submission stored = store.insert(created);

            assertThat(anotherReader().findById(created.id()).orElseThrow().snapshot().createdAt())
                    .isEqualTo(T0.plusNanos(123_456_789));
            assertThat(store.findById(created.id())).contains(stored);
        }

        @Test
        void theSameIdCannotBeInsertedTwice() {
            Submission created = TestData.newKtpScan(user("u-1"), T0);
            store.insert(failed(created, T0));

            assertThatThrownBy(() -> store.insert(created)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void aSecondActiveSubmissionOfTheSameUserInTheSameFlowIsRefused() {
            store.insert(TestData.newCertificateRegistration(user("u-1"), T0));

            assertThatThrownBy(() -> store.insert(TestData.newCertificateRegistration(user("u-1"), at(1))))
                    .isInstanceOfSatisfying(DuplicateSubmissionException.class, e -> assertThat(e.reason())
                            .isEqualTo(DuplicateSubmissionException.Reason.ACTIVE_SUBMISSION_EXISTS));
            assertThat(catalog.countByStatus()).containsExactly(Map.entry(SubmissionStatus.CREATED, 1L));
        }

        /**
         * The store itself keeps one active submission per user among the flows that share a result lookup
         * ({@link FlowType#sharingItsResultLookup}): two starts that both looked and found none, at the same
         * instant, cannot both be stored.
         */
        @Test
        void aSecondActiveSubmissionOfTheSameUserInAFlowSharingTheResultLookupIsRefused() {
            for (FlowType first : FlowType.values()) {
                for (FlowType second : FlowType.values()) {
                    PartnerUser user = user("u-" + first + "-" + second);
                    Submission stored = store.insert(newSubmission(first, user));
                    Submission another = newSubmission(second, user);

                    if (first.sharingItsResultLookup().contains(second)) {
                        assertThat(catchThrowable(() -> store.insert(another))).as(first + " then " + second)
                                .isInstanceOfSatisfying(DuplicateSubmissionException.class, e -> assertThat(
                                        e.reason()).isEqualTo(DuplicateSubmissionException.Reason
                                        .ACTIVE_SUBMISSION_EXISTS));
                        assertThat(store.findById(another.id())).as(first + " then " + second).isEmpty();
                    } else {
                        Submission beside = store.insert(another);
                        assertThat(store.findActive(second, user)).as(first + " then " + second).contains(beside);
                    }
                    assertThat(store.findActive(first, user)).as(first + " then " + second).contains(stored);
                }
            }
        }

        @Test
        void aKtpScanGoesOnBesideACertificateRegistrationOrAnIdentityVerification() {
            store.insert(TestData.newCertificateRegistration(user("u-1"), T0));
            store.insert(TestData.newKtpScan(user("u-1"), T0));
            store.insert(TestData.newIdentityVerification(user("u-2"), T0));
            store.insert(TestData.newKtpScan(user("u-2"), T0));

            assertThat(catalog.countByStatus()).containsExactly(Map.entry(SubmissionStatus.CREATED, 4L));
        }

        @Test
        void aFinalIdentityVerificationMayBeInsertedBesideAnActiveCertificateRegistration() {
            store.insert(TestData.newCertificateRegistration(user("u-1"), T0));

            Submission finalOne = store.insert(failed(TestData.newIdentityVerification(user("u-1"), T0), at(1)));

            assertThat(store.findById(finalOne.id())).contains(finalOne);
        }

        @Test
        void usersWithTheSameIdButAnotherIdTypeAreDifferentUsers() {
            store.insert(TestData.newKtpScan(new PartnerUser("u-1", "EMAIL_HASH"), T0));
            store.insert(TestData.newKtpScan(new PartnerUser("u-1", "PHONE_HASH"), T0));

            assertThat(store.findActive(FlowType.KTP_SCAN, new PartnerUser("u-1", "EMAIL_HASH"))).isPresent();
            assertThat(store.findActive(FlowType.KTP_SCAN, new PartnerUser("u-1", "PHONE_HASH"))).isPresent();
        }

        @Test
        void aUserWhoseSubmissionIsFinalMayStartAnother() {
            Submission first = store.insert(TestData.newKtpScan(user("u-1"), T0));
            store.save(failed(first, at(1)));

            Submission second = store.insert(TestData.newKtpScan(user("u-1"), at(2)));

            assertThat(store.findActive(FlowType.KTP_SCAN, user("u-1"))).contains(second);
        }

        @Test
        void aFinalSubmissionMayBeInsertedBesideAnActiveOne() {
            store.insert(TestData.newKtpScan(user("u-1"), T0));

            Submission finalOne = store.insert(failed(TestData.newKtpScan(user("u-1"), T0), at(1)));

            assertThat(store.findById(finalOne.id())).contains(finalOne);
        }

        @Test
        void aTakenIdempotencyKeyIsRefusedEvenForAnotherUser() {
            store.insert(withIdempotencyKey(user("u-1"), "key-1", T0));

            assertThatThrownBy(() -> store.insert(withIdempotencyKey(user("u-2"), "key-1", at(1))))
                    .isInstanceOfSatisfying(DuplicateSubmissionException.class, e -> assertThat(e.reason())
                            .isEqualTo(DuplicateSubmissionException.Reason.IDEMPOTENCY_KEY_TAKEN));
        }

        @Test
        void aTakenIdempotencyKeyIsReportedBeforeAnActiveSubmission() {
            store.insert(withIdempotencyKey(user("u-1"), "key-1", T0));

            assertThatThrownBy(() -> store.insert(withIdempotencyKey(user("u-1"), "key-1", at(1))))
                    .isInstanceOfSatisfying(DuplicateSubmissionException.class, e -> assertThat(e.reason())
                            .isEqualTo(DuplicateSubmissionException.Reason.IDEMPOTENCY_KEY_TAKEN));
        }

        @Test
        void submissionsWithoutIdempotencyKeyNeverCollideOnIt() {
            store.insert(TestData.newKtpScan(user("u-1"), T0));
            store.insert(TestData.newKtpScan(user("u-2"), T0));

            assertThat(catalog.countByStatus()).containsEntry(SubmissionStatus.CREATED, 2L);
        }
    }

    @Nested
    class Finding {
        @Test
        void aSubmissionIsFoundByEachOfItsKeys() {
            Submission stored = store.insert(withIdempotencyKey(user("u-1"), "key-1", T0));
            Submission saved = store.save(initiated(stored, "plat-1", at(1)));

            assertThat(store.findById(saved.id())).contains(saved);
            assertThat(store.findByPlatformSubmissionId("plat-1")).contains(saved);
            assertThat(store.findByPartnerSessionId(saved.partnerSessionId())).contains(saved);
            assertThat(store.findByIdempotencyKey("key-1")).contains(saved);
            assertThat(store.findActive(FlowType.CERT_REG, user("u-1"))).contains(saved);
        }

        @Test
        void unknownKeysFindNothing() {
            store.insert(withIdempotencyKey(user("u-1"), "key-1", T0));

            assertThat(store.findById(SubmissionId.random())).isEmpty();
            assertThat(store.findByPlatformSubmissionId("plat-unknown")).isEmpty();
            assertThat(store.findByPartnerSessionId("session-unknown")).isEmpty();
            assertThat(store.findByIdempotencyKey("key-unknown")).isEmpty();
            assertThat(store.findActive(FlowType.CERT_REG, user("u-2"))).isEmpty();
            assertThat(store.findActive(FlowType.KTP_SCAN, user("u-1"))).isEmpty();
        }

        @Test
        void aFinalSubmissionIsNotActive() {
            Submission stored = store.insert(TestData.newKtpScan(user("u-1"), T0));
            Submission finalOne = store.save(failed(stored, at(1)));

            assertThat(store.findActive(FlowType.KTP_SCAN, user("u-1"))).isEmpty();
            assertThat(store.findById(stored.id())).contains(finalOne);
        }
    }

    @Nested
    class Saving {
        @Test
        void aSaveStoresTheChangesAndIncrementsTheVersion() {
            Submission stored = store.insert(TestData.newCertificateRegistration(user("u-1"), T0));

            Submission saved = store.save(initiated(stored, "plat-1", at(1)));

            assertThat(saved.version()).isEqualTo(2);
            assertThat(saved.status()).isEqualTo(SubmissionStatus.INITIATED);
            assertThat(store.findById(stored.id())).contains(saved);
            assertThat(anotherReader().findById(stored.id())).contains(saved);
            assertThat(saved.documents().get(DocumentKind.KTP).uploadUrl()).hasToString(
                    "https://storage.example/ktp?X-Signature=secret-ktp");
        }

        @Test
        void aSaveOfAStaleCopyIsRefusedAndOverwritesNothing() {
            Submission stored = store.insert(TestData.newCertificateRegistration(user("u-1"), T0));
            Submission first = store.save(initiated(stored, "plat-1", at(1)));

            assertThatThrownBy(() -> store.save(failed(stored, at(2))))
                    .isInstanceOfSatisfying(StaleSubmissionException.class, e -> {
                        assertThat(e.id()).isEqualTo(stored.id());
                        assertThat(e.version()).isEqualTo(1);
                    });
            assertThat(store.findById(stored.id())).contains(first);
        }

        @Test
        void aSaveOfASubmissionNeverInsertedIsStale() {
            Submission never = atVersion(TestData.newKtpScan(user("u-1"), T0), 1);

            assertThatThrownBy(() -> store.save(never)).isInstanceOf(StaleSubmissionException.class);
            assertThat(store.findById(never.id())).isEmpty();
        }

        @Test
        void consecutiveSavesEachNeedTheVersionOfThePreviousOne() {
            Submission s = store.insert(TestData.newCertificateRegistration(user("u-1"), T0));
            s = store.save(initiated(s, "plat-1", at(1)));
            s = store.save(s.markUploaded(DocumentKind.KTP, at(2)));
            s = store.save(s.markUploaded(DocumentKind.SELFIE, at(3)));

            assertThat(s.version()).isEqualTo(4);
            assertThat(store.findById(s.id())).contains(s);
            assertThat(anotherReader().findById(s.id())).contains(s);
        }

        @Test
        void aLoadFindsWhatAnotherInstanceSavedSinceThisOneLastSavedOrLoaded() {
            Submission s = store.save(initiated(store.insert(TestData.newCertificateRegistration(user("u-1"),
                    T0)), "plat-1", at(1)));
            assertThat(store.findById(s.id())).contains(s);
            Submission elsewhere = anotherReader().save(anotherReader().findById(s.id()).orElseThrow()
                    .markUploaded(DocumentKind.KTP, at(2)));

            assertThat(store.findById(s.id())).contains(elsewhere);
            assertThat(store.findByPlatformSubmissionId("plat-1")).contains(elsewhere);
            assertThatThrownBy(() -> store.save(s.markUploaded(DocumentKind.SELFIE, at(3))))
                    .isInstanceOf(StaleSubmissionException.class);
            Submission both = store.save(store.findById(s.id()).orElseThrow()
                    .markUploaded(DocumentKind.SELFIE, at(3)));
            assertThat(anotherReader().findById(s.id())).contains(both);
            assertThat(both.documents().values()).allMatch(Document::isUploaded);
        }

        @Test
        void historyEntriesGainedSinceLoadingAreAppendedInOrder() {
            Submission s = store.insert(TestData.newCertificateRegistration(user("u-1"), T0));
            s = initiated(s, "plat-1", at(1)).markUploaded(DocumentKind.KTP, at(2))
                    .markUploaded(DocumentKind.SELFIE, at(3));
            Submission saved = store.save(s);
            Submission confirmed = store.save(saved.confirm(at(30), at(4)));

            List<HistoryEntry> history = anotherReader().findById(s.id()).orElseThrow().history();
            assertThat(history).isEqualTo(confirmed.history());
            assertThat(store.findById(s.id())).contains(confirmed);
            assertThat(history).extracting(HistoryEntry::to).containsExactly(SubmissionStatus.CREATED,
                    SubmissionStatus.INITIATED, SubmissionStatus.UPLOADED, SubmissionStatus.CONFIRMED);
        }

        @Test
        void aSaveThatDropsHistoryEntriesIsRefused() {
            Submission s = store.save(initiated(store.insert(TestData.newCertificateRegistration(user("u-1"), T0)),
                    "plat-1", at(1)));
            SubmissionSnapshot snapshot = s.snapshot();
            Submission rewritten = Submission.restore(new SubmissionSnapshot(snapshot.id(), snapshot.flow(),
                    snapshot.partnerUser(), snapshot.platformSubmissionId(), snapshot.partnerSessionId(),
                    snapshot.status(), snapshot.input(), snapshot.documents(), snapshot.outcome(), snapshot.launch(),
                    snapshot.failure(), snapshot.schedule(), snapshot.confirmAttemptedAt(),
                    snapshot.idempotencyKey(), snapshot.requestFingerprint(), snapshot.createdAt(),
                    snapshot.updatedAt(), snapshot.purgedAt(), snapshot.version(),
                    snapshot.history().subList(1, snapshot.history().size())));

            assertThatThrownBy(() -> store.save(rewritten)).isInstanceOf(IllegalArgumentException.class);
            assertThat(store.findById(s.id())).contains(s);
        }

        @Test
        void aSaveThatRewritesAStoredHistoryEntryIsRefused() {
            Submission s = store.save(initiated(store.insert(TestData.newCertificateRegistration(user("u-1"), T0)),
                    "plat-1", at(1)));
            SubmissionSnapshot snapshot = s.snapshot();
            List<HistoryEntry> history = new ArrayList<>(snapshot.history());
            HistoryEntry first = history.get(0);
            history.set(0, new HistoryEntry(first.at(), first.kind(), first.from(), first.to(), first.source(),
                    "rewritten"));
            Submission rewritten = Submission.restore(new SubmissionSnapshot(snapshot.id(), snapshot.flow(),
                    snapshot.partnerUser(), snapshot.platformSubmissionId(), snapshot.partnerSessionId(),
                    snapshot.status(), snapshot.input(), snapshot.documents(), snapshot.outcome(), snapshot.launch(),
                    snapshot.failure(), snapshot.schedule(), snapshot.confirmAttemptedAt(),
                    snapshot.idempotencyKey(), snapshot.requestFingerprint(), snapshot.createdAt(),
                    snapshot.updatedAt(), snapshot.purgedAt(), snapshot.version(), history));

            assertThatThrownBy(() -> store.save(rewritten.markUploaded(DocumentKind.KTP, at(2))))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(store.findById(s.id())).contains(s);
        }

        @Test
        void aSaveThatChangesOneDocumentKeepsTheOtherAsStored() {
            Submission s = store.save(initiated(store.insert(TestData.newCertificateRegistration(user("u-1"), T0)),
                    "plat-1", at(1)));

            Submission saved = store.save(s.markUploaded(DocumentKind.SELFIE, at(2)));

            Submission found = anotherReader().findById(s.id()).orElseThrow();
            assertThat(found).isEqualTo(saved);
            assertThat(store.findById(s.id())).contains(saved);
            assertThat(found.documents().get(DocumentKind.SELFIE).isUploaded()).isTrue();
            assertThat(found.documents().get(DocumentKind.KTP)).isEqualTo(s.documents().get(DocumentKind.KTP));
        }

        @Test
        void everyFieldSurvivesASaveAfterAnotherSave() {
            Submission s = store.insert(TestData.newIdentityVerification(user("u-1"), T0));
            Submission completed = completedIdentityVerification(user("u-2"), T0);
            Submission storedCompleted = store.insert(completed);

            Submission rescheduled = store.save(s.scheduleAt(at(9)));

            assertThat(store.findById(s.id())).contains(rescheduled);
            assertThat(store.findById(completed.id())).contains(storedCompleted);
            assertThat(anotherReader().findById(s.id())).contains(rescheduled);
            assertThat(anotherReader().findById(completed.id())).contains(storedCompleted);
            assertThat(storedCompleted.outcome().orElseThrow().ktpData()).isEqualTo(SubmissionFixtures.ktpData());
            assertThat(storedCompleted.launch().orElseThrow().sdkToken()).isEqualTo("sdk-token-secret");
        }
    }

    @Nested
    class Claiming {
        @Test
        void onlyDueSubmissionsThatAreNotFinalAreClaimedEarliestFirst() {
            Submission later = store.insert(TestData.newKtpScan(user("u-later"), at(2)));
            Submission earlier = store.insert(TestData.newKtpScan(user("u-earlier"), at(1)));
            store.insert(TestData.newKtpScan(user("u-future"), at(10)));
            store.insert(failed(TestData.newKtpScan(user("u-final"), at(0)), at(0)));

            List<Submission> claimed = due.claimDue(at(5), LEASE, 10, "driver-a");

            assertThat(claimed).extracting(Submission::id).containsExactly(earlier.id(), later.id());
        }

        @Test
        void aSubmissionDueExactlyNowIsClaimed() {
            Submission s = store.insert(TestData.newKtpScan(user("u-1"), at(5)));

            assertThat(due.claimDue(at(5), LEASE, 10, "driver-a")).extracting(Submission::id).containsExactly(s.id());
        }

        @Test
        void aClaimReturnsTheSubmissionsAsStored() {
            Submission stored = store.insert(partiallyCompleted(user("u-1"), T0));

            List<Submission> claimed = due.claimDue(at(60), LEASE, 10, "driver-a");

            assertThat(claimed).containsExactly(stored);
        }

        @Test
        void noMoreThanTheLimitIsClaimed() {
            for (int i = 0; i < 5; i++) {
                store.insert(TestData.newKtpScan(user("u-" + i), at(i)));
            }

            assertThat(due.claimDue(at(10), LEASE, 3, "driver-a")).hasSize(3);
            assertThat(due.claimDue(at(10), LEASE, 3, "driver-b")).hasSize(2);
            assertThat(due.claimDue(at(10), LEASE, 3, "driver-c")).isEmpty();
        }

        @Test
        void aClaimOfOneIdTakesThatSubmissionAloneAndOnlyWhenItIsDueAndFree() {
            Submission mine = store.insert(TestData.newKtpScan(user("u-mine"), at(1)));
            Submission other = store.insert(TestData.newKtpScan(user("u-other"), at(0)));
            Submission later = store.insert(TestData.newKtpScan(user("u-later"), at(10)));
            Submission ended = store.insert(failed(TestData.newKtpScan(user("u-final"), at(0)), at(0)));

            assertThat(due.claimIfDue(mine.id(), at(5), LEASE, "driver-a")).contains(mine);
            assertThat(due.claimIfDue(mine.id(), at(5), LEASE, "driver-b")).as("leased").isEmpty();
            assertThat(due.claimIfDue(later.id(), at(5), LEASE, "driver-a")).as("not due yet").isEmpty();
            assertThat(due.claimIfDue(ended.id(), at(5), LEASE, "driver-a")).as("final").isEmpty();
            assertThat(due.claimIfDue(SubmissionId.random(), at(5), LEASE, "driver-a")).as("none").isEmpty();
            assertThat(due.claimDue(at(5), LEASE, 10, "driver-b")).as("the others stay free")
                    .extracting(Submission::id).containsExactly(other.id());
        }

        @Test
        void aClaimOfOneIdWhateverItsScheduleTakesItOnlyWhenNoLiveLeaseHoldsIt() {
            Submission later = store.insert(TestData.newKtpScan(user("u-later"), at(10)));
            Submission ended = store.insert(failed(TestData.newKtpScan(user("u-final"), at(0)), at(0)));

            assertThat(due.claimIfFree(later.id(), at(5), LEASE, "reconcile")).as("not due yet").contains(later);
            assertThat(due.claimIfFree(later.id(), at(5), LEASE, "driver-a")).as("leased").isEmpty();
            assertThat(due.claimIfFree(ended.id(), at(5), LEASE, "reconcile")).as("final").isEmpty();
            assertThat(due.claimIfFree(later.id(), at(5).plus(LEASE), LEASE, "driver-a")).as("its lease ran out")
                    .contains(later);
        }

        @Test
        void aLeasedSubmissionIsNotClaimedAgainWhileTheLeaseLasts() {
            store.insert(TestData.newKtpScan(user("u-1"), T0));
            due.claimDue(at(1), LEASE, 10, "driver-a");

            assertThat(due.claimDue(at(1), LEASE, 10, "driver-b")).isEmpty();
            assertThat(due.claimDue(at(1).plus(LEASE).minusSeconds(1), LEASE, 10, "driver-a")).isEmpty();
        }

        @Test
        void anExpiredLeaseMayBeClaimedAgain() {
            Submission s = store.insert(TestData.newKtpScan(user("u-1"), T0));
            due.claimDue(at(1), LEASE, 10, "driver-a");

            assertThat(due.claimDue(at(1).plus(LEASE), LEASE, 10, "driver-b")).extracting(Submission::id)
                    .containsExactly(s.id());
        }

        @Test
        void aReleasedSubmissionMayBeClaimedAgainAtOnce() {
            Submission s = store.insert(TestData.newKtpScan(user("u-1"), T0));
            due.claimDue(at(1), LEASE, 10, "driver-a");

            due.release(s.id(), "driver-a");

            assertThat(due.claimDue(at(1), LEASE, 10, "driver-b")).extracting(Submission::id).containsExactly(s.id());
        }

        @Test
        void onlyTheOwnerOfALeaseCanReleaseIt() {
            Submission s = store.insert(TestData.newKtpScan(user("u-1"), T0));
            due.claimDue(at(1), LEASE, 10, "driver-a");

            due.release(s.id(), "driver-b");

            assertThat(due.claimDue(at(1), LEASE, 10, "driver-b")).isEmpty();
        }

        @Test
        void releasingWhatIsNotLeasedChangesNothing() {
            Submission s = store.insert(TestData.newKtpScan(user("u-1"), T0));

            due.release(s.id(), "driver-a");
            due.release(SubmissionId.random(), "driver-a");

            assertThat(store.findById(s.id())).contains(s);
            assertThat(due.claimDue(at(1), LEASE, 10, "driver-a")).hasSize(1);
        }

        @Test
        void aClaimDoesNotChangeTheVersionAndASaveKeepsTheLease() {
            Submission s = store.insert(TestData.newKtpScan(user("u-1"), T0));
            Submission claimed = due.claimDue(at(1), LEASE, 10, "driver-a").get(0);

            Submission saved = store.save(claimed.scheduleAt(at(1)));

            assertThat(claimed.version()).isEqualTo(s.version());
            assertThat(saved.version()).isEqualTo(2);
            assertThat(due.claimDue(at(2), LEASE, 10, "driver-b")).isEmpty();
        }

        @Test
        void aSaveAndReleaseByTheOwnerSavesAndEndsTheLease() {
            store.insert(TestData.newKtpScan(user("u-1"), T0));
            Submission claimed = due.claimDue(at(1), LEASE, 10, "driver-a#1").get(0);

            Submission saved = due.saveAndRelease(claimed.scheduleAt(at(1)), "driver-a#1");

            assertThat(saved.version()).isEqualTo(claimed.version() + 1);
            assertThat(store.findById(claimed.id())).contains(saved);
            assertThat(due.claimDue(at(1), LEASE, 10, "driver-b#1")).containsExactly(saved);
        }

        @Test
        void aSaveAndReleaseAppendsHistoryLikeASave() {
            Submission stored = store.insert(TestData.newCertificateRegistration(user("u-1"), T0));
            Submission claimed = due.claimDue(at(1), LEASE, 10, "driver-a#1").get(0);

            Submission saved = due.saveAndRelease(initiated(claimed, "plat-1", at(1)), "driver-a#1");

            assertThat(saved.history()).hasSize(stored.history().size() + 1);
            assertThat(store.findById(stored.id())).contains(saved);
        }

        @Test
        void aSaveAndReleaseByAnOwnerWhoseLeaseAnotherHasClaimedSinceChangesNothing() {
            store.insert(TestData.newKtpScan(user("u-1"), T0));
            Submission claimed = due.claimDue(at(1), LEASE, 10, "driver-a#1").get(0);
            Submission takenOver = due.claimDue(at(1).plus(LEASE), LEASE, 10, "driver-b#1").get(0);

            assertThatThrownBy(() -> due.saveAndRelease(claimed.scheduleAt(at(1)), "driver-a#1"))
                    .isInstanceOf(StaleSubmissionException.class);
            assertThatThrownBy(() -> due.saveAndRelease(claimed.scheduleAt(at(1)), "driver-a#2"))
                    .as("another owner of the same instance").isInstanceOf(StaleSubmissionException.class);

            assertThat(store.findById(claimed.id())).contains(takenOver);
            assertThat(due.claimDue(at(1).plus(LEASE.multipliedBy(2)).minusSeconds(1), LEASE, 10, "driver-c#1"))
                    .as("driver-b's lease stays").isEmpty();
        }

        @Test
        void aLeaseThatRanOutWithNobodyClaimingTheSubmissionStillLetsItsOwnerSave() {
            store.insert(TestData.newKtpScan(user("u-1"), T0));
            Submission claimed = due.claimDue(at(1), LEASE, 10, "driver-a#1").get(0);

            Submission saved = due.saveAndRelease(claimed.scheduleAt(at(1).plus(LEASE.multipliedBy(2))),
                    "driver-a#1");

            assertThat(store.findById(claimed.id())).contains(saved);
        }

        @Test
        void aStaleSaveAndReleaseChangesNothingAndKeepsTheLease() {
            store.insert(TestData.newKtpScan(user("u-1"), T0));
            Submission claimed = due.claimDue(at(1), LEASE, 10, "driver-a#1").get(0);
            Submission savedMeanwhile = store.save(claimed.scheduleAt(at(1)));

            assertThatThrownBy(() -> due.saveAndRelease(failed(claimed, at(2)), "driver-a#1"))
                    .isInstanceOf(StaleSubmissionException.class);

            assertThat(store.findById(claimed.id())).contains(savedMeanwhile);
            assertThat(due.claimDue(at(2), LEASE, 10, "driver-b#1")).isEmpty();
        }

        @Test
        void aSaveAndReleaseOfASubmissionItsOwnerReleasedChangesNothing() {
            store.insert(TestData.newKtpScan(user("u-1"), T0));
            Submission claimed = due.claimDue(at(1), LEASE, 10, "driver-a#1").get(0);
            due.release(claimed.id(), "driver-a#1");

            assertThatThrownBy(() -> due.saveAndRelease(claimed.scheduleAt(at(1)), "driver-a#1"))
                    .isInstanceOf(StaleSubmissionException.class);
            assertThat(store.findById(claimed.id())).contains(claimed);
        }

        @Test
        void aSaveAndRenewByTheOwnerSavesAndExtendsTheLease() {
            Submission stored = store.insert(TestData.newCertificateRegistration(user("u-1"), T0));
            Submission claimed = due.claimDue(at(1), LEASE, 10, "driver-a#1").get(0);

            Submission saved = due.saveAndRenew(initiated(claimed, "plat-1", at(2)), "driver-a#1",
                    at(2).plus(LEASE));

            assertThat(saved.version()).isEqualTo(claimed.version() + 1);
            assertThat(saved.history()).hasSize(stored.history().size() + 1);
            assertThat(store.findById(claimed.id())).contains(saved);
            assertThat(due.claimDue(at(1).plus(LEASE), LEASE, 10, "driver-b#1")).isEmpty();
            assertThat(due.claimDue(at(2).plus(LEASE), LEASE, 10, "driver-b#1")).containsExactly(saved);
        }

        @Test
        void aRenewedLeaseCanBeRenewedAgainAndEndedByItsOwner() {
            store.insert(TestData.newKtpScan(user("u-1"), T0));
            Submission claimed = due.claimDue(at(1), LEASE, 10, "driver-a#1").get(0);
            Submission first = due.saveAndRenew(claimed.scheduleAt(at(1)), "driver-a#1", at(2).plus(LEASE));
            Submission second = due.saveAndRenew(first.scheduleAt(at(1)), "driver-a#1", at(3).plus(LEASE));

            assertThat(due.claimDue(at(2).plus(LEASE), LEASE, 10, "driver-b#1")).isEmpty();
            Submission last = due.saveAndRelease(second.scheduleAt(at(1)), "driver-a#1");
            assertThat(due.claimDue(at(3), LEASE, 10, "driver-b#1")).containsExactly(last);
        }

        @Test
        void aSaveAndRenewByAnOwnerThatDoesNotHoldTheLeaseChangesNothing() {
            Submission stored = store.insert(TestData.newKtpScan(user("u-1"), T0));
            Submission claimed = due.claimDue(at(1), LEASE, 10, "driver-a#1").get(0);

            assertThatThrownBy(() -> due.saveAndRenew(claimed.scheduleAt(at(1)), "driver-a#2",
                    at(1).plus(LEASE.multipliedBy(3)))).isInstanceOf(StaleSubmissionException.class);

            assertThat(store.findById(claimed.id())).contains(stored);
            assertThat(due.claimDue(at(1).plus(LEASE).minusSeconds(1), LEASE, 10, "driver-b#1")).isEmpty();
            assertThat(due.claimDue(at(1).plus(LEASE), LEASE, 10, "driver-b#1")).hasSize(1);
        }

        @Test
        void aRenewalByTheOwnerKeepsOthersOffUntilTheNewEnd() {
            store.insert(TestData.newKtpScan(user("u-1"), T0));
            Submission claimed = due.claimDue(at(1), LEASE, 10, "driver-a#1").get(0);

            assertThat(due.renew(claimed.id(), "driver-a#1", at(1).plus(LEASE.multipliedBy(2)))).isTrue();

            assertThat(due.claimDue(at(1).plus(LEASE), LEASE, 10, "driver-b#1")).isEmpty();
            assertThat(due.claimDue(at(1).plus(LEASE.multipliedBy(2)), LEASE, 10, "driver-b#1")).hasSize(1);
            assertThat(due.renew(claimed.id(), "driver-a#1", at(10).plus(LEASE.multipliedBy(3))))
                    .as("claimed by another meanwhile").isFalse();
        }

        @Test
        void aRenewalByAnyoneButTheOwnerOrAfterTheReleaseIsRefused() {
            store.insert(TestData.newKtpScan(user("u-1"), T0));
            Submission claimed = due.claimDue(at(1), LEASE, 10, "driver-a#1").get(0);

            assertThat(due.renew(claimed.id(), "driver-a#2", at(1).plus(LEASE.multipliedBy(2)))).isFalse();
            due.release(claimed.id(), "driver-a#1");
            assertThat(due.renew(claimed.id(), "driver-a#1", at(1).plus(LEASE.multipliedBy(2)))).isFalse();
            assertThat(due.renew(SubmissionId.random(), "driver-a#1", at(2))).isFalse();
            assertThat(due.claimDue(at(1), LEASE, 10, "driver-b#1")).hasSize(1);
        }

        @Test
        void aStaleSaveAndRenewChangesNothingAndKeepsTheLeaseAsItWas() {
            store.insert(TestData.newKtpScan(user("u-1"), T0));
            Submission claimed = due.claimDue(at(1), LEASE, 10, "driver-a#1").get(0);
            Submission savedMeanwhile = store.save(claimed.scheduleAt(at(1)));

            assertThatThrownBy(() -> due.saveAndRenew(failed(claimed, at(2)), "driver-a#1",
                    at(2).plus(LEASE.multipliedBy(3))))
                    .isInstanceOf(StaleSubmissionException.class);

            assertThat(store.findById(claimed.id())).contains(savedMeanwhile);
            assertThat(due.claimDue(at(1).plus(LEASE).minusSeconds(1), LEASE, 10, "driver-b#1")).isEmpty();
            assertThat(due.claimDue(at(1).plus(LEASE), LEASE, 10, "driver-b#1")).containsExactly(savedMeanwhile);
        }

        @Test
        void aSubmissionMadeFinalIsNoLongerClaimed() {
            Submission s = store.insert(TestData.newKtpScan(user("u-1"), T0));
            store.save(failed(s, at(1)));

            assertThat(due.claimDue(at(60), LEASE, 10, "driver-a")).isEmpty();
        }

        @Test
        void aSubmissionRescheduledLaterIsClaimedOnlyThen() {
            Submission s = store.insert(TestData.newKtpScan(user("u-1"), T0));
            store.save(s.scheduleAt(at(30)));

            assertThat(due.claimDue(at(29), LEASE, 10, "driver-a")).isEmpty();
            assertThat(due.claimDue(at(30), LEASE, 10, "driver-a")).hasSize(1);
        }

        @Test
        void aLimitOfZeroClaimsNothing() {
            store.insert(TestData.newKtpScan(user("u-1"), T0));

            assertThat(due.claimDue(at(1), LEASE, 0, "driver-a")).isEmpty();
            assertThat(due.claimDue(at(1), LEASE, 1, "driver-a")).hasSize(1);
        }
    }

    /**
     * Threads released together on the same rows, every other one on {@link #anotherInstance}. A store that looks
     * in one step and writes in another (finds no active submission, then inserts; finds due rows, then leases
     * them; compares the version, then updates) passes every other case and lets two of them through here.
     */
    @Nested
    class Concurrently {
        private static final int THREADS = 8;

        private Ports other;

        @BeforeEach
        void openAnotherInstance() {
            other = anotherInstance();
        }

        /** The ports thread {@code i} works on: this instance's for even threads, the other's for odd ones. */
        private Ports of(int thread) {
            return thread % 2 == 0 ? ports : other;
        }

        /**
         * Every round, all drivers claim a batch at once; the rows are more than a round takes, so that each driver
         * of a round has a full batch to race for, until the last rounds.
         */
        @Test
        void driversClaimingTogetherClaimEveryDueSubmissionExactlyOnce() throws Exception {
            Set<SubmissionId> inserted = new HashSet<>();
            for (int i = 0; i < 120; i++) {
                inserted.add(store.insert(TestData.newKtpScan(user("u-" + i), T0)).id());
            }
            List<SubmissionId> claimed = new ArrayList<>();
            for (int round = 0; ; round++) {
                List<Callable<List<SubmissionId>>> drivers = new ArrayList<>();
                for (int i = 0; i < THREADS; i++) {
                    DueSubmissions queue = of(i).due();
                    String owner = "driver-" + i;
                    drivers.add(() -> queue.claimDue(at(1), LEASE, 4, owner).stream().map(Submission::id).toList());
                }
                List<List<SubmissionId>> batches = Together.run(drivers);
                if (round == 0) {
                    assertThat(batches).as("the first round: every driver had four to claim")
                            .allSatisfy(batch -> assertThat(batch).hasSize(4));
                }
                List<SubmissionId> taken = batches.stream().flatMap(List::stream).toList();
                if (taken.isEmpty()) {
                    break;
                }
                claimed.addAll(taken);
            }

            assertThat(claimed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(inserted);
        }

        @Test
        void ofClaimsOfOneSubmissionMadeTogetherInEveryWayExactlyOneTakesIt() throws Exception {
            for (int round = 0; round < 10; round++) {
                SubmissionId id = store.insert(TestData.newKtpScan(user("u-" + round), T0)).id();
                List<Callable<Boolean>> claims = new ArrayList<>();
                for (int i = 0; i < THREADS; i++) {
                    DueSubmissions queue = of(i).due();
                    String owner = "driver-" + i;
                    claims.add(switch (i % 3) {
                        case 0 -> () -> queue.claimDue(at(1), LEASE, 10, owner).stream()
                                .anyMatch(claimed -> claimed.id().equals(id));
                        case 1 -> () -> queue.claimIfDue(id, at(1), LEASE, owner).isPresent();
                        default -> () -> queue.claimIfFree(id, at(1), LEASE, owner).isPresent();
                    });
                }

                assertThat(Together.run(claims)).as("round %d", round).containsOnlyOnce(true);
            }
        }

        /** Starts of one user that each looked and found no active submission before either stored its own. */
        @Test
        void ofActiveSubmissionsOfOneUserInsertedTogetherExactlyOneIsStored() throws Exception {
            int rounds = 6;
            for (int round = 0; round < rounds; round++) {
                PartnerUser user = user("u-" + round);
                List<Callable<Object>> starts = new ArrayList<>();
                for (int i = 0; i < THREADS; i++) {
                    SubmissionStore instance = of(i).store();
                    // A certificate registration and an identity verification take one slot; a KTP scan its own.
                    FlowType flow = round % 2 == 1 ? FlowType.KTP_SCAN
                            : i / 2 % 2 == 0 ? FlowType.CERT_REG : FlowType.SIV;
                    Submission started = newSubmission(flow, user);
                    starts.add(() -> insertedOrRefused(instance, started));
                }

                List<Object> outcomes = Together.run(starts);

                Submission stored = onlyWinner(outcomes, DuplicateSubmissionException.class, "round " + round);
                assertThat(outcomes).filteredOn(DuplicateSubmissionException.class::isInstance)
                        .allSatisfy(refusal -> assertThat(((DuplicateSubmissionException) refusal).reason())
                                .isEqualTo(DuplicateSubmissionException.Reason.ACTIVE_SUBMISSION_EXISTS));
                assertThat(anotherReader().findActive(stored.flow(), user)).contains(stored);
            }
            assertThat(catalog.countByStatus()).containsExactly(Map.entry(SubmissionStatus.CREATED, (long) rounds));
        }

        @Test
        void ofSubmissionsInsertedTogetherUnderOneIdempotencyKeyExactlyOneIsStored() throws Exception {
            List<Callable<Object>> starts = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                SubmissionStore instance = of(i).store();
                Submission started = withIdempotencyKey(user("u-" + i), "key-1", T0);
                starts.add(() -> insertedOrRefused(instance, started));
            }

            List<Object> outcomes = Together.run(starts);

            Submission stored = onlyWinner(outcomes, DuplicateSubmissionException.class, "inserts");
            assertThat(outcomes).filteredOn(DuplicateSubmissionException.class::isInstance)
                    .allSatisfy(refusal -> assertThat(((DuplicateSubmissionException) refusal).reason())
                            .isEqualTo(DuplicateSubmissionException.Reason.IDEMPOTENCY_KEY_TAKEN));
            assertThat(anotherReader().findByIdempotencyKey("key-1")).contains(stored);
        }

        /** The driver ends its step under its lease while callbacks, on either instance, save without one. */
        @Test
        void ofSavesOfOneVersionMadeTogetherExactlyOneIsTaken() throws Exception {
            Submission stored = store.insert(TestData.newCertificateRegistration(user("u-1"), T0));
            Submission claimed = due.claimDue(at(1), LEASE, 1, "driver-a").get(0);
            List<Callable<Object>> saves = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                Ports instance = of(i);
                Submission changed = initiated(claimed, "plat-" + i, at(2));
                saves.add(switch (i % 4) {
                    case 1 -> () -> savedOrStale(() -> instance.due().saveAndRelease(changed, "driver-a"));
                    case 3 -> () -> savedOrStale(() -> instance.due().saveAndRenew(changed, "driver-a",
                            at(2).plus(LEASE)));
                    default -> () -> savedOrStale(() -> instance.store().save(changed));
                });
            }

            List<Object> outcomes = Together.run(saves);

            Submission saved = onlyWinner(outcomes, StaleSubmissionException.class, "saves");
            assertThat(saved.version()).isEqualTo(stored.version() + 1);
            assertThat(saved.history()).hasSize(stored.history().size() + 1);
            assertThat(store.findById(stored.id())).contains(saved);
            assertThat(anotherReader().findById(stored.id())).contains(saved);
            for (int i = 0; i < THREADS; i++) {
                String platformId = "plat-" + i;
                assertThat(anotherReader().findByPlatformSubmissionId(platformId)).as(platformId)
                        .isEqualTo(saved.platformSubmissionId().orElseThrow().equals(platformId)
                                ? Optional.of(saved) : Optional.empty());
            }
        }

        private static Object insertedOrRefused(SubmissionStore store, Submission submission) {
            try {
                return store.insert(submission);
            } catch (DuplicateSubmissionException e) {
                return e;
            }
        }

        private static Object savedOrStale(Supplier<Submission> save) {
            try {
                return save.get();
            } catch (StaleSubmissionException e) {
                return e;
            }
        }

        /** The one submission among the outcomes; every other outcome is the refusal {@code loser}. */
        private static Submission onlyWinner(List<Object> outcomes, Class<? extends RuntimeException> loser,
                                             String what) {
            List<Submission> stored = outcomes.stream().filter(Submission.class::isInstance)
                    .map(Submission.class::cast).toList();
            assertThat(stored).as(what + ": taken").hasSize(1);
            assertThat(outcomes).as(what + ": refused").filteredOn(loser::isInstance).hasSize(outcomes.size() - 1);
            return stored.get(0);
        }
    }

    @Nested
    class Listing {
        private List<Submission> insertSeven() {
            List<Submission> all = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                Submission s = i % 2 == 0
                        ? TestData.newKtpScan(user("u-" + i), at(i))
                        : TestData.newCertificateRegistration(user("u-" + i), at(i));
                all.add(store.insert(s));
            }
            return all;
        }

        @Test
        void submissionsAreListedNewestFirst() {
            List<Submission> all = insertSeven();

            SubmissionPage page = catalog.list(new SubmissionQuery(null, null, null, 100, null));

            List<SubmissionId> newestFirst = new ArrayList<>(all.stream().map(Submission::id).toList());
            Collections.reverse(newestFirst);
            assertThat(page.items()).extracting(Submission::id).containsExactlyElementsOf(newestFirst);
            assertThat(page.nextCursor()).isNull();
        }

        @Test
        void pagesFollowEachOtherThroughTheCursorUntilTheLast() {
            List<Submission> all = insertSeven();

            SubmissionPage first = catalog.list(new SubmissionQuery(null, null, null, 3, null));
            SubmissionPage second = catalog.list(new SubmissionQuery(null, null, null, 3, first.nextCursor()));
            SubmissionPage third = catalog.list(new SubmissionQuery(null, null, null, 3, second.nextCursor()));

            assertThat(first.items()).extracting(Submission::id).containsExactly(all.get(6).id(), all.get(5).id(),
                    all.get(4).id());
            assertThat(second.items()).extracting(Submission::id).containsExactly(all.get(3).id(), all.get(2).id(),
                    all.get(1).id());
            assertThat(third.items()).extracting(Submission::id).containsExactly(all.get(0).id());
            assertThat(first.nextCursor()).isNotNull();
            assertThat(second.nextCursor()).isNotNull();
            assertThat(third.nextCursor()).isNull();
        }

        @Test
        void aPageThatEndsExactlyAtTheLastSubmissionHasNoNextCursor() {
            insertSeven();

            SubmissionPage page = catalog.list(new SubmissionQuery(null, null, null, 7, null));

            assertThat(page.items()).hasSize(7);
            assertThat(page.nextCursor()).isNull();
        }

        @Test
        void submissionsCreatedAtTheSameInstantArePagedWithoutLossOrRepeat() {
            Set<SubmissionId> expected = new HashSet<>();
            for (int i = 0; i < 9; i++) {
                expected.add(store.insert(TestData.newKtpScan(user("same-" + i), T0)).id());
            }

            List<SubmissionId> seen = new ArrayList<>();
            String cursor = null;
            do {
                SubmissionPage page = catalog.list(new SubmissionQuery(null, null, null, 2, cursor));
                page.items().forEach(s -> seen.add(s.id()));
                cursor = page.nextCursor();
            } while (cursor != null);

            assertThat(seen).hasSize(9).containsExactlyInAnyOrderElementsOf(expected);
        }

        @Test
        void filtersByPartnerUserStatusAndFlowCombine() {
            List<Submission> all = insertSeven();
            Submission moved = store.save(failed(all.get(2), at(20)));

            assertThat(catalog.list(new SubmissionQuery("u-3", null, null, 10, null)).items())
                    .extracting(Submission::id).containsExactly(all.get(3).id());
            assertThat(catalog.list(new SubmissionQuery(null, SubmissionStatus.FAILED, null, 10, null)).items())
                    .containsExactly(moved);
            assertThat(catalog.list(new SubmissionQuery(null, null, FlowType.CERT_REG, 10, null)).items())
                    .extracting(Submission::id)
                    .containsExactly(all.get(5).id(), all.get(3).id(), all.get(1).id());
            assertThat(catalog.list(new SubmissionQuery(null, SubmissionStatus.CREATED, FlowType.KTP_SCAN, 10, null))
                    .items()).extracting(Submission::id)
                    .containsExactly(all.get(6).id(), all.get(4).id(), all.get(0).id());
            assertThat(catalog.list(new SubmissionQuery("nobody", null, null, 10, null)).items()).isEmpty();
        }

        @Test
        void anEmptyStoreListsAnEmptyLastPage() {
            SubmissionPage page = catalog.list(new SubmissionQuery(null, null, null, 10, null));

            assertThat(page.items()).isEmpty();
            assertThat(page.nextCursor()).isNull();
        }
    }

    @Nested
    class Retention {
        @Test
        void finalSubmissionsUnchangedSinceTheCutoffArePurgeable() {
            Submission old = store.save(failed(store.insert(TestData.newKtpScan(user("u-old"), T0)), at(1)));
            store.save(failed(store.insert(TestData.newKtpScan(user("u-recent"), T0)), at(50)));
            store.insert(TestData.newKtpScan(user("u-active"), T0));

            assertThat(catalog.findPurgeable(at(10), null, 10)).containsExactly(new PurgeCandidate(old.id(), at(1)));
        }

        @Test
        void theCutoffItselfIsNotBeforeTheCutoff() {
            store.save(failed(store.insert(TestData.newKtpScan(user("u-1"), T0)), at(10)));

            assertThat(catalog.findPurgeable(at(10), null, 10)).isEmpty();
            assertThat(catalog.findPurgeable(at(10).plusNanos(1), null, 10)).hasSize(1);
        }

        @Test
        void noMoreThanTheLimitIsPurgeableAtOnce() {
            for (int i = 0; i < 4; i++) {
                store.save(failed(store.insert(TestData.newKtpScan(user("u-" + i), T0)), at(i)));
            }

            assertThat(catalog.findPurgeable(at(60), null, 3)).hasSize(3);
        }

        @Test
        void purgeableSubmissionsComeByLastChangeAndThenById() {
            Submission latest = store.save(failed(store.insert(TestData.newKtpScan(user("u-late"), T0)), at(3)));
            List<SubmissionId> tied = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                tied.add(store.save(failed(store.insert(TestData.newKtpScan(user("u-tie-" + i), T0)), at(1))).id());
            }
            tied.sort((a, b) -> a.toString().compareTo(b.toString()));

            assertThat(catalog.findPurgeable(at(60), null, 10)).extracting(PurgeCandidate::id)
                    .containsExactly(tied.get(0), tied.get(1), tied.get(2), latest.id());
        }

        /** A purge that could not purge a whole batch (damaged data) goes on after it, not back to the oldest. */
        @Test
        void aPurgeTakesThoseAfterTheLastItWasHandedEachOnce() {
            for (int i = 0; i < 7; i++) {
                store.save(failed(store.insert(TestData.newKtpScan(user("u-" + i), T0)), at(i % 3)));
            }

            List<PurgeCandidate> handed = new ArrayList<>();
            List<PurgeCandidate> batch = catalog.findPurgeable(at(60), null, 2);
            while (!batch.isEmpty()) {
                handed.addAll(batch);
                batch = catalog.findPurgeable(at(60), batch.get(batch.size() - 1), 2);
            }

            assertThat(handed).hasSize(7).doesNotHaveDuplicates()
                    .containsExactlyElementsOf(catalog.findPurgeable(at(60), null, 10));
        }

        @Test
        void aPurgedRegistrationKeepsItsDocumentFactsButNotTheirUploadUrls() {
            Submission created = store.insert(TestData.newCertificateRegistration(user("u-2"), T0));
            Submission initiatedOne = store.save(initiated(created, "plat-purge", at(1)));
            Submission finished = store.save(failed(initiatedOne, at(2)));

            Submission purged = store.save(finished.purgePersonalData(at(100)));

            Submission found = store.findById(created.id()).orElseThrow();
            assertThat(found).isEqualTo(purged);
            assertThat(found.documents()).containsOnlyKeys(DocumentKind.KTP, DocumentKind.SELFIE);
            assertThat(found.documents().values()).allSatisfy(document -> {
                assertThat(document.uploadUrl()).isNull();
                assertThat(document.uploadUrlExpiresAt()).isNull();
                assertThat(document.facts().sha256()).hasSize(64);
            });
        }

        @Test
        void aPurgedSubmissionKeepsItsSkeletonButNoPersonalDataAndIsNotPurgeableAgain() {
            Submission completed = store.insert(completedIdentityVerification(user("u-1"), T0));

            Submission purged = store.save(completed.purgePersonalData(at(100)));

            Submission found = store.findById(completed.id()).orElseThrow();
            assertThat(found).isEqualTo(purged);
            assertThat(found.input()).isEmpty();
            assertThat(found.launch()).isEmpty();
            assertThat(found.outcome().orElseThrow().ktpData()).isNull();
            assertThat(found.outcome().orElseThrow().verdict()).isEqualTo("COMPLETED/INVALID/DUKCAPIL_REJECTED");
            assertThat(found.history()).hasSize(completed.history().size() + 1);
            assertThat(found.snapshot().purgedAt()).isEqualTo(at(100));
            assertThat(catalog.findPurgeable(at(200), null, 10)).isEmpty();
        }
    }

    @Nested
    class Counting {
        @Test
        void submissionsAreCountedByStatus() {
            store.insert(TestData.newKtpScan(user("u-1"), T0));
            store.insert(TestData.newKtpScan(user("u-2"), T0));
            store.save(failed(store.insert(TestData.newKtpScan(user("u-3"), T0)), at(1)));
            store.insert(completedIdentityVerification(user("u-4"), T0));

            assertThat(catalog.countByStatus()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    SubmissionStatus.CREATED, 2L, SubmissionStatus.FAILED, 1L, SubmissionStatus.COMPLETED, 1L));
        }

        @Test
        void anEmptyStoreCountsNothing() {
            assertThat(catalog.countByStatus()).isEmpty();
        }
    }
}
