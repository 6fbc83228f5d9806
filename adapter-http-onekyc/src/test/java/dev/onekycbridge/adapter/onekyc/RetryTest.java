package dev.onekycbridge.adapter.onekyc;

import static dev.onekycbridge.adapter.onekyc.TestPlatform.error;
import static dev.onekycbridge.adapter.onekyc.TestPlatform.ok;
import static dev.onekycbridge.adapter.onekyc.TestPlatform.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.core.port.out.PlatformRejectedException;
import dev.onekycbridge.core.port.out.PlatformUnavailableException;
import dev.onekycbridge.core.submission.FlowType;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryTest {
    private final TestPlatform platform = new TestPlatform();
    private final OneKycClient client = platform.client();

    @BeforeEach
    void token() {
        platform.esignTokens.enqueue(platform.token("tok"));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        platform.close();
    }

    private void fetch() {
        client.fetchResult(TestData.ref(FlowType.CERT_REG));
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {500, 502, 503, 504})
    void aServerErrorIsRetriedUntilItSucceeds(int status) {
        platform.gateway.enqueue(error(status, "900", "GENERIC_SERVICE_ERROR"));
        platform.gateway.enqueue(ok(DecoderExamples.CERT_REG_COMPLETED_VALID));

        assertThat(client.fetchResult(TestData.ref(FlowType.CERT_REG))).isPresent();

        assertThat(platform.gateway.getRequestCount()).isEqualTo(2);
        assertThat(platform.metrics.retries).containsExactly("esign.details#2");
    }

    @Test
    void persistentServerErrorsStopAfterTheConfiguredAttemptsWithTheLastStatus() {
        platform.gateway.enqueue(error(500, "900", "GENERIC_SERVICE_ERROR"));
        platform.gateway.enqueue(error(502, "900", "GENERIC_SERVICE_ERROR"));
        platform.gateway.enqueue(TestPlatform.json(503, "{\"success\":false,\"errors\":[{\"code\":903,"
                + "\"cause\":\"SERVICE_UNAVAILABLE\"}]}"));

        assertThatThrownBy(this::fetch)
                .isInstanceOfSatisfying(PlatformUnavailableException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(503);
                    assertThat(e.retryAfter()).isEmpty();
                    assertThat(e).hasMessageContaining("esign.details answered HTTP 503 [903 SERVICE_UNAVAILABLE]")
                            .hasMessageContaining("after 3 attempt(s)");
                });
        assertThat(platform.gateway.getRequestCount()).isEqualTo(3);
        assertThat(platform.metrics.retries).containsExactly("esign.details#2", "esign.details#3");
    }

    @Test
    void closingTheClientCutsOffACallWaitingForAnAnswerWithoutTryingItAgain() throws Exception {
        platform.gateway.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        java.util.concurrent.CompletableFuture<Throwable> failure = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> {
                    try {
                        fetch();
                        return null;
                    } catch (RuntimeException e) {
                        return e;
                    }
                });
        platform.gateway.takeRequest(10, TimeUnit.SECONDS);

        client.close();

        assertThat(failure.get(5, TimeUnit.SECONDS)).isInstanceOf(PlatformUnavailableException.class)
                .hasMessage("esign.details was cut off: the client was closed");
        assertThat(platform.gateway.getRequestCount()).isEqualTo(1);
        assertThat(platform.metrics.retries).isEmpty();
        assertThatThrownBy(this::fetch).isInstanceOf(PlatformUnavailableException.class)
                .hasMessageContaining("cut off: the client was closed");
        assertThat(platform.gateway.getRequestCount()).as("nothing sent once closed").isEqualTo(1);
    }

    @Test
    void backoffGrowsExponentiallyWithinTheCap() {
        OneKycClient capped = platform.client(platform.config()
                .withRetryPolicy(RetryPolicy.of(5, Duration.ofMillis(100), Duration.ofMillis(300))));
        for (int i = 0; i < 5; i++) {
            platform.gateway.enqueue(error(500, "900", "GENERIC_SERVICE_ERROR"));
        }

        assertThatThrownBy(() -> capped.fetchResult(TestData.ref(FlowType.CERT_REG)))
                .isInstanceOf(PlatformUnavailableException.class);
        capped.close();

        // jitter fixed just below 1: each wait is just below its ceiling of 100, 200, 300 (capped), 300 ms
        assertThat(platform.sleeper.sleeps).extracting(Duration::toMillis).containsExactly(99L, 199L, 299L, 299L);
    }

    @Test
    void jitterDrawsEachWaitBetweenZeroAndItsCeiling() {
        RetryPolicy policy = RetryPolicy.of(10, Duration.ofMillis(200), Duration.ofSeconds(5));

        assertThat(policy.backoff(1, 0.0)).isEqualTo(Duration.ZERO);
        assertThat(policy.backoff(1, 0.5)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.backoff(3, 0.5)).isEqualTo(Duration.ofMillis(400));
        assertThat(policy.backoff(10, 0.5)).isEqualTo(Duration.ofMillis(2500));
        assertThat(policy.backoff(60, 0.999)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void a429IsRetriedAfterItsRetryAfterSeconds() {
        platform.gateway.enqueue(error(429, "429", "TOO_MANY_REQUESTS").setHeader("Retry-After", "1"));
        platform.gateway.enqueue(ok(DecoderExamples.CERT_REG_COMPLETED_VALID));

        fetch();

        assertThat(platform.gateway.getRequestCount()).isEqualTo(2);
        assertThat(platform.sleeper.sleeps).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void a429IsRetriedAfterItsRetryAfterDate() {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                platform.clock.instant().plusSeconds(2).atOffset(ZoneOffset.UTC));
        platform.gateway.enqueue(error(429, "429", "TOO_MANY_REQUESTS").setHeader("Retry-After", date));
        platform.gateway.enqueue(ok(DecoderExamples.CERT_REG_COMPLETED_VALID));

        fetch();

        assertThat(platform.sleeper.sleeps).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void a429WithoutRetryAfterBacksOff() {
        platform.gateway.enqueue(error(429, "429", "TOO_MANY_REQUESTS"));
        platform.gateway.enqueue(ok(DecoderExamples.CERT_REG_COMPLETED_VALID));

        fetch();

        assertThat(platform.sleeper.sleeps).containsExactly(Duration.ofMillis(99));
    }

    @Test
    void a429WithoutAnEnvelopeIsRetried() {
        platform.gateway.enqueue(new MockResponse().setResponseCode(429));
        platform.gateway.enqueue(ok(DecoderExamples.CERT_REG_COMPLETED_VALID));

        fetch();

        assertThat(platform.gateway.getRequestCount()).isEqualTo(2);
    }

    @Test
    void a429SubmissionQuotaExceededIsARefusalThatIsNotRetried() {
        platform.gateway.enqueue(error(429, "429", "SUBMISSION_QUOTA_EXCEEDED").setHeader("Retry-After", "1"));
        platform.gateway.enqueue(ok(DecoderExamples.CERT_REG_COMPLETED_VALID));

        assertThatThrownBy(this::fetch)
                .isInstanceOfSatisfying(PlatformRejectedException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(429);
                    assertThat(e.hasCause("SUBMISSION_QUOTA_EXCEEDED")).isTrue();
                });
        assertThat(platform.gateway.getRequestCount()).isEqualTo(1);
        assertThat(platform.sleeper.sleeps).isEmpty();
    }

    @Test
    void aRetryAfterBeyondTheCapEndsTheCallWithTheWaitForTheCallersScheduler() {
        platform.gateway.enqueue(error(429, "429", "TOO_MANY_REQUESTS").setHeader("Retry-After", "120"));

        assertThatThrownBy(this::fetch)
                .isInstanceOfSatisfying(PlatformUnavailableException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(429);
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
                });
        assertThat(platform.gateway.getRequestCount()).isEqualTo(1);
        assertThat(platform.sleeper.sleeps).isEmpty();
    }

    @Test
    void theLastRetryAfterTravelsWithTheFailure() {
        for (int i = 0; i < 3; i++) {
            platform.gateway.enqueue(error(503, "903", "SERVICE_UNAVAILABLE").setHeader("Retry-After", "1"));
        }

        assertThatThrownBy(this::fetch)
                .isInstanceOfSatisfying(PlatformUnavailableException.class, e ->
                        assertThat(e.retryAfter()).contains(Duration.ofSeconds(1)));
        assertThat(platform.gateway.getRequestCount()).isEqualTo(3);
    }

    @Test
    void aDroppedConnectionIsRetried() {
        platform.gateway.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AT_START));
        platform.gateway.enqueue(ok(DecoderExamples.CERT_REG_COMPLETED_VALID));

        assertThat(client.fetchResult(TestData.ref(FlowType.CERT_REG))).isPresent();

        assertThat(platform.gateway.getRequestCount()).isEqualTo(2);
        assertThat(platform.metrics.retries).containsExactly("esign.details#2");
    }

    @Test
    void connectionsThatKeepDroppingEndAsUnavailableWithoutAStatus() {
        for (int i = 0; i < 3; i++) {
            platform.gateway.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AT_START));
        }

        assertThatThrownBy(this::fetch)
                .isInstanceOfSatisfying(PlatformUnavailableException.class, e -> {
                    assertThat(e.httpStatus()).isZero();
                    assertThat(e.getCause()).isInstanceOf(java.io.IOException.class);
                    assertThat(e).hasMessageContaining("failed without an answer");
                });
        assertThat(platform.gateway.getRequestCount()).isEqualTo(3);
    }

    @Test
    void aTimeoutIsRetried() {
        // The second answer must come within the read timeout too: a second's margin on a busy machine.
        OneKycClient impatient = platform.client(platform.config().withReadTimeout(Duration.ofSeconds(1)));
        platform.gateway.enqueue(ok(DecoderExamples.CERT_REG_COMPLETED_VALID)
                .setHeadersDelay(5, TimeUnit.SECONDS));
        platform.gateway.enqueue(ok(DecoderExamples.CERT_REG_COMPLETED_VALID));

        assertThat(impatient.fetchResult(TestData.ref(FlowType.CERT_REG))).isPresent();
        impatient.close();

        assertThat(platform.gateway.getRequestCount()).isEqualTo(2);
    }

    /** A 408 (a gateway in front gave up waiting for the request) says nothing was done: the confirm is sent again. */
    @Test
    void aRequestTimeoutIsRetriedWithTheSameSessionId() {
        platform.gateway.enqueue(TestPlatform.json(408, "{\"message\":\"Request Timeout\"}"));
        platform.gateway.enqueue(ok("{\"submissionId\":\"" + TestData.SUBMISSION_ID + "\"}"));

        client.confirm(TestData.ref(FlowType.CERT_REG), TestData.registration());

        assertThat(take(platform.gateway).getHeader("x-partner-session-id")).isEqualTo(TestData.SESSION_ID);
        assertThat(take(platform.gateway).getHeader("x-partner-session-id")).isEqualTo(TestData.SESSION_ID);
        assertThat(platform.metrics.retries).containsExactly("esign.confirm#2");
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {400, 403, 404, 409, 422})
    void otherClientErrorsAreNeverRetried(int status) {
        platform.gateway.enqueue(error(status, "1539", "PARTNER_USER_ID_CAN_NOT_BE_EMPTY"));

        assertThatThrownBy(this::fetch).isInstanceOf(PlatformRejectedException.class);

        assertThat(platform.gateway.getRequestCount()).isEqualTo(1);
        assertThat(platform.sleeper.sleeps).isEmpty();
    }

    @Test
    void aRetriedConfirmSendsTheSameSessionIdEveryTime() {
        platform.gateway.enqueue(error(503, "903", "SERVICE_UNAVAILABLE"));
        platform.gateway.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        platform.gateway.enqueue(ok("{\"submissionId\":\"" + TestData.SUBMISSION_ID + "\"}"));

        client.confirm(TestData.ref(FlowType.CERT_REG), TestData.registration());

        assertThat(platform.gateway.getRequestCount()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            var request = take(platform.gateway);
            assertThat(request.getHeader("x-partner-session-id")).isEqualTo(TestData.SESSION_ID);
            assertThat(request.getBody().size()).isPositive();
        }
    }

    @Test
    void aRetriedInitiateFlowSendsTheSameSessionIdEveryTime() {
        platform.gateway.enqueue(error(500, "900", "GENERIC_SERVICE_ERROR"));
        platform.gateway.enqueue(ok("{\"token\":\"sdk\"}"));

        client.initiateVerification(TestData.ref(FlowType.SIV), TestData.sdkVerification());

        assertThat(take(platform.gateway).getHeader("x-partner-session-id")).isEqualTo(TestData.SESSION_ID);
        assertThat(take(platform.gateway).getHeader("x-partner-session-id")).isEqualTo(TestData.SESSION_ID);
    }

    /**
     * The gateway timed out (or the connection dropped) after the platform had taken the launch: the retry under
     * the same session id is a duplicate of our own attempt, whose answer was lost. That is not the platform
     * refusing the verification, which a later launch recovers under a new session id.
     */
    @ParameterizedTest(name = "first attempt: {0}")
    @ValueSource(strings = {"504", "dropped"})
    void aRetriedInitiateFlowRefusedAsADuplicateOfItsOwnEarlierAttemptIsTransient(String first) {
        platform.gateway.enqueue(first.equals("dropped")
                ? new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST)
                : error(504, "900", "GENERIC_SERVICE_ERROR"));
        platform.gateway.enqueue(error(400, "1539", "DUPLICATE_PARTNER_SESSION_ID"));

        assertThatThrownBy(() -> client.initiateVerification(TestData.ref(FlowType.SIV),
                TestData.sdkVerification()))
                .isInstanceOfSatisfying(PlatformUnavailableException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e).hasMessageContaining("DUPLICATE_PARTNER_SESSION_ID");
                });
        assertThat(platform.gateway.getRequestCount()).isEqualTo(2);
    }

    /**
     * How the platform answers a repeated confirm is not published: whatever refusal it is, it may be about the
     * duplicate, so the driver comes back and asks for the submission's details before confirming again.
     */
    @ParameterizedTest(name = "first attempt: {0}")
    @ValueSource(strings = {"503", "dropped"})
    void aRetriedConfirmRefusedAfterAnAttemptWhoseAnswerWasLostIsTransient(String first) {
        platform.gateway.enqueue(first.equals("dropped")
                ? new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST)
                : error(503, "903", "SERVICE_UNAVAILABLE"));
        platform.gateway.enqueue(error(400, "1653", "SUBMISSION_ID_DOES_NOT_BELONG_TO_CURRENT_USER"));

        assertThatThrownBy(() -> client.confirm(TestData.ref(FlowType.CERT_REG), TestData.registration()))
                .isInstanceOfSatisfying(PlatformUnavailableException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e).hasMessageStartingWith("esign.confirm was refused when repeated")
                            .hasMessageContaining("SUBMISSION_ID_DOES_NOT_BELONG_TO_CURRENT_USER");
                });
    }

    /**
     * OkHttp would send a request answered 503 with {@code Retry-After: 0} again on its own, out of the runner's
     * sight: the duplicate refusal after it would then look like the platform's word on the launch.
     */
    @Test
    void aServiceUnavailableWithRetryAfterZeroIsAnAttemptOfTheRunnersOwn() {
        platform.gateway.enqueue(error(503, "903", "SERVICE_UNAVAILABLE").setHeader("Retry-After", "0"));
        platform.gateway.enqueue(error(400, "1539", "DUPLICATE_PARTNER_SESSION_ID"));

        assertThatThrownBy(() -> client.initiateVerification(TestData.ref(FlowType.SIV),
                TestData.sdkVerification()))
                .isInstanceOf(PlatformUnavailableException.class)
                .hasMessageContaining("DUPLICATE_PARTNER_SESSION_ID");
        assertThat(platform.gateway.getRequestCount()).isEqualTo(2);
        assertThat(platform.metrics.retries).containsExactly("esign.initiateFlow#2");
    }

    /** A 429 or a 401 says the attempt was not taken: a refusal of the next one is the platform's word. */
    @ParameterizedTest(name = "first attempt: HTTP {0}")
    @ValueSource(ints = {429, 401})
    void aRefusalAfterAnAttemptThePlatformTurnedAwayIsARefusal(int status) {
        platform.gateway.enqueue(error(status, "110", "UNAUTHORIZED"));
        platform.esignTokens.enqueue(platform.token("tok-2"));
        platform.gateway.enqueue(error(400, "1539", "DUPLICATE_PARTNER_SESSION_ID"));

        assertThatThrownBy(() -> client.initiateVerification(TestData.ref(FlowType.SIV),
                TestData.sdkVerification()))
                .isInstanceOf(PlatformRejectedException.class);
        assertThat(platform.gateway.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aFirstAttemptRefusedAsADuplicateIsARefusalForTheCallerToResolve() {
        platform.gateway.enqueue(error(400, "1539", "DUPLICATE_PARTNER_SESSION_ID"));

        assertThatThrownBy(() -> client.initiateVerification(TestData.ref(FlowType.SIV),
                TestData.sdkVerification()))
                .isInstanceOfSatisfying(PlatformRejectedException.class, e ->
                        assertThat(e.hasCause("DUPLICATE_PARTNER_SESSION_ID")).isTrue());
    }

    @Test
    void aRetriedLookupKeepsItsOwnFreshSessionId() {
        platform.gateway.enqueue(error(500, "900", "GENERIC_SERVICE_ERROR"));
        platform.gateway.enqueue(ok(TestPlatform.esignUploadUrls()));

        client.requestUploadUrls(TestData.ref(FlowType.CERT_REG));

        String first = take(platform.gateway).getHeader("x-partner-session-id");
        String retry = take(platform.gateway).getHeader("x-partner-session-id");
        assertThat(retry).isEqualTo(first).isNotEqualTo(TestData.SESSION_ID);
    }

    /**
     * The first request for upload URLs created a submission at the platform, but its answer was lost: the retry,
     * under the same session id, is refused as a duplicate. That refusal is about the lost attempt, not the
     * submission, which the driver asks for again later under a new session id.
     */
    @ParameterizedTest(name = "first attempt: {0}")
    @ValueSource(strings = {"504", "dropped"})
    void aRetriedRequestForUploadUrlsRefusedAsADuplicateOfItsOwnEarlierAttemptIsTransient(String first) {
        platform.gateway.enqueue(lostAnswer(first));
        platform.gateway.enqueue(error(400, "1539", "DUPLICATE_PARTNER_SESSION_ID"));

        assertThatThrownBy(() -> client.requestUploadUrls(TestData.refWithoutSubmissionId(FlowType.CERT_REG)))
                .isInstanceOfSatisfying(PlatformUnavailableException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e).hasMessageStartingWith("esign.uploadUrls was refused when repeated")
                            .hasMessageContaining("DUPLICATE_PARTNER_SESSION_ID");
                });
        String sent = take(platform.gateway).getHeader("x-partner-session-id");
        assertThat(take(platform.gateway).getHeader("x-partner-session-id")).isEqualTo(sent);
    }

    /**
     * COE: the lost attempt took the user's last submission attempt, so the retry meets the quota. Final, it
     * would fail the submission for the platform submission its own lost attempt created.
     */
    @ParameterizedTest(name = "first attempt: {0}")
    @ValueSource(strings = {"500", "dropped"})
    void aRetriedRequestForUploadUrlsMeetingTheQuotaItsLostAttemptUsedUpIsTransient(String first) {
        platform.coeTokens.enqueue(platform.token("user-tok"));
        platform.gateway.enqueue(lostAnswer(first));
        platform.gateway.enqueue(TestPlatform.json(429,
                "{\"success\":false,\"errors\":[{\"code\":429,\"cause\":\"SUBMISSION_QUOTA_EXCEEDED\"}]}"));

        assertThatThrownBy(() -> client.requestUploadUrls(TestData.refWithoutSubmissionId(FlowType.KTP_SCAN)))
                .isInstanceOfSatisfying(PlatformUnavailableException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(429);
                    assertThat(e).hasMessageStartingWith("coe.uploadUrls was refused when repeated")
                            .hasMessageContaining("SUBMISSION_QUOTA_EXCEEDED");
                });
        assertThat(platform.gateway.getRequestCount()).isEqualTo(2);
    }

    /** Nothing was sent before: a refusal of the first attempt is the platform's word on the request. */
    @Test
    void aFirstRequestForUploadUrlsRefusedIsARefusal() {
        platform.gateway.enqueue(error(400, "1539", "DUPLICATE_PARTNER_SESSION_ID"));

        assertThatThrownBy(() -> client.requestUploadUrls(TestData.refWithoutSubmissionId(FlowType.CERT_REG)))
                .isInstanceOfSatisfying(PlatformRejectedException.class, e ->
                        assertThat(e.hasCause("DUPLICATE_PARTNER_SESSION_ID")).isTrue());
        assertThat(platform.gateway.getRequestCount()).isEqualTo(1);
    }

    /** An answer that may follow a request the platform took in: a server error, or a dropped connection. */
    private static MockResponse lostAnswer(String kind) {
        return kind.equals("dropped")
                ? new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST)
                : error(Integer.parseInt(kind), "900", "GENERIC_SERVICE_ERROR");
    }

    @Test
    void aPolicyWithoutRetriesFailsOnTheFirstTransientError() {
        OneKycClient once = platform.client(platform.config().withRetryPolicy(RetryPolicy.noRetries()));
        platform.gateway.enqueue(error(500, "900", "GENERIC_SERVICE_ERROR"));

        assertThatThrownBy(() -> once.fetchResult(TestData.ref(FlowType.CERT_REG)))
                .isInstanceOf(PlatformUnavailableException.class);
        once.close();

        assertThat(platform.gateway.getRequestCount()).isEqualTo(1);
    }

    @Test
    void anInterruptedWaitEndsTheCallAndKeepsTheInterrupt() {
        OneKycClient interrupted = platform.client(platform.config().withSleeper(duration -> {
            throw new InterruptedException();
        }));
        platform.gateway.enqueue(error(500, "900", "GENERIC_SERVICE_ERROR"));

        try {
            assertThatThrownBy(() -> interrupted.fetchResult(TestData.ref(FlowType.CERT_REG)))
                    .isInstanceOf(PlatformUnavailableException.class)
                    .hasMessageContaining("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
            interrupted.close();
        }
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDate() {
        var now = platform.clock.instant();

        assertThat(CallRunner.retryAfter("30", now)).isEqualTo(Duration.ofSeconds(30));
        assertThat(CallRunner.retryAfter(" 0 ", now)).isEqualTo(Duration.ZERO);
        assertThat(CallRunner.retryAfter("Mon, 01 Jun 2026 00:01:00 GMT", now)).isEqualTo(Duration.ofMinutes(1));
        assertThat(CallRunner.retryAfter("Sun, 31 May 2026 00:00:00 GMT", now)).isEqualTo(Duration.ZERO);
        assertThat(CallRunner.retryAfter("soon", now)).isNull();
        assertThat(CallRunner.retryAfter("-5", now)).isNull();
        assertThat(CallRunner.retryAfter(null, now)).isNull();
    }
}
