package dev.onekycbridge.core.contract;

import static dev.onekycbridge.core.contract.SubmissionFixtures.T0;
import static dev.onekycbridge.core.contract.SubmissionFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.callback.InboxAppend;
import dev.onekycbridge.core.callback.InboxBacklog;
import dev.onekycbridge.core.callback.InboxEntry;
import dev.onekycbridge.core.callback.InboxState;
import dev.onekycbridge.core.port.out.CallbackInbox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The rules every callback inbox keeps: in memory, SQLite and PostgreSQL run these same tests. */
public abstract class CallbackInboxContract {
    protected static final String BODY = "{\"submissionId\":\"plat-1\",\"status\":\"COMPLETED\",\"result\":\"VALID\"}";
    protected static final String OTHER_BODY = "{\"submissionId\":\"plat-2\",\"status\":\"IN_PROGRESS\"}";

    /** An inbox holding no entry, independent of any other test's. */
    protected abstract CallbackInbox newEmptyInbox();

    /**
     * The inbox as another instance of the service opens it: its own over the same entries. The inbox of
     * {@link #newEmptyInbox} itself when it keeps its entries nowhere else. Called on the test's thread, before
     * any thread of a concurrent case starts.
     */
    protected CallbackInbox anotherInstance() {
        return inbox;
    }

    protected CallbackInbox inbox;

    @BeforeEach
    void openEmptyInbox() {
        inbox = newEmptyInbox();
    }

    private InboxEntry claimOne(long id) {
        List<InboxEntry> claimed = inbox.claimDue(at(1_000), at(1_001), 100);
        return claimed.stream().filter(e -> e.id() == id).findFirst().orElseThrow(
                () -> new AssertionError("entry " + id + " was not claimable"));
    }

    @Nested
    class Appending {
        @Test
        void aNewBodyIsStoredPendingAndDueWhenReceived() {
            InboxAppend append = inbox.append(CallbackChannel.ESIGN, BODY, T0);

            assertThat(append.duplicate()).isFalse();
            List<InboxEntry> claimed = inbox.claimDue(T0, at(1), 10);
            assertThat(claimed).singleElement().satisfies(entry -> {
                assertThat(entry.id()).isEqualTo(append.entryId());
                assertThat(entry.channel()).isEqualTo(CallbackChannel.ESIGN);
                assertThat(entry.body()).isEqualTo(BODY);
                assertThat(entry.receivedAt()).isEqualTo(T0);
                assertThat(entry.state()).isEqualTo(InboxState.PENDING);
                assertThat(entry.attempts()).isZero();
                assertThat(entry.nextAttemptAt()).isEqualTo(T0);
                assertThat(entry.lastError()).isNull();
            });
        }

        @Test
        void theSameBodyOnTheSameChannelIsADuplicateOfTheFirstEntry() {
            InboxAppend first = inbox.append(CallbackChannel.ESIGN, BODY, T0);

            InboxAppend second = inbox.append(CallbackChannel.ESIGN, BODY, at(1));

            assertThat(second).isEqualTo(new InboxAppend(first.entryId(), true));
            assertThat(inbox.countByState()).containsExactly(Map.entry(InboxState.PENDING, 1L));
        }

        @Test
        void aBodyAlreadyAppliedIsStillADuplicate() {
            InboxAppend first = inbox.append(CallbackChannel.SIV, BODY, T0);
            inbox.markApplied(first.entryId(), at(1));

            InboxAppend again = inbox.append(CallbackChannel.SIV, BODY, at(2));

            assertThat(again).isEqualTo(new InboxAppend(first.entryId(), true));
            assertThat(inbox.countByState()).containsExactly(Map.entry(InboxState.APPLIED, 1L));
        }

        @Test
        void theSameBodyOnAnotherChannelIsANewEntry() {
            InboxAppend esign = inbox.append(CallbackChannel.ESIGN, BODY, T0);

            InboxAppend coe = inbox.append(CallbackChannel.COE, BODY, T0);

            assertThat(coe.duplicate()).isFalse();
            assertThat(coe.entryId()).isNotEqualTo(esign.entryId());
        }

