package dev.onekycbridge.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WriteHealthTest {
    private final AtomicLong nanos = new AtomicLong();
    private final WriteHealth writes = new WriteHealth(nanos::get);

    private static PersistenceException lockTimeout(String operation) {
        return new PersistenceException(operation + " failed: another database session held a lock it needed "
                + "(lock timeout) (SQL state 55P03)", null, false, "55P03");
    }

    @Test
    void aWriteHeldBackByALockIsClearedOnlyByAWriteOfTheSameOperation() {
        writes.failed("saving a submission", lockTimeout("saving a submission"));

        writes.succeeded("checking that the database takes writes");
        writes.succeeded("storing a callback");

        assertThat(writes.failing()).isEmpty();
        assertThat(writes.heldBack()).contains("saving a submission failed: another database session held a lock it "
                + "needed (lock timeout) (SQL state 55P03)");
        assertThat(writes.failures()).isEqualTo(1);

        writes.succeeded("saving a submission");

        assertThat(writes.heldBack()).isEmpty();
    }

    @Test
    void aWriteHeldBackIsForgottenOnceNoneOfItsKindHasBeenHeldBackForAMinute() {
        writes.failed("claiming due submissions", lockTimeout("claiming due submissions"));
        nanos.addAndGet(WriteHealth.HELD_BACK_FOR.minusSeconds(1).toNanos());
        assertThat(writes.heldBack()).isPresent();

        nanos.addAndGet(Duration.ofSeconds(1).toNanos());

        assertThat(writes.heldBack()).isEmpty();
    }

    @Test
    void anyOtherFailureIsClearedByAnyWriteThatSucceeds() {
        writes.failed("saving a submission", new PersistenceException("saving a submission failed: the database "
                + "server's disk is full (SQL state 53100)", null, false, "53100"));

        assertThat(writes.failing()).isPresent();
        assertThat(writes.heldBack()).isEmpty();

        writes.succeeded("checking that the database takes writes");

        assertThat(writes.failing()).isEmpty();
    }
}
