package dev.onekycbridge.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionSnapshot;
import dev.onekycbridge.core.testing.TestData;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class RecentSnapshotsTest {
    private static final Instant T0 = Instant.parse("2026-01-05T03:00:00Z");

    private final RecentSnapshots recent = new RecentSnapshots();

    @Test
    void aRememberedSnapshotIsFoundAtItsVersionAndWriteAsOftenAsAsked() {
        SubmissionSnapshot created = snapshot("u-1", 1);
        byte[] personal = sealed(100);
        recent.remember(created, personal);

        assertThat(recent.at(created.id().toString(), 1, personal)).contains(created);
        assertThat(recent.at(created.id().toString(), 1, Arrays.copyOf(personal, personal.length)))
                .as("the same bytes read again").contains(created);
        assertThat(recent.at(created.id().toString(), 1)).hasValueSatisfying(remembered -> {
            assertThat(remembered.snapshot()).isEqualTo(created);
            assertThat(remembered.sealedPersonal()).isEqualTo(personal);
        });
    }

    @Test
    void anotherVersionFindsNothing() {
        SubmissionSnapshot created = snapshot("u-1", 2);
        byte[] personal = sealed(100);
        recent.remember(created, personal);

        assertThat(recent.at(created.id().toString(), 1, personal)).isEmpty();
        assertThat(recent.at(created.id().toString(), 3, personal)).isEmpty();
        assertThat(recent.at("another", 2, personal)).isEmpty();
        assertThat(recent.at(created.id().toString(), 1)).isEmpty();
    }

    /**
     * The database went back to an earlier state and another instance wrote the same version again: the row's
     * personal data, sealed anew by that write, is not the one remembered.
     */
    @Test
    void anotherWriteOfTheSameVersionFindsNothing() {
        SubmissionSnapshot saved = snapshot("u-1", 2);
        byte[] personal = sealed(100);
        recent.remember(saved, personal);
        byte[] writtenAgain = Arrays.copyOf(personal, personal.length);
        writtenAgain[5] ^= 1;

        assertThat(recent.at(saved.id().toString(), 2, writtenAgain)).isEmpty();
        assertThat(recent.at(saved.id().toString(), 2, null)).isEmpty();
    }

    @Test
    void aSubmissionWithoutPersonalDataIsNotRememberedAndForgetsItsEarlierState() {
        SubmissionSnapshot first = snapshot("u-1", 1);
        byte[] personal = sealed(100);
        recent.remember(first, personal);

        recent.remember(atVersion(first, 2), null);

        assertThat(recent.size()).isZero();
        assertThat(recent.weight()).isZero();
        assertThat(recent.at(first.id().toString(), 1, personal)).isEmpty();
        assertThat(recent.at(first.id().toString(), 2, null)).isEmpty();
        assertThat(recent.at(first.id().toString(), 2)).isEmpty();
    }

    @Test
    void anotherVersionReplacesTheOneRememberedAndItsWeight() {
        SubmissionSnapshot first = snapshot("u-1", 1);
        SubmissionSnapshot second = atVersion(first, 2);
        byte[] secondPersonal = sealed(300);
        recent.remember(first, sealed(100));
        recent.remember(second, secondPersonal);

        assertThat(recent.size()).isEqualTo(1);
        assertThat(recent.at(first.id().toString(), 1)).isEmpty();
        assertThat(recent.at(first.id().toString(), 2, secondPersonal)).contains(second);
        assertThat(recent.weight()).isEqualTo(RecentSnapshots.ENTRY_BYTES + 2 * 300
                + (long) RecentSnapshots.HISTORY_ENTRY_BYTES * second.history().size());
    }

    @Test
    void aForgottenSubmissionGivesBackItsWeight() {
        SubmissionSnapshot first = snapshot("u-1", 1);
        recent.remember(first, sealed(100));

        recent.forget(first.id().toString());

        assertThat(recent.size()).isZero();
        assertThat(recent.weight()).isZero();
    }

    @Test
    void theLeastRecentlyUsedGoBeyondTheCapacity() {
        SubmissionSnapshot[] snapshots = new SubmissionSnapshot[RecentSnapshots.CAPACITY];
        byte[][] personal = new byte[snapshots.length][];
        for (int i = 0; i < snapshots.length; i++) {
            snapshots[i] = snapshot("u-" + i, 1);
            personal[i] = sealed(10);
            recent.remember(snapshots[i], personal[i]);
        }
        recent.at(snapshots[0].id().toString(), 1, personal[0]); // used again: the eldest now is the second
        SubmissionSnapshot oneMore = snapshot("one-more", 1);
        byte[] oneMorePersonal = sealed(10);
        recent.remember(oneMore, oneMorePersonal);

        assertThat(recent.size()).isEqualTo(RecentSnapshots.CAPACITY);
        assertThat(recent.at(snapshots[1].id().toString(), 1, personal[1])).isEmpty();
        assertThat(recent.at(snapshots[0].id().toString(), 1, personal[0])).contains(snapshots[0]);
        assertThat(recent.at(oneMore.id().toString(), 1, oneMorePersonal)).contains(oneMore);
    }

    @Test
    void theLeastRecentlyUsedGoWhenThePersonalDataWeighsMoreThanTheBudget() {
        // Each entry weighs a little over a twentieth of the budget: its personal data, opened and sealed.
        int personal = (int) (RecentSnapshots.BUDGET_BYTES / 40);
        SubmissionSnapshot first = snapshot("u-first", 1);
        byte[] firstPersonal = sealed(personal);
        recent.remember(first, firstPersonal);
        for (int i = 0; i < 25; i++) {
            recent.remember(snapshot("u-" + i, 1), sealed(personal));
        }

        assertThat(recent.weight()).isLessThanOrEqualTo(RecentSnapshots.BUDGET_BYTES);
        assertThat(recent.size()).isBetween(15, 20);
        assertThat(recent.at(first.id().toString(), 1, firstPersonal)).isEmpty();
    }

    @Test
    void aSubmissionTooLargeToKeepIsNotRememberedAndForgetsItsEarlierVersion() {
        SubmissionSnapshot first = snapshot("u-1", 1);
        byte[] firstPersonal = sealed(100);
        recent.remember(first, firstPersonal);

        byte[] large = sealed((int) (RecentSnapshots.BUDGET_BYTES / 16));
        recent.remember(atVersion(first, 2), large);

        assertThat(recent.size()).isZero();
        assertThat(recent.weight()).isZero();
        assertThat(recent.at(first.id().toString(), 1, firstPersonal)).isEmpty();
        assertThat(recent.at(first.id().toString(), 2, large)).isEmpty();
    }

    /** Personal data as a write seals it: random bytes, as its nonce makes every write's. */
    private static byte[] sealed(int length) {
        byte[] bytes = new byte[length];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
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