        @Test
        void bodiesThatDifferInAnyCharacterAreDifferent() {
            InboxAppend first = inbox.append(CallbackChannel.ESIGN, BODY, T0);

            InboxAppend second = inbox.append(CallbackChannel.ESIGN, BODY + " ", T0);

            assertThat(second.duplicate()).isFalse();
            assertThat(second.entryId()).isNotEqualTo(first.entryId());
            assertThat(inbox.countByState()).containsExactly(Map.entry(InboxState.PENDING, 2L));
        }

        @Test
        void entryIdsGrowWithEachNewEntry() {
            long first = inbox.append(CallbackChannel.ESIGN, BODY, T0).entryId();
            long second = inbox.appendRejected(CallbackChannel.ESIGN, "not json", T0, "malformed JSON");
            long third = inbox.append(CallbackChannel.COE, OTHER_BODY, T0).entryId();

            assertThat(second).isGreaterThan(first);
            assertThat(third).isGreaterThan(second);
        }

        @Test
        void aBodyIsKeptExactlyAsReceived() {
            String body = "{\"name\":\"Siti Rahayu \u00e9\u00e8 \ud83d\ude00\",\n\t\"quote\":\"\\\"x\\\"\",\"nul\":\"\u0000\"}";
            long id = inbox.append(CallbackChannel.SIV, body, T0).entryId();

            assertThat(claimOne(id).body()).isEqualTo(body);
        }
    }

    @Nested
    class Rejecting {
        @Test
        void anUnreadableBodyIsKeptAsRejectedWithItsReasonAndNeverClaimed() {
            long id = inbox.appendRejected(CallbackChannel.COE, "{not json", T0, "malformed JSON");

            assertThat(id).isPositive();
            assertThat(inbox.countByState()).containsExactly(Map.entry(InboxState.REJECTED, 1L));
            assertThat(inbox.claimDue(at(1_000), at(1_001), 10)).isEmpty();
        }

        @Test
        void rejectedBodiesAreKeptEachTimeTheyArrive() {
            long first = inbox.appendRejected(CallbackChannel.COE, "{not json", T0, "malformed JSON");
            long second = inbox.appendRejected(CallbackChannel.COE, "{not json", at(1), "malformed JSON");

            assertThat(second).isNotEqualTo(first);
            assertThat(inbox.countByState()).containsExactly(Map.entry(InboxState.REJECTED, 2L));
        }

        /**
         * The port: "A body identical to one already stored on the same channel is not stored again". An entry
         * that was stored and later rejected is still stored (entries are kept for audit): its body is a
         * duplicate.
         */
        @Test
        void aBodyStoredAndLaterRejectedIsStillADuplicate() {
            long id = inbox.append(CallbackChannel.ESIGN, BODY, T0).entryId();
            inbox.reject(id, "no submission id", at(1));

            InboxAppend again = inbox.append(CallbackChannel.ESIGN, BODY, at(2));

            assertThat(again).isEqualTo(new InboxAppend(id, true));
            assertThat(inbox.countByState()).containsExactly(Map.entry(InboxState.REJECTED, 1L));
        }

        @Test
        void aBodyRejectedOnArrivalIsNotTheOriginalOfALaterCopy() {
            long rejected = inbox.appendRejected(CallbackChannel.ESIGN, BODY, T0, "no submission id");

            InboxAppend append = inbox.append(CallbackChannel.ESIGN, BODY, at(1));

            assertThat(append.duplicate()).isFalse();
            assertThat(append.entryId()).isNotEqualTo(rejected);
            assertThat(inbox.countByState()).containsExactlyInAnyOrderEntriesOf(Map.of(InboxState.REJECTED, 1L,
                    InboxState.PENDING, 1L));
        }

        @Test
        void aRejectedEntryIsKeptForAuditAndNeverClaimedAgain() {
            long id = inbox.append(CallbackChannel.ESIGN, BODY, T0).entryId();
            inbox.claimDue(T0, at(1), 10);

            inbox.reject(id, "no submission id", at(1));

            assertThat(inbox.countByState()).containsExactly(Map.entry(InboxState.REJECTED, 1L));
            assertThat(inbox.claimDue(at(1_000), at(1_001), 10)).isEmpty();
        }
    }

