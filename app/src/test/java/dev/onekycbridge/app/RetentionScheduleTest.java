package dev.onekycbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.onekycbridge.core.port.in.PurgeReport;
import dev.onekycbridge.core.port.out.StoreUnavailableException;
import dev.onekycbridge.core.testing.TestData;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RetentionScheduleTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(RetentionSchedule.class.getName());

    @Test
    void aPurgeTheStoreFailedIsLoggedWithTheStoresMessage() throws Exception {
        assertThat(failedPurgeLine(new StoreUnavailableException("purging submissions failed: the database is locked"
                + " (SQLITE_BUSY)", new java.sql.SQLException(TestData.NIK))))
                .isEqualTo("retention purge failed: purging submissions failed: the database is locked (SQLITE_BUSY)");
    }

    @Test
    void anyOtherFailureIsLoggedByItsClassOnlyForItsMessageMayHoldAnything() throws Exception {
        assertThat(failedPurgeLine(new IllegalStateException(TestData.NIK)))
                .isEqualTo("retention purge failed: java.lang.IllegalStateException");
    }

    /** Before, an Error escaped into the scheduler, which then cancelled every later run without a word. */
    @Test
    void aPurgeThatThrowsAnErrorIsLoggedByItsClassAndTheScheduleGoesOn() throws Exception {
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        AtomicInteger runs = new AtomicInteger();
        RetentionSchedule schedule = new RetentionSchedule(retention -> {
            if (runs.incrementAndGet() == 1) {
                throw new OutOfMemoryError("simulated " + TestData.NIK);
            }
            return new PurgeReport(0, 0, 0);
        }, Duration.ofDays(30), Duration.ofMillis(10));
        try {
            schedule.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (runs.get() < 3) {
                assertThat(System.nanoTime()).as("waiting for the runs after the failed one").isLessThan(deadline);
                Thread.sleep(2);
            }
        } finally {
            schedule.stop();
            logger.detachAppender(lines);
        }

        assertThat(lines.list).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(ch.qos.logback.classic.Level.ERROR);
            assertThat(line.getFormattedMessage()).isEqualTo("retention purge failed: java.lang.OutOfMemoryError");
        });
    }

    private String failedPurgeLine(RuntimeException failure) throws InterruptedException {
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        CountDownLatch tried = new CountDownLatch(1);
        RetentionSchedule schedule = new RetentionSchedule(retention -> {
            tried.countDown();
            throw failure;
        }, Duration.ofDays(30), Duration.ofMillis(10));
        try {
            schedule.start();
            assertThat(tried.await(10, TimeUnit.SECONDS)).isTrue();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (lines.list.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
        } finally {
            schedule.stop();
            logger.detachAppender(lines);
        }
        return lines.list.get(0).getFormattedMessage();
    }
}
