package dev.onekycbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.onekycbridge.core.port.in.AdvanceDueSubmissionsUseCase;
import dev.onekycbridge.core.port.in.ProcessCallbacksUseCase;
import dev.onekycbridge.core.port.out.StoreUnavailableException;
import dev.onekycbridge.core.port.out.StoredDataUnreadableException;
import dev.onekycbridge.core.testing.TestData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Each loop wakes for its own kind of work, and otherwise looks at the store once per idle interval. */
class WorkersTest {
    private static final Duration IDLE = Duration.ofSeconds(30);
    /** Round counters never claim; the gate only has to be there. */
    private final ClaimGate claims = new ClaimGate(null);

    @Test
    void storedCallbacksWakeTheCallbackWorkerButNotTheDriverThreads() throws Exception {
        AtomicInteger driverRounds = new AtomicInteger();
        AtomicInteger callbackRounds = new AtomicInteger();
        WorkSignal submissionsArrived = new WorkSignal();
        WorkSignal callbacksArrived = new WorkSignal();
        Workers workers = new Workers(limit -> count(driverRounds), claims, limit -> count(callbackRounds),
                submissionsArrived, callbacksArrived, 4, IDLE, Duration.ofMinutes(1));
        workers.start();
        try {
            awaitAtLeast(driverRounds, 4);
            awaitAtLeast(callbackRounds, 1);

            for (int i = 0; i < 20; i++) {
                callbacksArrived.signal();
                awaitAtLeast(callbackRounds, 2 + i);
            }

            assertThat(driverRounds.get()).as("one look per driver thread at start, none since").isEqualTo(4);
            submissionsArrived.signal();
            awaitAtLeast(driverRounds, 5);
        } finally {
            workers.stop(Duration.ofSeconds(5), null);
        }
    }