    @Nested
    class Claiming {
        @Test
        void dueEntriesAreClaimedOldestFirst() {
            long received2 = inbox.append(CallbackChannel.ESIGN, BODY, at(2)).entryId();
            long received1 = inbox.append(CallbackChannel.COE, OTHER_BODY, at(1)).entryId();
            long received3 = inbox.append(CallbackChannel.SIV, BODY, at(3)).entryId();

            assertThat(inbox.claimDue(at(5), at(6), 10)).extracting(InboxEntry::id)
                    .containsExactly(received1, received2, received3);
        }

        @Test
        void aParkedEntryWaitsBehindEntriesThatBecameDueBeforeItsRetry() {
            long parked = inbox.append(CallbackChannel.ESIGN, BODY, at(1)).entryId();
            inbox.park(parked, "not known yet", at(10));
            long later = inbox.append(CallbackChannel.COE, OTHER_BODY, at(2)).entryId();
            long latest = inbox.append(CallbackChannel.SIV, BODY, at(3)).entryId();

            assertThat(inbox.claimDue(at(10), at(11), 10)).extracting(InboxEntry::id)
                    .containsExactly(later, latest, parked);
        }

        @Test
        void anEntryReceivedLaterThanNowIsNotYetDue() {
            inbox.append(CallbackChannel.ESIGN, BODY, at(10));

            assertThat(inbox.claimDue(at(9), at(11), 10)).isEmpty();
            assertThat(inbox.claimDue(at(10), at(11), 10)).hasSize(1);
        }

        @Test
        void noMoreThanTheLimitIsClaimed() {
            for (int i = 0; i < 5; i++) {
                inbox.append(CallbackChannel.ESIGN, BODY + i, at(i));
            }

            assertThat(inbox.claimDue(at(10), at(11), 2)).hasSize(2);
            assertThat(inbox.claimDue(at(10), at(11), 10)).hasSize(3);
            assertThat(inbox.claimDue(at(10), at(11), 10)).isEmpty();
        }

        @Test
        void aClaimedEntryIsNotClaimedAgainUntilItsLeaseEnds() {
            long id = inbox.append(CallbackChannel.ESIGN, BODY, T0).entryId();
            inbox.claimDue(T0, at(5), 10);

            assertThat(inbox.claimDue(at(4), at(9), 10)).isEmpty();
            assertThat(inbox.claimDue(at(5), at(10), 10)).extracting(InboxEntry::id).containsExactly(id);
        }

        @Test
        void anAppliedEntryIsCountedAndNeverClaimedAgain() {
            long id = inbox.append(CallbackChannel.ESIGN, BODY, T0).entryId();
            inbox.claimDue(T0, at(5), 10);

            inbox.markApplied(id, at(1));

            assertThat(inbox.countByState()).containsExactly(Map.entry(InboxState.APPLIED, 1L));
            assertThat(inbox.claimDue(at(1_000), at(1_001), 10)).isEmpty();
        }
    }

    /** A worker holding an entry past its batch's lease (one slow entry ahead of it) renews it before processing. */
    @Nested
    class RenewingLeases {
        @Test
        void aRenewedLeaseKeepsOtherClaimsOutUntilItEnds() {
            long id = inbox.append(CallbackChannel.ESIGN, BODY, T0).entryId();
            inbox.claimDue(T0, at(1), 10);

            assertThat(inbox.renewLease(id, at(1), at(5))).isTrue();

            assertThat(inbox.claimDue(at(2), at(3), 10)).isEmpty();
            assertThat(inbox.claimDue(at(5), at(6), 10)).extracting(InboxEntry::id).containsExactly(id);
        }

        /** Nobody claimed it since it ran out: it is still the worker's. */
        @Test
        void aLeaseThatRanOutIsRenewedUnlessAnotherClaimTookTheEntry() {
            long id = inbox.append(CallbackChannel.ESIGN, BODY, T0).entryId();
            inbox.claimDue(T0, at(1), 10);

            assertThat(inbox.renewLease(id, at(1), at(7))).isTrue();

            assertThat(inbox.claimDue(at(6), at(8), 10)).isEmpty();
        }

