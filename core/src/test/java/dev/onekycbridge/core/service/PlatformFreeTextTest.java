package dev.onekycbridge.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.port.out.PlatformError;
import dev.onekycbridge.core.port.out.PlatformRejectedException;
import dev.onekycbridge.core.port.out.PlatformUnavailableException;
import dev.onekycbridge.core.submission.Failure;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionStatus;
import dev.onekycbridge.core.testing.CapturedLogs;
import dev.onekycbridge.core.testing.FakeOneKycPlatform.Call;
import dev.onekycbridge.core.testing.TestData;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a platform client hands the driver in its exceptions, as a client of the embedding team's own may write it:
 * the platform's free text as it came, personal data included. None of it reaches the log or the submission.
 */
class PlatformFreeTextTest {
    private final WorkflowFixture f = new WorkflowFixture();


    @Test
    void aRefusalsFreeTextIsWithheldFromTheFailureTheHistoryAndTheLog() {
        Submission s = f.accepted();
        f.platform.failNext(Call.REQUEST_UPLOAD_URLS, () -> new PlatformRejectedException(400, List.of(
                new PlatformError("1539", "NIK " + TestData.NIK + " (" + TestData.NAME + ") is not valid", null))));

        try (CapturedLogs log = CapturedLogs.start()) {
            f.runUntilIdle();

            assertThat(log.warnings()).isNotEmpty().allSatisfy(line -> assertThat(line)
                    .doesNotContain(TestData.NIK).doesNotContain(TestData.NAME));
        }
        Submission failed = f.store.findById(s.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(SubmissionStatus.FAILED);
        assertThat(failed.failure()).contains(new Failure("1539", PlatformError.WITHHELD));
        assertThat(failed.history()).allSatisfy(entry -> assertThat(String.valueOf(entry.detail()))
                .doesNotContain(TestData.NIK).doesNotContain(TestData.NAME));
    }

    @Test
    void anOutagesMessageIsKeptAsTheLastFailureWithDigitRunsAndAddressesMasked() {
        Submission s = f.accepted();
        f.platform.failNext(Call.REQUEST_UPLOAD_URLS, () -> new PlatformUnavailableException("esign.uploadUrls"
                + " answered HTTP 503: no record for " + TestData.NIK + " / " + TestData.EMAIL, 503, null, null));

        try (CapturedLogs log = CapturedLogs.start()) {
            f.runUntilIdle();

            assertThat(log.warnings()).isNotEmpty().allSatisfy(line -> assertThat(line)
                    .doesNotContain(TestData.NIK).doesNotContain(TestData.EMAIL));
        }
        assertThat(f.store.findById(s.id()).orElseThrow().schedule().lastFailure()).isEqualTo(new Failure("HTTP 503",
                "esign.uploadUrls answered HTTP 503: no record for (digits withheld) / (e-mail withheld)"));
    }

    @Test
    void anOutageWithoutAMessageIsRetriedNamingItsClass() {
        Submission s = f.accepted();
        f.platform.failNext(Call.REQUEST_UPLOAD_URLS, () -> new PlatformUnavailableException(null, 0, null, null));

        f.runUntilIdle();

        Submission retrying = f.store.findById(s.id()).orElseThrow();
        assertThat(retrying.status()).isEqualTo(SubmissionStatus.CREATED);
        assertThat(retrying.schedule().lastFailure())
                .isEqualTo(new Failure(null, PlatformUnavailableException.class.getSimpleName()));
    }
}
