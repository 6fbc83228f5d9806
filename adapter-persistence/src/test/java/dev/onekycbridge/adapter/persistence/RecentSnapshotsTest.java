package dev.onekycbridge.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionSnapshot;
import dev.onekycbridge.core.testing.TestData;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecentSnapshotsTest {
    private static final Instant T0 = Instant.parse("2026-01-05T03:00:00Z");

    private final RecentSnapshots recent = new RecentSnapshots();

    @Test
    void aRememberedSnapshotIsFoundAtItsVersionAsOftenAsAsked() {
        SubmissionSnapshot created = snapshot("u-1", 1);
        recent.remember(created, 100);

        assertThat(recent.at(created.id().toString(), 1)).contains(created);
        assertThat(recent.at(created.id().toString(), 1)).contains(created);
    }

    @Test
    void anotherVersionFindsNothing() {
        SubmissionSnapshot created = snapshot("u-1", 2);
        recent.remember(created, 100);

        assertThat(recent.at(created.id().toString(), 1)).isEmpty();
        assertThat(recent.at(created.id().toString(), 3)).isEmpty();
        assertThat(recent.at("another", 2)).isEmpty();
    }

    @Test
    void anotherVersionReplacesTheOneRememberedAndItsWeight() {
        SubmissionSnapshot first = snapshot("u-1", 1);
        SubmissionSnapshot second = atVersion(first, 2);
        recent.remember(first, 100);
        recent.remember(second, 300);

        assertThat(recent.size()).isEqualTo(1);
        assertThat(recent.at(first.id().toString(), 1)).isEmpty();
        assertThat(recent.at(first.id().toString(), 2)).contains(second);
        assertThat(recent.weight()).isEqualTo(RecentSnapshots.ENTRY_BYTES + 300
                + (long) RecentSnapshots.HISTORY_ENTRY_BYTES * second.history().size());
    }

    @Test
    void theLeastRecentlyUsedGoBeyondTheCapacity() {
        SubmissionSnapshot[] snapshots = new SubmissionSnapshot[RecentSnapshots.CAPACITY];
        for (int i = 0; i < snapshots.length; i++) {
            snapshots[i] = snapshot("u-" + i, 1);
            recent.remember(snapshots[i], 10);
        }
        recent.at(snapshots[0].id().toString(), 1); // used again: the eldest now is the second
        SubmissionSnapshot oneMore = snapshot("one-more", 1);
        recent.remember(oneMore, 10);

        assertThat(recent.size()).isEqualTo(RecentSnapshots.CAPACITY);
        assertThat(recent.at(snapshots[1].id().toString(), 1)).isEmpty();
        assertThat(recent.at(snapshots[0].id().toString(), 1)).contains(snapshots[0]);
        assertThat(recent.at(oneMore.id().toString(), 1)).contains(oneMore);
    }

    @Test
    void theLeastRecentlyUsedGoWhenThePersonalDataWeighsMoreThanTheBudget() {
        long personal = RecentSnapshots.BUDGET_BYTES / 20;
        SubmissionSnapshot first = snapshot("u-first", 1);
        recent.remember(first, personal);
        for (int i = 0; i < 25; i++) {
            recent.remember(snapshot("u-" + i, 1), personal);
        }

        assertThat(recent.weight()).isLessThanOrEqualTo(RecentSnapshots.BUDGET_BYTES);
        assertThat(recent.size()).isBetween(15, 20);
        assertThat(recent.at(first.id().toString(), 1)).isEmpty();
    }

    @Test
    void aSubmissionTooLargeToKeepIsNotRememberedAndForgetsItsEarlierVersion() {
        SubmissionSnapshot first = snapshot("u-1", 1);
        recent.remember(first, 100);

        recent.remember(atVersion(first, 2), RecentSnapshots.BUDGET_BYTES / 8);

        assertThat(recent.size()).isZero();
        assertThat(recent.weight()).isZero();
        assertThat(recent.at(first.id().toString(), 1)).isEmpty();
        assertThat(recent.at(first.id().toString(), 2)).isEmpty();
    }

    private static SubmissionSnapshot snapshot(String userId, long version) {
        Submission created = TestData.newCertificateRegistration(TestData.partnerUser(userId), T0);
        return atVersion(created.snapshot(), version);
    }

    private static SubmissionSnapshot atVersion(SubmissionSnapshot s, long version) {
        return new SubmissionSnapshot(s.id(), s.flow(), s.partnerUser(), s.platformSubmissionId(),
                s.partnerSessionId(), s.status(), s.input(), s.documents(), s.outcome(), s.launch(), s.failure(),
                s.schedule(), s.confirmAttemptedAt(), s.idempotencyKey(), s.requestFingerprint(), s.createdAt(),
                s.updatedAt(), s.purgedAt(), version, s.history());
    }
}