        @Test
        void anEntryAnotherWorkerClaimedOnceTheLeaseRanOutIsNotRenewedAndKeepsThatWorkersLease() {
            long id = inbox.append(CallbackChannel.ESIGN, BODY, T0).entryId();
            inbox.claimDue(T0, at(1), 10);
            inbox.claimDue(at(1), at(3), 10);

            assertThat(inbox.renewLease(id, at(1), at(10))).isFalse();

            assertThat(inbox.claimDue(at(3), at(4), 10)).as("the other worker's lease, not the renewal's")
                    .extracting(InboxEntry::id).containsExactly(id);
        }

        @Test
        void aSettledEntryIsNotRenewed() {
            long id = inbox.append(CallbackChannel.ESIGN, BODY, T0).entryId();
            inbox.claimDue(T0, at(1), 10);
            inbox.markApplied(id, at(1));

            assertThat(inbox.renewLease(id, at(1), at(5))).isFalse();
            assertThat(inbox.countByState()).containsExactly(Map.entry(InboxState.APPLIED, 1L));
        }

        @Test
        void aParkedEntryHoldsNoLeaseToRenew() {
            long id = inbox.append(CallbackChannel.ESIGN, BODY, T0).entryId();
            inbox.claimDue(T0, at(1), 10);
            inbox.park(id, "not known yet", at(2));

            assertThat(inbox.renewLease(id, at(1), at(5))).isFalse();
            assertThat(inbox.claimDue(at(2), at(3), 10)).extracting(InboxEntry::id).containsExactly(id);
        }
    }

    @Nested
    class Parking {
        @Test
        void aParkedEntryIsRetriedAtItsTimeWithTheAttemptCountedAndTheReasonKept() {
            long id = inbox.append(CallbackChannel.ESIGN, BODY, T0).entryId();
            inbox.claimDue(T0, at(5), 10);

            inbox.park(id, "submission not known yet", at(30));

            assertThat(inbox.countByState()).containsExactly(Map.entry(InboxState.PARKED, 1L));
            assertThat(inbox.claimDue(at(29), at(40), 10)).isEmpty();
            assertThat(inbox.claimDue(at(30), at(40), 10)).singleElement().satisfies(entry -> {
                assertThat(entry.id()).isEqualTo(id);
                assertThat(entry.body()).isEqualTo(BODY);
                assertThat(entry.state()).isEqualTo(InboxState.PARKED);
                assertThat(entry.attempts()).isEqualTo(1);
                assertThat(entry.nextAttemptAt()).isEqualTo(at(30));
                assertThat(entry.lastError()).isEqualTo("submission not known yet");
            });
        }

        /** A worker whose lease ran out while it asked the platform, after another worker took the entry over. */
        @Test
        void aLateAttemptLeavesAnEntryAnotherWorkerSettledAsItIs() {
            long id = inbox.append(CallbackChannel.ESIGN, BODY, T0).entryId();
            inbox.claimDue(T0, at(5), 10);
            inbox.claimDue(at(5), at(10), 10);
            inbox.markApplied(id, at(6));

            inbox.park(id, "the platform could not be reached", at(30));
            inbox.reject(id, "late", at(31));
            inbox.markUnmatched(id, "late", at(32));

            assertThat(inbox.countByState()).containsExactly(Map.entry(InboxState.APPLIED, 1L));
            assertThat(inbox.claimDue(at(30), at(40), 10)).isEmpty();
        }

        @Test
        void parkingReleasesTheLeaseSoTheRetryTimeAloneDecides() {
            long id = inbox.append(CallbackChannel.ESIGN, BODY, T0).entryId();
            inbox.claimDue(T0, at(60), 10);

            inbox.park(id, "submission not known yet", at(2));

            assertThat(inbox.claimDue(at(2), at(3), 10)).extracting(InboxEntry::id).containsExactly(id);
        }

        @Test
        void anEntryGivenUpOnIsKeptAsUnmatchedAndNeverClaimedAgain() {
            long id = inbox.append(CallbackChannel.ESIGN, BODY, T0).entryId();
            inbox.claimDue(T0, at(5), 10);
            inbox.park(id, "submission not known yet", at(30));
            inbox.claimDue(at(30), at(40), 10);

            inbox.markUnmatched(id, "no submission matched", at(31));

            assertThat(inbox.countByState()).containsExactly(Map.entry(InboxState.UNMATCHED, 1L));
            assertThat(inbox.claimDue(at(1_000_000), at(1_000_001), 10)).isEmpty();
            assertThat(inbox.append(CallbackChannel.ESIGN, BODY, at(32)).duplicate())
                    .as("the same body again is a duplicate of the entry kept").isTrue();
        }

