package dev.onekycbridge.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.callback.InboxBacklog;
import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.event.SubmissionEvent;
import dev.onekycbridge.core.port.out.DriverStep;
import dev.onekycbridge.core.submission.Outcome;
import dev.onekycbridge.core.submission.PlatformReport;
import dev.onekycbridge.core.submission.PlatformStatus;
import dev.onekycbridge.core.submission.Result;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionStatus;
import dev.onekycbridge.core.submission.TransitionSource;
import dev.onekycbridge.core.submission.UploadTarget;
import dev.onekycbridge.core.testing.TestData;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private final Metrics metrics = new Metrics();

    @Test
    void anEmptyScrapeStillDeclaresEveryFamilyAndItsType() {
        String text = metrics.scrape(Map.of());

        assertThat(text)
                .contains("# TYPE onekyc_bridge_http_requests_total counter")
                .contains("# TYPE onekyc_bridge_callbacks_received_total counter")
                .contains("# TYPE onekyc_bridge_callbacks_processed_total counter")
                .contains("# TYPE onekyc_bridge_driver_steps_total counter")
                .contains("onekyc_bridge_driver_polls_total 0")
                .contains("onekyc_bridge_client_retries_total 0")
                .contains("onekyc_bridge_token_refreshes_total 0")
                .contains("onekyc_bridge_submissions{status=\"FAILED\"} 0")
                .contains("# TYPE onekyc_bridge_result_lag_seconds histogram")
                .endsWith("\n");
    }

    @Test
    void theCallbackGaugesSayHowManyWaitAndHowLongTheEarliestDueHasBeenDue() {
        String text = metrics.scrape(Map.of(), new InboxBacklog(3, 2, T0.minusMillis(90_500)), T0);

        assertThat(text).contains("onekyc_bridge_callbacks_waiting{state=\"PENDING\"} 3\n"
                        + "onekyc_bridge_callbacks_waiting{state=\"PARKED\"} 2\n")
                .contains("onekyc_bridge_callbacks_oldest_overdue_seconds 90.5\n");
    }

    @Test
    void callbacksThatAreNotDueYetAreOverdueByZeroSeconds() {
        assertThat(metrics.scrape(Map.of(), new InboxBacklog(0, 1, T0.plusSeconds(30)), T0))
                .contains("onekyc_bridge_callbacks_oldest_overdue_seconds 0\n");
        assertThat(metrics.scrape(Map.of(), InboxBacklog.EMPTY, T0))
                .contains("onekyc_bridge_callbacks_oldest_overdue_seconds 0\n");
    }

    @Test
    void waitingCallbacksThatCouldNotBeReadLeaveTheirGaugesOut() {
        assertThat(metrics.scrape(Map.of(), null, T0)).doesNotContain("onekyc_bridge_callbacks_waiting",
                "onekyc_bridge_callbacks_oldest_overdue_seconds");
    }

    @Test
    void countersAddUpByTheirLabels() {
        metrics.recordHttpRequest("/v1/submissions", "GET", 200);
        metrics.recordHttpRequest("/v1/submissions", "GET", 200);
        metrics.recordHttpRequest("/v1/submissions", "GET", 400);
        metrics.received(CallbackChannel.SIV, "rejected");
        metrics.processed(CallbackChannel.COE, "parked");
        metrics.stepCompleted(DriverStep.UPLOAD);
        metrics.stepFailed(DriverStep.CONFIRM, true);
        metrics.stepFailed(DriverStep.CONFIRM, false);
        metrics.polled();

        String text = metrics.scrape(Map.of(SubmissionStatus.CONFIRMED, 3L));

        assertThat(text)
                .contains("onekyc_bridge_http_requests_total{route=\"/v1/submissions\",method=\"GET\",status=\"200\"} 2")
                .contains("onekyc_bridge_http_requests_total{route=\"/v1/submissions\",method=\"GET\",status=\"400\"} 1")
                .contains("onekyc_bridge_callbacks_received_total{channel=\"SIV\",outcome=\"rejected\"} 1")
                .contains("onekyc_bridge_callbacks_processed_total{channel=\"COE\",outcome=\"parked\"} 1")
                .contains("onekyc_bridge_driver_steps_total{kind=\"UPLOAD\",result=\"completed\"} 1")
                .contains("onekyc_bridge_driver_steps_total{kind=\"CONFIRM\",result=\"retrying\"} 1")
                .contains("onekyc_bridge_driver_steps_total{kind=\"CONFIRM\",result=\"failed\"} 1")
                .contains("onekyc_bridge_driver_polls_total 1")
                .contains("onekyc_bridge_submissions{status=\"CONFIRMED\"} 3");
    }

    @Test
    void withoutSubmissionCountsTheGaugeIsLeftOut() {
        assertThat(metrics.scrape(null)).doesNotContain("onekyc_bridge_submissions{");
    }

    @Test
    void theStoresFailedWritesAreReadAtEveryScrapeAndLeftOutWhileUnknown() {
        assertThat(metrics.scrape(Map.of())).doesNotContain("store_write_failures_total");
        java.util.concurrent.atomic.AtomicLong database = new java.util.concurrent.atomic.AtomicLong(2);
        metrics.countStoreWriteFailuresWith(() -> Map.of("database", database.get(), "images", 0L));

        assertThat(metrics.scrape(Map.of())).contains("# TYPE onekyc_bridge_store_write_failures_total counter\n"
                + "onekyc_bridge_store_write_failures_total{target=\"database\"} 2\n"
                + "onekyc_bridge_store_write_failures_total{target=\"images\"} 0\n");
        database.set(3);
        assertThat(metrics.scrape(Map.of())).contains("onekyc_bridge_store_write_failures_total{target=\"database\"} 3");

        metrics.countStoreWriteFailuresWith(() -> {
            throw new IllegalStateException("closed");
        });
        assertThat(metrics.scrape(Map.of())).doesNotContain("store_write_failures_total")
                .contains("onekyc_bridge_token_refreshes_total");
    }

    @Test
    void labelValuesAreEscaped() {
        metrics.recordHttpRequest("a\"b\\c\nd", "GET", 200);

        assertThat(metrics.scrape(null)).contains("route=\"a\\\"b\\\\c\\nd\"");
    }

    @Test
    void theResultLagRunsFromConfirmToTheFinalResult() {
        Submission confirmed = confirmedRegistration(T0);
        Submission completed = confirmed.applyReport(report(confirmed, "COMPLETED", "VALID"),
                TransitionSource.CALLBACK, T0.plus(Duration.ofMinutes(7))).submission();

        metrics.onEvent(new SubmissionEvent(completed, SubmissionStatus.CONFIRMED, null));

        assertThat(Metrics.resultLag(completed)).contains(Duration.ofMinutes(7));
        assertThat(metrics.scrape(null))
                .contains("onekyc_bridge_result_lag_seconds_bucket{flow=\"CERT_REG\",le=\"300\"} 0")
                .contains("onekyc_bridge_result_lag_seconds_bucket{flow=\"CERT_REG\",le=\"600\"} 1")
                .contains("onekyc_bridge_result_lag_seconds_bucket{flow=\"CERT_REG\",le=\"86400\"} 1")
                .contains("onekyc_bridge_result_lag_seconds_bucket{flow=\"CERT_REG\",le=\"+Inf\"} 1")
                .contains("onekyc_bridge_result_lag_seconds_sum{flow=\"CERT_REG\"} 420")
                .contains("onekyc_bridge_result_lag_seconds_count{flow=\"CERT_REG\"} 1");
    }

    @Test
    void aReportKeptAsAConflictIsCountedByFlowAndSource() {
        Submission confirmed = confirmedRegistration(T0);
        Submission completed = confirmed.applyReport(report(confirmed, "COMPLETED", "VALID"),
                TransitionSource.CALLBACK, T0.plusSeconds(30)).submission();
        var conflict = completed.applyReport(report(completed, "COMPLETED", "INVALID"), TransitionSource.POLL,
                T0.plusSeconds(60));

        metrics.onEvent(new SubmissionEvent(conflict.submission(), SubmissionStatus.COMPLETED, conflict.effect()));

        assertThat(conflict.effect()).isEqualTo(dev.onekycbridge.core.submission.ReportEffect.CONFLICT);
        assertThat(metrics.scrape(null))
                .contains("onekyc_bridge_report_conflicts_total{flow=\"CERT_REG\",source=\"POLL\"} 1");
    }

    @Test
    void aPartialResultIsNotAFinalResult() {
        Submission confirmed = confirmedRegistration(T0);
        Submission partial = confirmed.applyReport(report(confirmed, "PARTIALLY_COMPLETED", "VALID"),
                TransitionSource.CALLBACK, T0.plusSeconds(30)).submission();

        metrics.onEvent(new SubmissionEvent(partial, SubmissionStatus.CONFIRMED, null));

        assertThat(metrics.scrape(null)).doesNotContain("onekyc_bridge_result_lag_seconds_count");
    }

    @Test
    void aSubmissionThatExpiredBeforeConfirmHasNoResultLag() {
        Submission initiated = initiatedRegistration(T0);
        Submission expired = initiated.expire(T0.plusSeconds(5));

        metrics.onEvent(new SubmissionEvent(expired, SubmissionStatus.INITIATED, null));

        assertThat(Metrics.resultLag(expired)).isEmpty();
        assertThat(metrics.scrape(null)).doesNotContain("onekyc_bridge_result_lag_seconds_count");
    }

    private static Submission initiatedRegistration(Instant now) {
        Submission created = TestData.newCertificateRegistration(now);
        return created.initiate("platform-1", List.of(
                new UploadTarget(DocumentKind.KTP, "platform-1_KTP", URI.create("https://storage.test/ktp"), null),
                new UploadTarget(DocumentKind.SELFIE, "platform-1_SELFIE", URI.create("https://storage.test/selfie"),
                        null)), now);
    }

    private static Submission confirmedRegistration(Instant now) {
        return initiatedRegistration(now)
                .markUploaded(DocumentKind.KTP, now)
                .markUploaded(DocumentKind.SELFIE, now)
                .confirm(now.plus(Duration.ofMinutes(10)), now);
    }

    private static PlatformReport report(Submission submission, String status, String result) {
        return new PlatformReport(submission.platformSubmissionId().orElseThrow(), null, null, null, null,
                Outcome.of(PlatformStatus.of(status), Result.of(result), null, null, null, null, null));
    }
}