    @Test
    void stoppingWakesEveryIdleLoopInsteadOfWaitingOutTheGraceOrInterruptingThem() {
        AtomicInteger rounds = new AtomicInteger();
        Workers workers = new Workers(limit -> count(rounds), claims, limit -> count(rounds), new WorkSignal(),
                new WorkSignal(), 4, IDLE, Duration.ofMinutes(1));
        workers.start();

        long started = System.nanoTime();
        workers.stop(Duration.ofSeconds(20), null);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void theLeasesOfRunningStepsAreRenewedEveryIntervalUntilTheWorkersStop() throws Exception {
        AtomicInteger renewals = new AtomicInteger();
        AdvanceDueSubmissionsUseCase driver = new AdvanceDueSubmissionsUseCase() {
            @Override
            public int advanceDueSubmissions(int limit) {
                return 0;
            }

            @Override
            public void renewClaims() {
                renewals.incrementAndGet();
            }
        };
        Workers workers = new Workers(driver, claims, limit -> 0, new WorkSignal(), new WorkSignal(), 1, IDLE,
                Duration.ofMillis(10));
        workers.start();
        awaitAtLeast(renewals, 5);

        workers.stop(Duration.ofSeconds(5), null);
        int afterStop = renewals.get();
        Thread.sleep(100);

        assertThat(renewals.get()).as("no renewal after the workers stopped").isLessThanOrEqualTo(afterStop + 1);
    }

    /** A step still running while the stop waits for it keeps its lease: another instance would repeat the step. */
    @Test
    void theLeasesOfStepsStillRunningAreRenewedWhileTheStopWaitsForThem() throws Exception {
        AtomicInteger renewals = new AtomicInteger();
        CountDownLatch stepRuns = new CountDownLatch(1);
        CountDownLatch stepMayEnd = new CountDownLatch(1);
        AdvanceDueSubmissionsUseCase driver = new AdvanceDueSubmissionsUseCase() {
            @Override
            public int advanceDueSubmissions(int limit) {
                stepRuns.countDown();
                try {
                    stepMayEnd.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return 0;
            }

            @Override
            public void renewClaims() {
                renewals.incrementAndGet();
            }
        };
        Workers workers = new Workers(driver, claims, null, new WorkSignal(), new WorkSignal(), 1, IDLE,
                Duration.ofMillis(10));
        workers.start();
        assertThat(stepRuns.await(10, TimeUnit.SECONDS)).isTrue();

        Thread stopping = new Thread(() -> workers.stop(Duration.ofSeconds(20), null));
        stopping.start();
        while (stopping.getState() != Thread.State.TIMED_WAITING) {
            Thread.sleep(1);
        }
        awaitAtLeast(renewals, renewals.get() + 5);
        stepMayEnd.countDown();
        stopping.join(10_000);

        assertThat(stopping.isAlive()).isFalse();
        int afterStop = renewals.get();
        Thread.sleep(100);
        assertThat(renewals.get()).as("no renewal after the workers stopped").isLessThanOrEqualTo(afterStop + 1);
    }

    /**
     * Before, a stop whose grace ran out stopped the renewals though the step still ran: its lease could end while
     * it finished (or while a later stop cut it off), and another instance repeat the step meanwhile.
     */
    @Test
    void aStepStillRunningAfterTheGraceKeepsItsLeaseRenewedUntilItEnds() throws Exception {
        BlockingStep step = new BlockingStep();
        Workers workers = new Workers(step, claims, null, new WorkSignal(), new WorkSignal(), 1, IDLE,
                Duration.ofMillis(10));
        workers.start();
        try {
            assertThat(step.runs.await(10, TimeUnit.SECONDS)).isTrue();
            workers.stop(Duration.ofMillis(50), null);

            awaitAtLeast(step.renewals, step.renewals.get() + 5);
        } finally {
            step.mayEnd.countDown();
        }
        awaitEnded(step.renewer.get());
    }

    /** As a closing bridge does: a stop with the service's grace, then the final one that cuts the step off. */
    @Test
    void aStepStillRunningAfterTheGraceKeepsItsLeaseRenewedWhileTheFinalStopCutsItOff() throws Exception {
        BlockingStep step = new BlockingStep();
        Workers workers = new Workers(step, claims, null, new WorkSignal(), new WorkSignal(), 1, IDLE,
                Duration.ofMillis(10));
        workers.start();
        try {
            assertThat(step.runs.await(10, TimeUnit.SECONDS)).isTrue();
            workers.stop(Duration.ofMillis(50), null);
            AtomicInteger renewalsWhileCutOff = new AtomicInteger(-1);
            workers.stop(Duration.ofSeconds(10), () -> {
                try {
                    awaitAtLeast(step.renewals, step.renewals.get() + 5);
                    renewalsWhileCutOff.set(step.renewals.get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                step.mayEnd.countDown();
            });

            assertThat(renewalsWhileCutOff.get()).as("renewals seen while the step was being cut off").isPositive();
        } finally {
            step.mayEnd.countDown();
        }
        awaitEnded(step.renewer.get());
    }

    /** A driver whose one step runs until {@link #mayEnd}, and that counts its renewals and their thread. */
    private static final class BlockingStep implements AdvanceDueSubmissionsUseCase {
        final CountDownLatch runs = new CountDownLatch(1);
        final CountDownLatch mayEnd = new CountDownLatch(1);
        final AtomicInteger renewals = new AtomicInteger();
        final AtomicReference<Thread> renewer = new AtomicReference<>();

        @Override
        public int advanceDueSubmissions(int limit) {
            if (runs.getCount() == 0) {
                return 0;
            }
            runs.countDown();
            try {
                mayEnd.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 1;
        }

        @Override
        public void renewClaims() {
            renewer.set(Thread.currentThread());
            renewals.incrementAndGet();
        }
    }

    private static void awaitEnded(Thread thread) throws InterruptedException {
        assertThat(thread).isNotNull();
        thread.join(10_000);
        assertThat(thread.isAlive()).as("%s ended", thread.getName()).isFalse();
    }

    @Test
    void aRoundThatFailsOnStoredDataUnderAKeyNotConfiguredIsLoggedWithTheKeyNotJustTheClassName() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(Workers.class.getName());
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        AtomicInteger rounds = new AtomicInteger();
        Workers workers = new Workers(limit -> 0, claims, limit -> {
            rounds.incrementAndGet();
            throw new StoredDataUnreadableException("the data key does not match: stored data was encrypted under"
                    + " data key 'key-2', which is not configured", "key-2");
        }, new WorkSignal(), new WorkSignal(), 1, Duration.ofMillis(10), Duration.ofMinutes(1));
        try {
            workers.start();
            awaitAtLeast(rounds, 1);
            workers.stop(Duration.ofSeconds(5), null);
        } finally {
            logger.detachAppender(lines);
        }

        assertThat(lines.list).anySatisfy(line -> assertThat(line.getFormattedMessage())
                .contains("worker rounds failed: the data key does not match").contains("'key-2'"));
    }

    @Test
    void aStoreOutageThatFailsEveryLoopIsLoggedOnceWithTheLoopsItFailsAndItsEndOnce() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(Workers.class.getName());
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        AtomicBoolean storeDown = new AtomicBoolean(true);
        AtomicInteger failedRounds = new AtomicInteger();
        AtomicInteger rounds = new AtomicInteger();
        Round round = () -> {
            if (storeDown.get()) {
                failedRounds.incrementAndGet();
                throw new StoreUnavailableException("claiming due submissions failed: the database is locked"
                        + " (SQLITE_BUSY)", null);
            }
            rounds.incrementAndGet();
            return 0;
        };
        Workers workers = new Workers(limit -> round.run(), claims, limit -> round.run(), new WorkSignal(),
                new WorkSignal(), 4, Duration.ofMillis(10), Duration.ofMinutes(1));
        try {
            workers.start();
            awaitAtLeast(failedRounds, 5 * 5);
            storeDown.set(false);
            awaitAtLeast(rounds, 5);
            workers.stop(Duration.ofSeconds(5), null);
        } finally {
            logger.detachAppender(lines);
        }

        assertThat(lines.list).filteredOn(line -> line.getLevel() == ch.qos.logback.classic.Level.WARN)
                .singleElement().satisfies(line -> assertThat(line.getFormattedMessage())
                        .startsWith("worker rounds failed: claiming due submissions failed: the database is locked"
                                + " (SQLITE_BUSY) (")
                        .contains(" of 5 loops: onekyc-"));
        assertThat(lines.list).filteredOn(line -> line.getLevel() == ch.qos.logback.classic.Level.INFO)
                .extracting(ILoggingEvent::getFormattedMessage).containsExactly("worker rounds work again ("
                        + (failedRounds.get() - 1) + " failed round(s) since the last warning)");
    }

    private interface Round {
        int run();
    }

    /** Before, the rounds failed after a reason's first line and within its quiet minute were never told. */
    @Test
    void roundsThatFailedSinceTheLastLineAreToldAsTheWorkersStop() throws Exception {
        AtomicInteger failedRounds = new AtomicInteger();
        ProcessCallbacksUseCase failing = limit -> {
            failedRounds.incrementAndGet();
            throw new StoreUnavailableException("claiming callbacks failed: the database is locked (SQLITE_BUSY)",
                    null);
        };
        List<ILoggingEvent> lines = linesWhile(() -> {
            Workers workers = new Workers(limit -> 0, claims, failing, new WorkSignal(), new WorkSignal(), 1,
                    Duration.ofMillis(10), Duration.ofMinutes(1));
            workers.start();
            try {
                awaitAtLeast(failedRounds, 2);
            } finally {
                workers.stop(Duration.ofSeconds(5), null);
            }
        });

        // Every round counted failed before the stop returned, and the first was told at once.
        String why = "worker rounds failed: claiming callbacks failed: the database is locked (SQLITE_BUSY) (1 of 2"
                + " loops: onekyc-callbacks; ";
        assertThat(lines).filteredOn(line -> line.getLevel() == ch.qos.logback.classic.Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                        why + "1 failed round(s) since the last such line)",
                        why + (failedRounds.get() - 1) + " failed round(s) since the last such line, told as the"
                                + " workers stop)");
    }

    /** Before, an Error ended the loop's thread for good, with nothing in the log but the JVM's stack trace. */
    @Test
    void aDriverRoundThatThrowsAnErrorIsLoggedByItsClassAndLoopAndTheLoopGoesOn() throws Exception {
        AtomicInteger rounds = new AtomicInteger();
        AdvanceDueSubmissionsUseCase driver = limit -> {
            if (rounds.incrementAndGet() == 1) {
                throw new OutOfMemoryError("simulated " + TestData.NIK);
            }
            return 0;
        };
        List<ILoggingEvent> lines = linesWhile(() -> {
            Workers workers = new Workers(driver, claims, null, new WorkSignal(), new WorkSignal(), 1,
                    Duration.ofMillis(10), Duration.ofMinutes(1));
            workers.start();
            try {
                awaitAtLeast(rounds, 3);
            } finally {
                workers.stop(Duration.ofSeconds(5), null);
            }
        });

        assertThat(lines).filteredOn(line -> line.getLevel() == ch.qos.logback.classic.Level.ERROR)
                .extracting(ILoggingEvent::getFormattedMessage).first().asString()
                .startsWith("worker rounds failed: java.lang.OutOfMemoryError (1 of 1 loops: onekyc-driver-0;");
        assertThat(lines).extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(line -> line.contains("simulated") || line.contains(TestData.NIK));
    }

    @Test
    void aCallbackRoundThatThrowsAnErrorIsLoggedAndTheLoopGoesOn() throws Exception {
        AtomicInteger rounds = new AtomicInteger();
        ProcessCallbacksUseCase callbacks = limit -> {
            if (rounds.incrementAndGet() == 1) {
                throw new StackOverflowError();
            }
            return 0;
        };
        List<ILoggingEvent> lines = linesWhile(() -> {
            Workers workers = new Workers(limit -> 0, claims, callbacks, new WorkSignal(), new WorkSignal(), 1,
                    Duration.ofMillis(10), Duration.ofMinutes(1));
            workers.start();
            try {
                awaitAtLeast(rounds, 3);
            } finally {
                workers.stop(Duration.ofSeconds(5), null);
            }
        });

        assertThat(lines).extracting(ILoggingEvent::getFormattedMessage).anySatisfy(line -> assertThat(line)
                .startsWith("worker rounds failed: java.lang.StackOverflowError (1 of 2 loops: onekyc-callbacks;"));
    }

    @Test
    void aRenewalThatThrowsAnErrorIsLoggedAndTheRenewalsGoOn() throws Exception {
        AtomicInteger renewals = new AtomicInteger();
        AdvanceDueSubmissionsUseCase driver = new AdvanceDueSubmissionsUseCase() {
            @Override
            public int advanceDueSubmissions(int limit) {
                return 0;
            }

            @Override
            public void renewClaims() {
                if (renewals.incrementAndGet() == 1) {
                    throw new NoClassDefFoundError("simulated");
                }
            }
        };
        List<ILoggingEvent> lines = linesWhile(() -> {
            Workers workers = new Workers(driver, claims, null, new WorkSignal(), new WorkSignal(), 1, IDLE,
                    Duration.ofMillis(10));
            workers.start();
            try {
                awaitAtLeast(renewals, 3);
            } finally {
                workers.stop(Duration.ofSeconds(5), null);
            }
        });

        assertThat(lines).filteredOn(line -> line.getLevel() == ch.qos.logback.classic.Level.ERROR)
                .extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("renewing leases failed: java.lang.NoClassDefFoundError");
    }

    private interface Run {
        void run() throws Exception;
    }

    /** The lines the workers (their loops and their lease renewal) log while {@code action} runs. */
    private static List<ILoggingEvent> linesWhile(Run action) throws Exception {
        List<Logger> loggers = List.of((Logger) LoggerFactory.getLogger(Workers.class.getName()),
                (Logger) LoggerFactory.getLogger(LeaseRenewal.class.getName()));
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        loggers.forEach(logger -> logger.addAppender(lines));
        try {
            action.run();
        } finally {
            loggers.forEach(logger -> logger.detachAppender(lines));
        }
        synchronized (lines) {
            return List.copyOf(lines.list);
        }
    }

    @Test
    void theCallbackWorkerRestsThreeTimesAsLongAsEachRoundWhileCallbacksKeepArrivingAndNotOnceTheyStop()
            throws Exception {
        WorkSignal callbacksArrived = new WorkSignal();
        AtomicBoolean arriving = new AtomicBoolean(true);
        List<long[]> rounds = new CopyOnWriteArrayList<>();
        AtomicInteger roundCount = new AtomicInteger();
        ProcessCallbacksUseCase busy = limit -> {
            long began = System.nanoTime();
            sleepQuietly(Duration.ofMillis(20));
            if (arriving.get()) {
                callbacksArrived.signal();
            }
            rounds.add(new long[] {began, System.nanoTime()});
            roundCount.incrementAndGet();
            return 1;
        };
        Workers workers = new Workers(limit -> 0, claims, busy, new WorkSignal(), callbacksArrived, 1, IDLE,
                Duration.ofMinutes(1));
        workers.start();
        try {
            awaitAtLeast(roundCount, 5);
            // Read first: every round counted by then signalled an arrival.
            int lastWithArrivals = roundCount.get();
            arriving.set(false);
            awaitAtLeast(roundCount, lastWithArrivals + 6);

            for (int i = 0; i + 1 < lastWithArrivals; i++) {
                long[] round = rounds.get(i);
                assertThat(rounds.get(i + 1)[0] - round[1]).as("the rest after round %d", i)
                        .isGreaterThanOrEqualTo(Math.min(3 * (round[1] - round[0]),
                                YieldToArrivals.LONGEST_REST.toNanos()));
            }
            assertThat(medianGap(rounds, lastWithArrivals))
                    .as("the median gap between rounds once no callback arrives").isLessThan(Duration.ofMillis(20));
        } finally {
            workers.stop(Duration.ofSeconds(5), null);
        }
    }

    @Test
    void theDriverThreadsNeverRestBetweenRoundsThatDidWork() throws Exception {
        WorkSignal submissionsArrived = new WorkSignal();
        List<long[]> rounds = new CopyOnWriteArrayList<>();
        AtomicInteger roundCount = new AtomicInteger();
        AdvanceDueSubmissionsUseCase busy = limit -> {
            long began = System.nanoTime();
            sleepQuietly(Duration.ofMillis(20));
            submissionsArrived.signal();
            rounds.add(new long[] {began, System.nanoTime()});
            return roundCount.incrementAndGet() < 1_000 ? 1 : 0;
        };
        Workers workers = new Workers(busy, claims, limit -> 0, submissionsArrived, new WorkSignal(), 1, IDLE,
                Duration.ofMinutes(1));
        workers.start();
        try {
            awaitAtLeast(roundCount, 8);
        } finally {
            workers.stop(Duration.ofSeconds(5), null);
        }
        assertThat(medianGap(rounds, 0)).isLessThan(Duration.ofMillis(20));
    }

    /** The median time from the end of one round to the start of the next, from round {@code first} on. */
    private static Duration medianGap(List<long[]> rounds, int first) {
        List<Long> gaps = new ArrayList<>();
        for (int i = first; i + 1 < rounds.size(); i++) {
            gaps.add(rounds.get(i + 1)[0] - rounds.get(i)[1]);
        }
        Collections.sort(gaps);
        return Duration.ofNanos(gaps.get(gaps.size() / 2));
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int count(AtomicInteger rounds) {
        rounds.incrementAndGet();
        return 0;
    }

    private static void awaitAtLeast(AtomicInteger rounds, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (rounds.get() < expected) {
            assertThat(System.nanoTime()).as("waiting for round %d", expected).isLessThan(deadline);
            Thread.sleep(2);
        }
    }
}