        @Test
        void everyAttemptCountsUntilTheEntryIsApplied() {
            long id = inbox.append(CallbackChannel.COE, BODY, T0).entryId();
            inbox.park(id, "not known", at(1));
            inbox.park(id, "still not known", at(2));

            assertThat(claimOne(id).attempts()).isEqualTo(2);
            assertThat(claimAgainWithinTheLease(id)).isNull();

            inbox.markApplied(id, at(3));

            assertThat(inbox.countByState()).containsExactly(Map.entry(InboxState.APPLIED, 1L));
        }

        private InboxEntry claimAgainWithinTheLease(long id) {
            // A second claim within the first one's lease finds nothing.
            return inbox.claimDue(at(1_000), at(1_001), 100).stream().filter(e -> e.id() == id).findFirst()
                    .orElse(null);
        }
    }

    @Nested
    class Counting {
        @Test
        void entriesAreCountedByState() {
            long applied = inbox.append(CallbackChannel.ESIGN, BODY + 1, T0).entryId();
            long parked = inbox.append(CallbackChannel.ESIGN, BODY + 2, T0).entryId();
            inbox.append(CallbackChannel.ESIGN, BODY + 3, T0);
            inbox.appendRejected(CallbackChannel.ESIGN, "x", T0, "malformed JSON");
            inbox.markApplied(applied, at(1));
            inbox.park(parked, "not known", at(5));

            assertThat(inbox.countByState()).containsExactlyInAnyOrderEntriesOf(Map.of(InboxState.APPLIED, 1L,
                    InboxState.PARKED, 1L, InboxState.PENDING, 1L, InboxState.REJECTED, 1L));
        }

        @Test
        void anEmptyInboxCountsNothing() {
            assertThat(inbox.countByState()).isEmpty();
            assertThat(inbox.waiting()).isEqualTo(InboxBacklog.EMPTY);
        }

        @Test
        void theWaitingEntriesAreCountedPendingAndParkedWithTheEarliestDueOfThemAndNoSettledOne() {
            long applied = inbox.append(CallbackChannel.ESIGN, BODY + 1, T0).entryId();
            long parkedLater = inbox.append(CallbackChannel.ESIGN, BODY + 2, at(1)).entryId();
            long parkedSooner = inbox.append(CallbackChannel.COE, BODY + 3, at(2)).entryId();
            inbox.append(CallbackChannel.SIV, BODY + 4, at(3));
            inbox.append(CallbackChannel.SIV, BODY + 5, at(4));
            long unmatched = inbox.append(CallbackChannel.SIV, BODY + 6, at(5)).entryId();
            inbox.appendRejected(CallbackChannel.ESIGN, "x", T0, "malformed JSON");
            inbox.markApplied(applied, at(1));
            inbox.park(parkedLater, "not known", at(30));
            inbox.park(parkedSooner, "not known", at(2).plusSeconds(30));
            inbox.markUnmatched(unmatched, "no submission", at(6));

            assertThat(inbox.waiting()).isEqualTo(new InboxBacklog(2, 2, at(2).plusSeconds(30)));
        }

        @Test
        void aClaimedEntryStillWaitsUntilItIsSettled() {
            long id = inbox.append(CallbackChannel.ESIGN, BODY, T0).entryId();
            inbox.claimDue(T0, at(5), 10);

            assertThat(inbox.waiting()).isEqualTo(new InboxBacklog(1, 0, T0));

            inbox.markApplied(id, at(1));

            assertThat(inbox.waiting()).isEqualTo(InboxBacklog.EMPTY);
        }
    }

    /**
     * Threads released together on the same entries, every other one on {@link #anotherInstance}. An inbox that
     * looks in one step and writes in another (finds no copy of the body, then inserts; finds due entries, then
     * leases them) passes every other case and lets two of them through here.
     */
    @Nested
    class Concurrently {
        private static final int THREADS = 8;

