package dev.onekycbridge.adapter.onekyc;

import static dev.onekycbridge.adapter.onekyc.TestPlatform.error;
import static dev.onekycbridge.adapter.onekyc.TestPlatform.json;
import static dev.onekycbridge.adapter.onekyc.TestPlatform.ok;
import static dev.onekycbridge.adapter.onekyc.TestPlatform.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.adapter.onekyc.ClientMetrics.TokenKind;
import dev.onekycbridge.core.port.out.PlatformAuthenticationException;
import dev.onekycbridge.core.port.out.PlatformRejectedException;
import dev.onekycbridge.core.port.out.PlatformUnavailableException;
import dev.onekycbridge.core.submission.FlowType;
import dev.onekycbridge.core.submission.KtpScanInput;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenHandlingTest {
    private final TestPlatform platform = new TestPlatform();
    private final OneKycClient client = platform.client();

    @AfterEach
    void stop() throws Exception {
        client.close();
        platform.close();
    }

    private void answerEveryDetailsCall() {
        platform.gateway.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return ok(DecoderExamples.CERT_REG_COMPLETED_VALID);
            }
        });
    }

    private void fetch() {
        client.fetchResult(TestData.ref(FlowType.CERT_REG));
    }

    /** The token request carries the pass-key, and a gateway call the token: neither goes where a redirect says. */
    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {302, 307})
    void aRedirectSendsNoCredentialOrTokenOnward(int status) throws Exception {
        try (MockWebServer elsewhere = new MockWebServer()) {
            elsewhere.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return platform.token("stolen");
                }
            });
            platform.esignTokens.enqueue(new MockResponse().setResponseCode(status)
                    .setHeader("Location", elsewhere.url("/v1/token")));

            assertThatThrownBy(this::fetch).isInstanceOf(PlatformUnavailableException.class)
                    .hasMessageContaining("HTTP " + status);

            platform.esignTokens.enqueue(platform.token("tok"));
            platform.gateway.enqueue(new MockResponse().setResponseCode(status)
                    .setHeader("Location", elsewhere.url("/esign-partner/v1/submissions")));
            assertThatThrownBy(this::fetch).isInstanceOf(PlatformUnavailableException.class);

            assertThat(elsewhere.getRequestCount()).isZero();
        }
    }

    @Nested
    class SingleFlight {
        @Test
        void aThousandConcurrentCallersCauseExactlyOneTokenRequest() throws Exception {
            platform.esignTokens.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return platform.token("shared-token").setBodyDelay(300, TimeUnit.MILLISECONDS);
                }
            });
            answerEveryDetailsCall();
            // Bounds the open connections to the mock server, not the callers contending for the token.
            Semaphore connections = new Semaphore(32);
            OneKycClient bounded = platform.client(platform.config().withInterceptor(chain -> {
                connections.acquireUninterruptibly();
                try {
                    return chain.proceed(chain.request());
                } finally {
                    connections.release();
                }
            }));
            int callers = 1000;
            ExecutorService pool = Executors.newFixedThreadPool(callers);
            CountDownLatch start = new CountDownLatch(1);
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(callers);
            for (int i = 0; i < callers; i++) {
                pool.execute(() -> {
                    try {
                        start.await();
                        bounded.fetchResult(TestData.ref(FlowType.CERT_REG));
                    } catch (Throwable e) {
                        failures.add(e);
                    } finally {
                        done.countDown();
                    }
                });
            }
            start.countDown();
            assertThat(done.await(40, TimeUnit.SECONDS)).isTrue();
            pool.shutdownNow();
            bounded.close();

            assertThat(failures).isEmpty();
            assertThat(platform.esignTokens.getRequestCount()).isEqualTo(1);
            assertThat(platform.gateway.getRequestCount()).isEqualTo(callers);
            assertThat(platform.metrics.tokenFetches(TokenKind.ESIGN_PARTNER)).isEqualTo(1);
        }

        @Test
        void callersWaitingForAFailedRefreshShareItsFailureInsteadOfAskingAgain() throws Exception {
            platform.esignTokens.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return error(401, "110", "UNAUTHORIZED").setBodyDelay(300, TimeUnit.MILLISECONDS);
                }
            });
            int callers = 50;
            ExecutorService pool = Executors.newFixedThreadPool(callers);
            CountDownLatch start = new CountDownLatch(1);
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(callers);
            for (int i = 0; i < callers; i++) {
                pool.execute(() -> {
                    try {
                        start.await();
                        fetch();
                    } catch (Throwable e) {
                        failures.add(e);
                    } finally {
                        done.countDown();
                    }
                });
            }
            start.countDown();
            assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
            pool.shutdownNow();

            assertThat(failures).hasSize(callers).allSatisfy(failure ->
                    assertThat(failure).isInstanceOf(PlatformAuthenticationException.class));
            assertThat(platform.esignTokens.getRequestCount()).isLessThanOrEqualTo(2);
            assertThat(platform.gateway.getRequestCount()).isZero();
        }
    }

    @Nested
    class Expiry {
        @Test
        void aTokenIsReusedUntilFiveMinutesBeforeItsStatedExpiry() {
            platform.esignTokens.enqueue(platform.token("first"));
            platform.esignTokens.enqueue(platform.token("second"));
            answerEveryDetailsCall();

            fetch();
            platform.clock.advance(Duration.ofSeconds(1499));
            fetch();
            platform.clock.advance(Duration.ofSeconds(1));
            fetch();

            assertThat(platform.esignTokens.getRequestCount()).isEqualTo(2);
            assertThat(take(platform.gateway).getHeader("x-onekyc-token")).isEqualTo("first");
            assertThat(take(platform.gateway).getHeader("x-onekyc-token")).isEqualTo("first");
            assertThat(take(platform.gateway).getHeader("x-onekyc-token")).isEqualTo("second");
        }

        @Test
        void aTokenHostThatIsDownAtTheEarlyRefreshLeavesTheValidTokenInUse() {
            platform.esignTokens.enqueue(platform.token("first"));
            platform.esignTokens.enqueue(error(503, "903", "SERVICE_UNAVAILABLE"));
            platform.esignTokens.enqueue(error(503, "903", "SERVICE_UNAVAILABLE"));
            platform.esignTokens.enqueue(error(503, "903", "SERVICE_UNAVAILABLE"));
            platform.esignTokens.enqueue(platform.token("second"));
            answerEveryDetailsCall();

            fetch();
            platform.clock.advance(Duration.ofSeconds(1500));
            fetch();
            fetch();
            platform.clock.advance(TokenCache.RETRY_REFRESH_AFTER);
            fetch();

            assertThat(platform.esignTokens.getRequestCount()).isEqualTo(5);
            assertThat(take(platform.gateway).getHeader("x-onekyc-token")).isEqualTo("first");
            assertThat(take(platform.gateway).getHeader("x-onekyc-token")).isEqualTo("first");
            assertThat(take(platform.gateway).getHeader("x-onekyc-token")).isEqualTo("first");
            assertThat(take(platform.gateway).getHeader("x-onekyc-token")).isEqualTo("second");
        }

        @Test
        void theRefreshMarginIsConfigurable() {
            OneKycClient early = platform.client(platform.config().withTokenRefreshMargin(Duration.ofSeconds(600)));
            platform.esignTokens.enqueue(platform.token("first"));
            platform.esignTokens.enqueue(platform.token("second"));
            answerEveryDetailsCall();

            early.fetchResult(TestData.ref(FlowType.CERT_REG));
            platform.clock.advance(Duration.ofSeconds(1200));
            early.fetchResult(TestData.ref(FlowType.CERT_REG));
            early.close();

            assertThat(platform.esignTokens.getRequestCount()).isEqualTo(2);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
                "expires_at as text       | \"expires_at\":\"%d\"                  | 1800 | 1500",
                "expires_at as a number   | \"expires_at\":%d                      | 1800 | 1500",
                "expiry_seconds only      | \"expiry_seconds\":\"3600\"            | 3600 | 3300",
                "expiry_seconds as number | \"expiry_seconds\":3600                | 3600 | 3300",
                "camel-case expiresAt     | \"expiresAt\":\"%d\"                   | 1800 | 1500",
                "no expiry stated         | \"other\":1                            | 1800 | 1500",
                "expires_at in year 3000  | \"expires_at\":\"32503680000\",\"expiry_seconds\":3600 | 3600 | 3300"})
        void theExpiryIsReadFromEachTokenAnswer(String form, String field, long lifetime, long refreshAfter) {
            long expiresAt = platform.clock.instant().plusSeconds(lifetime).getEpochSecond();
            String data = "{\"token\":\"first\"," + field.formatted(expiresAt) + "}";
            platform.esignTokens.enqueue(ok(data));
            platform.esignTokens.enqueue(ok(data.replace("first", "second")));
            answerEveryDetailsCall();

            fetch();
            platform.clock.advance(Duration.ofSeconds(refreshAfter - 1));
            fetch();
            assertThat(platform.esignTokens.getRequestCount()).isEqualTo(1);
            platform.clock.advance(Duration.ofSeconds(1));
            fetch();
            assertThat(platform.esignTokens.getRequestCount()).isEqualTo(2);
        }

        /**
         * {@code expires_at} is on the platform's clock, {@code expiry_seconds} on none. When they disagree by more
         * than a minute, this host's clock is off (or a field is wrong) and the lifetime is believed: read against
         * a clock 28 minutes ahead of the platform's, a 30-minute token's expires_at leaves it two minutes, and it
         * would be minted again every minute. (expires_at used to win, which is what made a skewed clock mint
         * tokens every minute or two.)
         */
        @ParameterizedTest(name = "expires_at {0} s from our now, expiry_seconds {1}")
        @CsvSource({
                "120,  1800, 1500",
                "-600, 1800, 1500",
                "3600, 600,  300",
                "1770, 1800, 1470",
                "1800, 1770, 1470"})
        void theLifetimeWinsWhenTheTwoExpiriesDisagreeAndTheEarlierWhenTheyAgree(long expiresIn, long expirySeconds,
                                                                               long refreshAfter) {
            long expiresAt = platform.clock.instant().plusSeconds(expiresIn).getEpochSecond();
            String data = "{\"token\":\"first\",\"expiry_seconds\":\"" + expirySeconds + "\",\"expires_at\":\""
                    + expiresAt + "\"}";
            platform.esignTokens.enqueue(ok(data));
            platform.esignTokens.enqueue(ok(data.replace("first", "second")));
            answerEveryDetailsCall();

            fetch();
            platform.clock.advance(Duration.ofSeconds(refreshAfter - 1));
            fetch();
            assertThat(platform.esignTokens.getRequestCount()).isEqualTo(1);
            platform.clock.advance(Duration.ofSeconds(1));
            fetch();
            assertThat(platform.esignTokens.getRequestCount()).isEqualTo(2);
        }

        @Test
        void anExpiryInThePastStillLetsTheTokenServeForHalfAMinute() {
            long past = platform.clock.instant().minusSeconds(3600).getEpochSecond();
            platform.esignTokens.enqueue(ok("{\"token\":\"t1\",\"expires_at\":\"" + past + "\"}"));
            platform.esignTokens.enqueue(ok("{\"token\":\"t2\",\"expires_at\":\"" + past + "\"}"));
            answerEveryDetailsCall();

            fetch();
            platform.clock.advance(Duration.ofSeconds(29));
            fetch();
            assertThat(platform.esignTokens.getRequestCount()).isEqualTo(1);
            platform.clock.advance(Duration.ofSeconds(1));
            fetch();
            assertThat(platform.esignTokens.getRequestCount()).isEqualTo(2);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
                "sixty days in seconds          | \"expiry_seconds\":\"5184000\"",
                "an expiry in milliseconds      | \"expires_at\":\"1783336059000\"",
                "an expiry in the year 2100     | \"expires_at\":\"4102444800\""})
        void aTokenIsNeverKeptLongerThanADay(String form, String field) {
            platform.esignTokens.enqueue(ok("{\"token\":\"t1\"," + field + "}"));
            platform.esignTokens.enqueue(ok("{\"token\":\"t2\"," + field + "}"));
            answerEveryDetailsCall();

            fetch();
            platform.clock.advance(Duration.ofHours(24).minusSeconds(301));
            fetch();
            assertThat(platform.esignTokens.getRequestCount()).isEqualTo(1);
            platform.clock.advance(Duration.ofSeconds(1));
            fetch();
            assertThat(platform.esignTokens.getRequestCount()).isEqualTo(2);
        }

        @Test
        void aTokenAnswerWithoutATokenIsUnreadable() {
            platform.esignTokens.enqueue(ok("{\"expiry_seconds\":\"1800\"}"));

            assertThatThrownBy(TokenHandlingTest.this::fetch)
                    .isInstanceOf(PlatformUnavailableException.class)
                    .hasMessageContaining("esign.token")
                    .hasMessageContaining("without a readable token");
            assertThat(platform.gateway.getRequestCount()).isZero();
        }
    }

    @Nested
    class Unauthorized {
        @Test
        void a401DropsTheTokenFetchesAFreshOneAndReplaysTheCallOnce() {
            platform.esignTokens.enqueue(platform.token("stale"));
            platform.esignTokens.enqueue(platform.token("fresh"));
            platform.gateway.enqueue(error(401, "110", "UNAUTHORIZED"));
            platform.gateway.enqueue(ok(DecoderExamples.CERT_REG_COMPLETED_VALID));

            assertThat(client.fetchResult(TestData.ref(FlowType.CERT_REG))).isPresent();

            assertThat(platform.esignTokens.getRequestCount()).isEqualTo(2);
            assertThat(platform.gateway.getRequestCount()).isEqualTo(2);
            RecordedRequest first = take(platform.gateway);
            RecordedRequest replay = take(platform.gateway);
            assertThat(first.getHeader("x-onekyc-token")).isEqualTo("stale");
            assertThat(replay.getHeader("x-onekyc-token")).isEqualTo("fresh");
            assertThat(replay.getHeader("x-partner-session-id")).isEqualTo(first.getHeader("x-partner-session-id"));
            assertThat(platform.metrics.replays).containsExactly("esign.details");
            assertThat(platform.metrics.retries).isEmpty();
            assertThat(platform.sleeper.sleeps).isEmpty();
        }

        @Test
        void aSecond401IsAnAuthenticationFailure() {
            platform.esignTokens.enqueue(platform.token("first-token-value"));
            platform.esignTokens.enqueue(platform.token("second-token-value"));
            platform.gateway.enqueue(error(401, "110", "UNAUTHORIZED"));
            platform.gateway.enqueue(error(401, "110", "UNAUTHORIZED"));

            assertThatThrownBy(TokenHandlingTest.this::fetch)
                    .isInstanceOf(PlatformAuthenticationException.class)
                    .hasMessageContaining("esign.details")
                    .hasMessageContaining("110 UNAUTHORIZED")
                    .hasMessageNotContaining("token-value");
            assertThat(platform.esignTokens.getRequestCount()).isEqualTo(2);
            assertThat(platform.gateway.getRequestCount()).isEqualTo(2);
        }

        /**
         * Code 110 is the platform's unauthorized / invalid-token code (onekyc-api.md §2.1, §8.1), and the COE
         * confirm answers 403 {@code 110 FORBIDDEN} to the user token (§6.4): a refusal of the token, as a 401 is,
         * not of the scan, which it used to fail for good.
         */
        @Test
        void aCoe403OfCode110ReplaysTheCallOnceWithAFreshUserToken() {
            platform.coeTokens.enqueue(platform.token("stale"));
            platform.coeTokens.enqueue(platform.token("fresh"));
            platform.gateway.enqueue(error(403, "110", "FORBIDDEN"));
            platform.gateway.enqueue(ok("{\"submissionId\":\"" + TestData.SUBMISSION_ID + "\"}"));

            client.confirm(TestData.ref(FlowType.KTP_SCAN), new KtpScanInput());

            assertThat(platform.gateway.getRequestCount()).isEqualTo(2);
            assertThat(take(platform.gateway).getHeader("x-onekyc-token")).isEqualTo("stale");
            assertThat(take(platform.gateway).getHeader("x-onekyc-token")).isEqualTo("fresh");
            assertThat(platform.metrics.replays).containsExactly("coe.confirm");
        }

        /** Refused again with a fresh token: for the operator (credentials, onboarding partner), not the scan. */
        @Test
        void aSecondCoe403OfCode110IsAnAuthenticationFailureThatKeepsTheRefusal() {
            platform.coeTokens.enqueue(platform.token("first-token-value"));
            platform.coeTokens.enqueue(platform.token("second-token-value"));
            platform.gateway.enqueue(error(403, "110", "FORBIDDEN"));
            platform.gateway.enqueue(error(403, "110", "FORBIDDEN"));

            assertThatThrownBy(() -> client.confirm(TestData.ref(FlowType.KTP_SCAN), new KtpScanInput()))
                    .isInstanceOfSatisfying(PlatformAuthenticationException.class, e -> {
                        assertThat(e).hasMessage("coe.confirm was refused with HTTP 403 even with a fresh token"
                                + " [110 FORBIDDEN]");
                        assertThat(e.getCause()).isInstanceOfSatisfying(PlatformRejectedException.class, refused ->
                                assertThat(refused.toFailure().cause()).isEqualTo("FORBIDDEN"));
                    });
            assertThat(platform.coeTokens.getRequestCount()).isEqualTo(2);
            assertThat(platform.gateway.getRequestCount()).isEqualTo(2);
        }

        /**
         * Not replayed: a 403 with another code, a refusal of the onboarding partner (a fresh token carries the
         * same), and a 403 to the Esign partner token, which no page documents as the token's refusal.
         */
        @ParameterizedTest(name = "{0} {1} {2}")
        @CsvSource({
                "KTP_SCAN, 903, FORBIDDEN",
                "KTP_SCAN, 110, ONBOARDING_PARTNER_DOES_NOT_BELONG_TO_CLIENT",
                "CERT_REG, 110, FORBIDDEN"})
        void otherForbiddenAnswersAreNotReplayed(FlowType flow, String code, String cause) {
            platform.esignTokens.enqueue(platform.token("t"));
            platform.coeTokens.enqueue(platform.token("t"));
            platform.gateway.enqueue(error(403, code, cause));

            assertThatThrownBy(() -> client.confirm(TestData.ref(flow),
                    flow == FlowType.KTP_SCAN ? new KtpScanInput() : TestData.registration()))
                    .satisfies(e -> assertThat(e).isInstanceOf(cause.startsWith("ONBOARDING")
                            ? PlatformAuthenticationException.class : PlatformRejectedException.class));
            assertThat(platform.gateway.getRequestCount()).isEqualTo(1);
            assertThat(platform.metrics.replays).isEmpty();
        }

        @Test
        void theFreshTokenAfterAReplayServesTheNextCalls() {
            platform.esignTokens.enqueue(platform.token("stale"));
            platform.esignTokens.enqueue(platform.token("fresh"));
            platform.gateway.enqueue(error(401, "110", "UNAUTHORIZED"));
            answerEveryDetailsCallAfterTheFirst();

            fetch();
            fetch();

            assertThat(platform.esignTokens.getRequestCount()).isEqualTo(2);
        }

        private void answerEveryDetailsCallAfterTheFirst() {
            platform.gateway.enqueue(ok(DecoderExamples.CERT_REG_COMPLETED_VALID));
            platform.gateway.enqueue(ok(DecoderExamples.CERT_REG_COMPLETED_VALID));
        }

        @Test
        void aRefusalOfTheCredentialsAtTheTokenHostIsNotRetried() {
            platform.esignTokens.enqueue(error(401, "110", "UNAUTHORIZED"));

            assertThatThrownBy(TokenHandlingTest.this::fetch)
                    .isInstanceOf(PlatformAuthenticationException.class)
                    .hasMessageContaining("esign.token refused the credentials")
                    .hasMessageNotContaining(TestData.PASS_KEY)
                    .hasMessageNotContaining(TestData.CLIENT_ID);
            assertThat(platform.esignTokens.getRequestCount()).isEqualTo(1);
            assertThat(platform.gateway.getRequestCount()).isZero();
        }

        /**
         * Whatever a token host refuses (a missing header, a source address it does not whitelist, a wrong base
         * URL), it refuses the deployment's credentials and settings, not the submission that needed the token:
         * the caller must not fail that submission, as it would for a refusal of the call itself.
         */
        @ParameterizedTest(name = "HTTP {0}")
        @ValueSource(ints = {400, 403, 404})
        void anyOtherRefusalAtATokenHostIsARefusalOfTheCredentialsNotOfTheSubmission(int status) {
            platform.coeTokens.enqueue(json(status, "{\"success\":false,\"errors\":[{\"code\":110,"
                    + "\"cause\":\"FORBIDDEN\",\"entity\":\"ONEKYC_TOKEN_SERVICE\"}]}"));

            assertThatThrownBy(() -> client.requestUploadUrls(TestData.ref(FlowType.KTP_SCAN)))
                    .isInstanceOf(PlatformAuthenticationException.class)
                    .hasMessage("coe.userToken refused the credentials with HTTP " + status + " [110 FORBIDDEN]");
            assertThat(platform.coeTokens.getRequestCount()).isEqualTo(1);
            assertThat(platform.gateway.getRequestCount()).isZero();
        }

        /**
         * The COE user token is asked for with the submission's partner user id and id type: a 400 refusing only
         * those is about the submission's user, and fails it, instead of being retried for ever as a refusal of
         * the credentials would be, which would hold the user's KTP scan.
         */
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"PARTNER_USER_ID_CAN_NOT_BE_EMPTY", "PARTNER_USER_ID_TYPE_CAN_NOT_BE_EMPTY",
                "X_PARTNER_USER_ID_CAN_NOT_BE_EMPTY"})
        void aUserTokenRefusalOfThePartnerUserIsTheSubmissionsRefusal(String cause) {
            platform.coeTokens.enqueue(json(400, "{\"success\":false,\"errors\":[{\"code\":1539,\"cause\":\""
                    + cause + "\",\"entity\":\"ONEKYC_TOKEN_SERVICE\"}]}"));

            assertThatThrownBy(() -> client.requestUploadUrls(TestData.refWithoutSubmissionId(FlowType.KTP_SCAN)))
                    .isInstanceOfSatisfying(PlatformRejectedException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(400);
                        assertThat(e.hasCause(cause)).isTrue();
                    });
            assertThat(platform.coeTokens.getRequestCount()).isEqualTo(1);
            assertThat(platform.gateway.getRequestCount()).isZero();
        }

        /**
         * What names the credentials or the onboarding partner, even beside the user, is the deployment's to fix;
         * and the partner tokens carry no user, so nothing they refuse is a submission's.
         */
        @ParameterizedTest(name = "{0}: {1}")
        @CsvSource(delimiter = '|', value = {
                "coe.userToken    | {\"code\":1539,\"cause\":\"MISSING_CLIENT_ID_OR_PASS_KEY\"}",
                "coe.userToken    | {\"code\":1539,\"cause\":\"COE_PARTNER_CAN_NOT_BE_EMPTY\"}",
                "coe.userToken    | {\"code\":1539,\"cause\":\"PARTNER_USER_ID_CAN_NOT_BE_EMPTY\"},"
                        + "{\"code\":1539,\"cause\":\"CLIENT_ID_CAN_NOT_BE_EMPTY\"}",
                "esign.token      | {\"code\":1539,\"cause\":\"PARTNER_USER_ID_CAN_NOT_BE_EMPTY\"}",
                "coe.partnerToken | {\"code\":1539,\"cause\":\"PARTNER_USER_ID_CAN_NOT_BE_EMPTY\"}"})
        void aTokenHostRefusalNamingTheCredentialsOrOfAPartnerTokenStaysTheCredentials(String call, String errors) {
            MockResponse refusal = json(400, "{\"success\":false,\"errors\":[" + errors + "]}");
            Runnable attempt = switch (call) {
                case "coe.userToken" -> {
                    platform.coeTokens.enqueue(refusal);
                    yield () -> client.requestUploadUrls(TestData.refWithoutSubmissionId(FlowType.KTP_SCAN));
                }
                case "esign.token" -> {
                    platform.esignTokens.enqueue(refusal);
                    yield TokenHandlingTest.this::fetch;
                }
                default -> {
                    // The KTP scan's status comes first, with the user token; its details with the partner token.
                    platform.coeTokens.enqueue(platform.token("user-tok"));
                    platform.gateway.enqueue(ok("{\"submissionId\":\"" + TestData.SUBMISSION_ID
                            + "\",\"status\":\"COMPLETED\"}"));
                    platform.coeTokens.enqueue(refusal);
                    yield () -> client.fetchResult(TestData.ref(FlowType.KTP_SCAN));
                }
            };

            assertThatThrownBy(attempt::run)
                    .isInstanceOf(PlatformAuthenticationException.class)
                    .hasMessageStartingWith(call + " refused the ")
                    .hasMessageContaining(" with HTTP 400");
        }

        /**
         * In production the COE token host takes calls only from allow-listed addresses (onekyc-api.md §6.1, §9),
         * and the firewall that enforces it answers with its own page, without the platform's envelope: that is
         * for the operator to fix, as refused credentials are, and so reported.
         */
        @Test
        void anAllowListRefusalWithoutTheEnvelopeIsARefusalOfTheCredentials() {
            platform.coeTokens.enqueue(new MockResponse().setResponseCode(403).setHeader("Content-Type", "text/html")
                    .setBody("<html><body>403 Forbidden</body></html>"));

            assertThatThrownBy(() -> client.requestUploadUrls(TestData.refWithoutSubmissionId(FlowType.KTP_SCAN)))
                    .isInstanceOf(PlatformAuthenticationException.class)
                    .hasMessage("coe.userToken answered HTTP 403 without the platform's error envelope: its IP"
                            + " allow-list, or a firewall before it, may refuse this host's outbound address");
            assertThat(platform.coeTokens.getRequestCount()).isEqualTo(1);
            assertThat(platform.gateway.getRequestCount()).isZero();
        }

        /** A 404 page (a wrong base URL, a proxy's) says nothing about the credentials: it is transient still. */
        @Test
        void aTokenHostsNotFoundPageIsUnavailable() {
            platform.esignTokens.enqueue(new MockResponse().setResponseCode(404).setBody("Not Found"));

            assertThatThrownBy(TokenHandlingTest.this::fetch)
                    .isInstanceOfSatisfying(PlatformUnavailableException.class, e ->
                            assertThat(e.httpStatus()).isEqualTo(404));
        }

        @Test
        void aTokenHostThatIsDownIsRetriedAndThenUnavailable() {
            platform.esignTokens.enqueue(error(500, "900", "GENERIC_SERVICE_ERROR"));
            platform.esignTokens.enqueue(error(502, "900", "GENERIC_SERVICE_ERROR"));
            platform.esignTokens.enqueue(error(503, "900", "GENERIC_SERVICE_ERROR"));

            assertThatThrownBy(TokenHandlingTest.this::fetch)
                    .isInstanceOfSatisfying(PlatformUnavailableException.class, e ->
                            assertThat(e.httpStatus()).isEqualTo(503));
            assertThat(platform.esignTokens.getRequestCount()).isEqualTo(3);
            assertThat(platform.gateway.getRequestCount()).isZero();
        }

        @Test
        void aBusinessCall401ThatFollowsAFailedRefreshSurfacesTheRefreshFailure() {
            platform.esignTokens.enqueue(platform.token("stale"));
            platform.esignTokens.enqueue(json(400, "{\"success\":false,\"errors\":[{\"code\":\"1650\","
                    + "\"cause\":\"MISSING_PASS_KEY\"}]}"));
            platform.gateway.enqueue(error(401, "110", "UNAUTHORIZED"));

            assertThatThrownBy(TokenHandlingTest.this::fetch)
                    .isInstanceOf(PlatformAuthenticationException.class)
                    .cause().isInstanceOfSatisfying(PlatformRejectedException.class, e ->
                            assertThat(e.hasCause("MISSING_PASS_KEY")).isTrue());
        }
    }

    @Test
    void theThreeTokenKindsAreCachedApart() {
        platform.esignTokens.enqueue(platform.token("esign"));
        platform.coeTokens.enqueue(platform.token("coe-user"));
        platform.coeTokens.enqueue(platform.token("coe-partner"));
        platform.gateway.enqueue(ok(DecoderExamples.CERT_REG_COMPLETED_VALID));
        platform.gateway.enqueue(ok("{\"submissionId\":\"" + TestData.SUBMISSION_ID + "\",\"status\":\"COMPLETED\"}"));
        platform.gateway.enqueue(ok(DecoderExamples.COE_MINIMAL.replace("8527781b-8fdd-48e3-adfe-4136aee5e985",
                TestData.SUBMISSION_ID)));

        fetch();
        client.fetchResult(TestData.ref(FlowType.KTP_SCAN));

        assertThat(take(platform.gateway).getHeader("x-onekyc-token")).isEqualTo("esign");
        assertThat(take(platform.gateway).getHeader("x-onekyc-token")).isEqualTo("coe-user");
        assertThat(take(platform.gateway).getHeader("x-onekyc-token")).isEqualTo("coe-partner");
        assertThat(platform.metrics.tokenFetches(TokenKind.ESIGN_PARTNER)).isEqualTo(1);
        assertThat(platform.metrics.tokenFetches(TokenKind.COE_USER)).isEqualTo(1);
        assertThat(platform.metrics.tokenFetches(TokenKind.COE_PARTNER)).isEqualTo(1);
    }

    @Test
    void aFailingMetricsListenerNeverBreaksACall() {
        OneKycClient noisy = platform.client(platform.config().withMetrics(new ClientMetrics() {
            @Override
            public void tokenFetched(TokenKind kind) {
                throw new IllegalStateException("metrics are down");
            }
        }));
        platform.esignTokens.enqueue(platform.token("t"));
        platform.gateway.enqueue(ok(DecoderExamples.CERT_REG_COMPLETED_VALID));

        assertThat(noisy.fetchResult(TestData.ref(FlowType.CERT_REG))).isPresent();
        noisy.close();
    }
}
