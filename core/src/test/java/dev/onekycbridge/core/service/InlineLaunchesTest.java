package dev.onekycbridge.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.testing.TestData;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class InlineLaunchesTest {
    private static final Submission LAUNCHED =
            TestData.newCertificateRegistration(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void aLaunchEndedWithinTheWaitIsTheAnswer() {
        try (InlineLaunches launches = InlineLaunches.bounded(1, Duration.ofSeconds(30))) {
            assertThat(launches.run(LAUNCHED.id(), () -> LAUNCHED)).contains(LAUNCHED);
        }
    }

    @Test
    void aLaunchThatFailsWithinTheWaitFailsTheRequest() {
        try (InlineLaunches launches = InlineLaunches.bounded(1, Duration.ofSeconds(30))) {
            assertThatThrownBy(() -> launches.run(LAUNCHED.id(), () -> {
                throw new IllegalStateException("refused");
            })).isInstanceOf(IllegalStateException.class).hasMessage("refused");
        }
    }

    @Test
    void aLaunchLongerThanTheWaitGoesOnAfterTheRequestIsAnswered() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Submission> ended = new CompletableFuture<>();
        try (InlineLaunches launches = InlineLaunches.bounded(1, Duration.ofMillis(50))) {
            assertThat(launches.run(LAUNCHED.id(), () -> {
                await(release);
                ended.complete(LAUNCHED);
                return LAUNCHED;
            })).isEmpty();

            release.countDown();
            assertThat(ended.get(30, TimeUnit.SECONDS)).isSameAs(LAUNCHED);
        }
    }

    @Test
    void withEveryThreadBusyALaunchIsNotBegun() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean begun = new AtomicBoolean();
        try (InlineLaunches launches = InlineLaunches.bounded(1, Duration.ofMillis(50))) {
            launches.run(LAUNCHED.id(), () -> {
                await(release);
                return LAUNCHED;
            });

            assertThat(launches.run(LAUNCHED.id(), () -> {
                begun.set(true);
                return LAUNCHED;
            })).isEmpty();
            assertThat(begun).isFalse();
            release.countDown();
        }
    }

    /**
     * A launch still running at the stop is cut off (its platform call ended) and then given time to save and
     * release its lease: interrupted at once, its wait for the store's writer would end before either.
     */
    @Test
    void aLaunchCutOffAtTheStopEndsWithoutBeingInterrupted() throws Exception {
        CountDownLatch cutOff = new CountDownLatch(1);
        CompletableFuture<Boolean> interruptedAtItsEnd = new CompletableFuture<>();
        InlineLaunches launches = InlineLaunches.bounded(1, Duration.ofMillis(50));
        launches.run(LAUNCHED.id(), () -> {
            await(cutOff);
            try {
                Thread.sleep(300); // saving what it learnt, releasing its lease
                interruptedAtItsEnd.complete(false);
            } catch (InterruptedException e) {
                interruptedAtItsEnd.complete(true);
            }
            return LAUNCHED;
        });

        launches.stop(Duration.ofSeconds(5), cutOff::countDown);

        assertThat(interruptedAtItsEnd.get(30, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void aLaunchThatIgnoresItsCutOffIsInterruptedInTheEnd() throws Exception {
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        InlineLaunches launches = InlineLaunches.bounded(1, Duration.ofMillis(50));
        launches.run(LAUNCHED.id(), () -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.complete(true);
            }
            return LAUNCHED;
        });

        launches.stop(Duration.ofMillis(200), () -> { });

        assertThat(interrupted.get(30, TimeUnit.SECONDS)).isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