        private CallbackInbox other;

        @BeforeEach
        void openAnotherInstance() {
            other = anotherInstance();
        }

        /** The inbox thread {@code i} works on: this instance's for even threads, the other's for odd ones. */
        private CallbackInbox of(int thread) {
            return thread % 2 == 0 ? inbox : other;
        }

        @Test
        void workersClaimingTogetherClaimEveryDueEntryExactlyOnce() throws Exception {
            Set<Long> appended = new HashSet<>();
            for (int i = 0; i < 120; i++) {
                appended.add(inbox.append(CallbackChannel.values()[i % 3], "{\"n\":" + i + "}", T0).entryId());
            }
            // Every round, all workers claim a batch at once; the first round has a full batch for each.
            List<Long> claimed = new ArrayList<>();
            for (int round = 0; ; round++) {
                List<Callable<List<Long>>> workers = new ArrayList<>();
                for (int i = 0; i < THREADS; i++) {
                    CallbackInbox worker = of(i);
                    workers.add(() -> worker.claimDue(at(1), at(30), 4).stream().map(InboxEntry::id).toList());
                }
                List<List<Long>> batches = Together.run(workers);
                if (round == 0) {
                    assertThat(batches).as("the first round: every worker had four to claim")
                            .allSatisfy(batch -> assertThat(batch).hasSize(4));
                }
                List<Long> taken = batches.stream().flatMap(List::stream).toList();
                if (taken.isEmpty()) {
                    break;
                }
                claimed.addAll(taken);
            }

            assertThat(claimed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(appended);
        }

        /**
         * A worker renewing an entry whose lease ran out while other workers claim it: either the renewal or one
         * claim gets it, never two of them.
         */
        @Test
        void aRenewalAndClaimsMadeTogetherLeaveTheEntryToExactlyOneWorker() throws Exception {
            for (int round = 0; round < 5; round++) {
                long id = inbox.append(CallbackChannel.ESIGN, "{\"n\":" + round + "}", T0).entryId();
                Instant leasedUntil = at(round * 10 + 1);
                inbox.claimDue(at(round * 10), leasedUntil, 10);
                Instant now = at(round * 10 + 2);
                List<Callable<Boolean>> workers = new ArrayList<>();
                for (int i = 0; i < THREADS; i++) {
                    CallbackInbox worker = of(i);
                    workers.add(i < 2 ? () -> worker.renewLease(id, leasedUntil, now.plusSeconds(60))
                            : () -> worker.claimDue(now, now.plusSeconds(60), 10).stream()
                                    .anyMatch(e -> e.id() == id));
                }

                List<Boolean> held = Together.run(workers);

                assertThat(held).as("round %d", round).filteredOn(Boolean::booleanValue).hasSize(1);
                inbox.markApplied(id, now);
            }
        }

        /** The platform sends a callback again before the first answer reached it, to several instances. */
        @Test
        void theSameBodyArrivingTogetherIsStoredOnceAndEveryOtherCopyIsItsDuplicate() throws Exception {
            int bodies = 5;
            for (int round = 0; round < bodies; round++) {
                String body = "{\"submissionId\":\"plat-" + round + "\",\"status\":\"COMPLETED\"}";
                List<Callable<InboxAppend>> receivers = new ArrayList<>();
                for (int i = 0; i < THREADS; i++) {
                    CallbackInbox receiver = of(i);
                    receivers.add(() -> receiver.append(CallbackChannel.SIV, body, T0));
                }

                List<InboxAppend> appends = Together.run(receivers);

                assertThat(appends).as("round %d", round).filteredOn(append -> !append.duplicate()).hasSize(1);
                assertThat(appends).as("round %d", round).extracting(InboxAppend::entryId)
                        .containsOnly(appends.get(0).entryId());
            }
            assertThat(inbox.countByState()).containsExactly(Map.entry(InboxState.PENDING, (long) bodies));
        }
    }

