package dev.onekycbridge.app;

import static dev.onekycbridge.core.contract.SubmissionFixtures.T0;
import static dev.onekycbridge.core.contract.SubmissionFixtures.completedIdentityVerification;
import static dev.onekycbridge.core.contract.SubmissionFixtures.outcome;
import static dev.onekycbridge.core.contract.SubmissionFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.onekycbridge.core.event.SubmissionEvent;
import dev.onekycbridge.core.submission.PlatformReport;
import dev.onekycbridge.core.submission.PlatformStatus;
import dev.onekycbridge.core.submission.ReportApplication;
import dev.onekycbridge.core.submission.Result;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionStatus;
import dev.onekycbridge.core.submission.TransitionSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ConflictLogTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(ConflictLog.class.getName());
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void capture() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
    }

    @Test
    void aReportThatContradictsAFinalResultIsWarnedAboutWithWhatItSaidAndNothingPersonal() {
        Submission rejected = completedIdentityVerification(user("user-1"), T0);
        ReportApplication conflict = rejected.applyReport(new PlatformReport("plat-siv-user-1",
                "STANDALONE_IDENTITY_VERIFICATION", "user-1", rejected.partnerUser().userIdType(),
                rejected.partnerSessionId(), outcome(PlatformStatus.COMPLETED, Result.VALID, null, T0.plusSeconds(60))),
                TransitionSource.POLL, T0.plusSeconds(61));

        new ConflictLog().onEvent(new SubmissionEvent(conflict.submission(), SubmissionStatus.COMPLETED,
                conflict.effect()));
        new ConflictLog().onEvent(new SubmissionEvent(rejected, SubmissionStatus.CONFIRMED, null));

        assertThat(lines.list).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).hasToString("WARN");
            assertThat(line.getFormattedMessage()).isEqualTo("submission " + rejected.id() + " (SIV): a report by"
                    + " POLL was kept as a conflict, not applied: reported COMPLETED/VALID while"
                    + " COMPLETED/INVALID/DUKCAPIL_REJECTED; see `status " + rejected.id() + "`");
        });
    }
}