    @Nested
    class ErasingBodies {
        @Test
        void theBodiesOfEntriesSettledAndReceivedBeforeTheCutoffAreErasedAndTheEntriesKept() {
            long applied = inbox.append(CallbackChannel.ESIGN, BODY, T0).entryId();
            inbox.markApplied(applied, at(1));
            long unmatched = inbox.append(CallbackChannel.SIV, BODY, T0).entryId();
            inbox.markUnmatched(unmatched, "no submission matched", at(1));
            long rejectedLater = inbox.append(CallbackChannel.COE, BODY, T0).entryId();
            inbox.reject(rejectedLater, "no submission id", at(1));
            inbox.appendRejected(CallbackChannel.COE, "{not json", T0, "malformed JSON");

            assertThat(inbox.eraseSettledBodies(at(10), 100)).isEqualTo(4);

            assertThat(inbox.countByState()).containsExactlyInAnyOrderEntriesOf(Map.of(InboxState.APPLIED, 1L,
                    InboxState.UNMATCHED, 1L, InboxState.REJECTED, 2L));
            assertThat(inbox.eraseSettledBodies(at(10), 100)).as("erased once").isZero();
        }

        @Test
        void aBodyIdenticalToAnErasedOneIsStillItsDuplicate() {
            InboxAppend first = inbox.append(CallbackChannel.SIV, BODY, T0);
            inbox.markApplied(first.entryId(), at(1));
            inbox.eraseSettledBodies(at(10), 100);

            InboxAppend again = inbox.append(CallbackChannel.SIV, BODY, at(20));

            assertThat(again).isEqualTo(new InboxAppend(first.entryId(), true));
            assertThat(inbox.countByState()).containsExactly(Map.entry(InboxState.APPLIED, 1L));
        }

        @Test
        void entriesStillBeingProcessedOrSettledAtOrAfterTheCutoffKeepTheirBodies() {
            long pending = inbox.append(CallbackChannel.ESIGN, BODY, T0).entryId();
            long parked = inbox.append(CallbackChannel.COE, OTHER_BODY, T0).entryId();
            inbox.park(parked, "not known yet", at(1));
            long recent = inbox.append(CallbackChannel.ESIGN, OTHER_BODY, at(10)).entryId();
            inbox.markApplied(recent, at(11));

            assertThat(inbox.eraseSettledBodies(at(10), 100)).isZero();
            assertThat(inbox.eraseSettledBodies(at(11), 100)).as("settled at the cutoff").isZero();

            assertThat(inbox.claimDue(at(1_000), at(1_001), 10)).extracting(InboxEntry::id, InboxEntry::body)
                    .containsExactly(tuple(pending, BODY),
                            tuple(parked, OTHER_BODY));
            assertThat(inbox.eraseSettledBodies(at(12), 100)).as("the applied entry, once old enough").isEqualTo(1);
        }

        /**
         * The retention period counts from when an entry settled, not from its arrival: one parked long (its
         * submission not known yet, the platform out of reach) and settled only lately keeps its body for an
         * operator to look at, as long as an entry settled at once.
         */
        @Test
        void anEntryParkedLongKeepsItsBodyUntilItHasBeenSettledLongEnough() {
            long parkedLong = inbox.append(CallbackChannel.SIV, BODY, T0).entryId();
            inbox.park(parkedLong, "no submission matched yet", at(1));
            long givenUp = inbox.append(CallbackChannel.COE, OTHER_BODY, T0).entryId();
            inbox.park(givenUp, "no submission matched yet", at(1));
            inbox.claimDue(at(20), at(21), 10);
            inbox.markApplied(parkedLong, at(20));
            inbox.markUnmatched(givenUp, "no submission matched within a day", at(20));

            assertThat(inbox.eraseSettledBodies(at(10), 100)).as("arrived before the cutoff, settled after it")
                    .isZero();
            assertThat(inbox.eraseSettledBodies(at(21), 100)).isEqualTo(2);
        }

        @Test
        void noMoreThanTheLimitIsErasedAtATime() {
            for (int i = 0; i < 5; i++) {
                inbox.markApplied(inbox.append(CallbackChannel.ESIGN, BODY + i, at(i)).entryId(), at(i));
            }

            assertThat(inbox.eraseSettledBodies(at(10), 2)).isEqualTo(2);
            assertThat(inbox.eraseSettledBodies(at(10), 10)).isEqualTo(3);
            assertThat(inbox.eraseSettledBodies(at(10), 10)).isZero();
        }
    }
}
