package dev.onekycbridge.adapter.onekyc;

import static dev.onekycbridge.adapter.onekyc.TestPlatform.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.onekycbridge.core.port.out.PlatformAuthenticationException;
import dev.onekycbridge.core.port.out.PlatformError;
import dev.onekycbridge.core.port.out.PlatformException;
import dev.onekycbridge.core.port.out.PlatformRejectedException;
import dev.onekycbridge.core.port.out.PlatformUnavailableException;
import dev.onekycbridge.core.submission.FlowType;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every error of onekyc-api.md §5 and §8, as string and as integer code: the HTTP status picks the exception. */
class ErrorMappingTest {
    private final TestPlatform platform = new TestPlatform();
    private final OneKycClient client = platform.client(platform.config().withRetryPolicy(RetryPolicy.noRetries()));

    @BeforeEach
    void tokensAlwaysAvailable() {
        platform.esignTokens.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return platform.token("tok");
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        platform.close();
    }

    private void gatewayAlwaysAnswers(MockResponse response) {
        platform.gateway.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return response.clone();
            }
        });
    }

    private PlatformException confirmFails() {
        try {
            client.confirm(TestData.ref(FlowType.CERT_REG), TestData.registration());
        } catch (PlatformException e) {
            return e;
        }
        throw new AssertionError("the call succeeded");
    }

    static Stream<Arguments> catalogue() {
        return Stream.of(
                Arguments.of(401, "110", "UNAUTHORIZED", PlatformAuthenticationException.class),
                Arguments.of(403, "110", "ONBOARDING_PARTNER_DOES_NOT_BELONG_TO_CLIENT",
                        PlatformAuthenticationException.class),
                Arguments.of(403, "110", "FORBIDDEN", PlatformRejectedException.class),
                Arguments.of(404, "404", "SUBMISSION_DOES_NOT_EXIST", PlatformRejectedException.class),
                Arguments.of(409, "409", "SUBMISSION_STATE_CONFLICT", PlatformRejectedException.class),
                Arguments.of(422, "422", "INVALID_UPLOAD_ARTIFACT", PlatformRejectedException.class),
                Arguments.of(429, "429", "SUBMISSION_QUOTA_EXCEEDED", PlatformRejectedException.class),
                Arguments.of(429, "429", "TOO_MANY_REQUESTS", PlatformUnavailableException.class),
                Arguments.of(500, "900", "GENERIC_SERVICE_ERROR", PlatformUnavailableException.class),
                Arguments.of(500, "900", "SOMETHING_WENT_WRONG", PlatformUnavailableException.class),
                Arguments.of(500, "900", "Unknown error processing the request", PlatformUnavailableException.class),
                Arguments.of(403, "903", "FORBIDDEN", PlatformRejectedException.class),
                Arguments.of(503, "903", "SERVICE_UNAVAILABLE", PlatformUnavailableException.class),
                Arguments.of(404, "1514", "USER_NOT_FOUND_FOR_PARTNER_AND_PARTNER_USER_ID_AND_PARTNER_USER_ID_TYPE",
                        PlatformRejectedException.class),
                Arguments.of(404, "1518", "USER_NOT_FOUND", PlatformRejectedException.class),
                Arguments.of(404, "1519", "SUBMISSION_NOT_FOUND", PlatformRejectedException.class),
                Arguments.of(400, "1539", "PARTNER_USER_ID_CAN_NOT_BE_EMPTY", PlatformRejectedException.class),
                Arguments.of(400, "1539", "PARTNER_USER_ID_TYPE_CAN_NOT_BE_EMPTY", PlatformRejectedException.class),
                Arguments.of(400, "1539", "PARTNER_SESSION_ID_CANNOT_BE_EMPTY", PlatformRejectedException.class),
                Arguments.of(400, "1539", "X_PARTNER_SESSION_ID_CAN_NOT_BE_EMPTY", PlatformRejectedException.class),
                Arguments.of(400, "1539", "X_SDK_SESSION_ID_CAN_NOT_BE_EMPTY", PlatformRejectedException.class),
                Arguments.of(400, "1539", "COE_PARTNER_CAN_NOT_BE_EMPTY", PlatformAuthenticationException.class),
                Arguments.of(400, "1539", "CLIENT_ID_CAN_NOT_BE_EMPTY", PlatformRejectedException.class),
                Arguments.of(400, "1539", "PASS_KEY_CAN_NOT_BE_EMPTY", PlatformRejectedException.class),
                Arguments.of(400, "1539", "MISSING_CLIENT_ID_OR_PASS_KEY", PlatformRejectedException.class),
                Arguments.of(400, "1539", "INVALID_FLOW", PlatformRejectedException.class),
                Arguments.of(400, "1539", "INVALID_PARTNER", PlatformAuthenticationException.class),
                Arguments.of(400, "1539", "PHONE_NUMBER_VERIFICATION_MUST_BE_TRUE", PlatformRejectedException.class),
                Arguments.of(400, "1539", "DUPLICATE_PARTNER_SESSION_ID", PlatformRejectedException.class),
                Arguments.of(401, "1539", "UNAUTHORIZED", PlatformAuthenticationException.class),
                Arguments.of(400, "1541", "INVALID_SUBMISSION_ID", PlatformRejectedException.class),
                Arguments.of(400, "1542", "INVALID_SUBMISSION_TYPE", PlatformRejectedException.class),
                Arguments.of(400, "1542", "INVALID_CONFIRM_UPLOAD_REQUEST", PlatformRejectedException.class),
                Arguments.of(404, "1543", "SUBMISSION_DOES_NOT_EXIST", PlatformRejectedException.class),
                Arguments.of(400, "1550", "PARTNER_USER_ID_CAN_NOT_BE_EMPTY", PlatformRejectedException.class),
                Arguments.of(400, "1552", "SUBMISSION_DOES_NOT_EXIST", PlatformRejectedException.class),
                Arguments.of(400, "1553", "PARTNER_SESSION_ID_DOES_NOT_BELONG_TO_THE_USER",
                        PlatformRejectedException.class),
                Arguments.of(400, "1650", "MISSING_CLIENT_ID", PlatformRejectedException.class),
                Arguments.of(400, "1650", "MISSING_PASS_KEY", PlatformRejectedException.class),
                Arguments.of(400, "1650", "ESIGN_PARTNER_CAN_NOT_BE_EMPTY", PlatformAuthenticationException.class),
                Arguments.of(400, "1650", "ESIGN_ONBOARDING_PARTNER_CAN_NOT_BE_EMPTY",
                        PlatformAuthenticationException.class),
                Arguments.of(400, "1653", "SUBMISSION_ID_DOES_NOT_BELONG_TO_CURRENT_USER",
                        PlatformRejectedException.class));
    }

    @ParameterizedTest(name = "HTTP {0} code \"{1}\" {2}")
    @MethodSource("catalogue")
    void aCodeSentAsAStringIsMappedByItsStatusAndKept(int status, String code, String cause,
                                                      Class<? extends PlatformException> expected) {
        gatewayAlwaysAnswers(json(status, "{\"success\":false,\"data\":null,\"errors\":[{\"code\":\"" + code
                + "\",\"cause\":\"" + cause + "\",\"entity\":\"ESIGN_ADAPTER\"}]}"));

        assertMapped(confirmFails(), status, code, cause, expected);
    }

    @ParameterizedTest(name = "HTTP {0} code {1} {2}")
    @MethodSource("catalogue")
    void aCodeSentAsAnIntegerIsMappedByItsStatusAndKeptAsText(int status, String code, String cause,
                                                              Class<? extends PlatformException> expected) {
        gatewayAlwaysAnswers(json(status, "{\"success\":false,\"errors\":[{\"code\":" + code + ",\"cause\":\""
                + cause + "\",\"entity\":\"ESIGN_ADAPTER\"}]}"));

        assertMapped(confirmFails(), status, code, cause, expected);
    }

    @Test
    void anErrorCodeOfAMillionDigitsIsWithheldAndReadQuickly() {
        gatewayAlwaysAnswers(json(400, "{\"success\":false,\"errors\":[{\"code\":" + "1".repeat(1_000_000)
                + ",\"cause\":\"INVALID_SUBMISSION_TYPE\"}]}"));

        // A guard against BigDecimal's conversion, quadratic, which took 30 s of CPU and more, not a measure of
        // speed: a megabyte's round trip on a busy machine, before the JIT has warmed up, may take a few seconds.
        PlatformException failure = assertTimeoutPreemptively(Duration.ofSeconds(10), this::confirmFails);

        assertThat(((PlatformRejectedException) failure).errors())
                .containsExactly(new PlatformError(ErrorEnvelope.WITHHELD, "INVALID_SUBMISSION_TYPE", null));
    }

    private static void assertMapped(PlatformException failure, int status, String code, String cause,
                                     Class<? extends PlatformException> expected) {
        assertThat(failure).isInstanceOf(expected);
        if (failure instanceof PlatformRejectedException rejected) {
            assertThat(rejected.httpStatus()).isEqualTo(status);
            assertThat(rejected.errors()).containsExactly(new PlatformError(code, cause, "ESIGN_ADAPTER"));
        } else if (failure instanceof PlatformUnavailableException unavailable) {
            assertThat(unavailable.httpStatus()).isEqualTo(status);
            assertThat(unavailable).hasMessageContaining(code + " " + cause);
        } else {
            assertThat(failure).hasMessageContaining("HTTP " + status).hasMessageContaining(code + " " + cause);
        }
    }

    /** The published 400 example set: as it names the partner setting, the refusal is the setting's. */
    @Test
    void everyErrorOfAnEnvelopeIsKeptInOrder() {
        gatewayAlwaysAnswers(json(400, """
                {"success": false, "errors": [
                  {"code": "1539", "cause": "PARTNER_USER_ID_CAN_NOT_BE_EMPTY", "entity": "ESIGN_ADAPTER"},
                  {"code": "1539", "cause": "PARTNER_USER_ID_TYPE_CAN_NOT_BE_EMPTY", "entity": "ESIGN_ADAPTER"},
                  {"code": 1650, "cause": "ESIGN_PARTNER_CAN_NOT_BE_EMPTY"},
                  {"code": "1650", "cause": "ESIGN_ONBOARDING_PARTNER_CAN_NOT_BE_EMPTY", "entity": null},
                  {"code": "1653", "cause": "SUBMISSION_ID_DOES_NOT_BELONG_TO_CURRENT_USER", "entity": "FLOW_MANAGER"}
                ]}
                """));

        assertThat(confirmFails().getCause()).isInstanceOfSatisfying(PlatformRejectedException.class, e ->
                assertThat(e.errors()).containsExactly(
                        new PlatformError("1539", "PARTNER_USER_ID_CAN_NOT_BE_EMPTY", "ESIGN_ADAPTER"),
                        new PlatformError("1539", "PARTNER_USER_ID_TYPE_CAN_NOT_BE_EMPTY", "ESIGN_ADAPTER"),
                        new PlatformError("1650", "ESIGN_PARTNER_CAN_NOT_BE_EMPTY", null),
                        new PlatformError("1650", "ESIGN_ONBOARDING_PARTNER_CAN_NOT_BE_EMPTY", null),
                        new PlatformError("1653", "SUBMISSION_ID_DOES_NOT_BELONG_TO_CURRENT_USER", "FLOW_MANAGER")));
    }

    /**
     * A refusal of the onboarding partner (§6.3, §6.4, §7.1, §8) comes for every submission while the setting is
     * wrong: retried until an operator fixes it, as refused credentials are, instead of failing each one. The
     * refusal travels as the cause, for the submission's last failure; the message names the call and the
     * platform's codes, never the setting's value nor a credential.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("partnerSettingRefusals")
    void aRefusalOfTheOnboardingPartnerIsTheSettingsNotTheSubmissions(String call, int status, String code,
                                                                      String cause) {
        platform.coeTokens.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return platform.token("user-tok");
            }
        });
        gatewayAlwaysAnswers(json(status, "{\"success\":false,\"errors\":[{\"code\":\"" + code
                + "\",\"cause\":\"" + cause + "\"}]}"));

        Runnable attempt = switch (call) {
            case "esign.uploadUrls" -> () -> client.requestUploadUrls(
                    TestData.refWithoutSubmissionId(FlowType.CERT_REG));
            case "esign.initiateFlow" -> () -> client.initiateVerification(TestData.ref(FlowType.SIV),
                    TestData.sdkVerification());
            case "coe.uploadUrls" -> () -> client.requestUploadUrls(
                    TestData.refWithoutSubmissionId(FlowType.KTP_SCAN));
            default -> throw new IllegalArgumentException(call);
        };

        assertThatThrownBy(attempt::run).isInstanceOfSatisfying(PlatformAuthenticationException.class, e -> {
            assertThat(e).hasMessage(call + " refused the onboarding partner with HTTP " + status + " [" + code + " "
                    + cause + "]");
            assertThat(e.getMessage()).doesNotContain(TestData.CERT_REG_PARTNER, TestData.SIV_PARTNER,
                    TestData.KTP_SCAN_PARTNER, TestData.CLIENT_ID, TestData.PASS_KEY, "user-tok", TestData.USER_ID);
            assertThat(e.getCause()).isInstanceOfSatisfying(PlatformRejectedException.class, refused ->
                    assertThat(refused.toFailure().cause()).isEqualTo(cause));
        });
        assertThat(platform.gateway.getRequestCount()).as("not retried at once").isEqualTo(1);
    }

    static Stream<Arguments> partnerSettingRefusals() {
        return Stream.of(
                Arguments.of("esign.uploadUrls", 400, "1650", "ESIGN_PARTNER_CAN_NOT_BE_EMPTY"),
                Arguments.of("esign.uploadUrls", 400, "1650", "ESIGN_ONBOARDING_PARTNER_CAN_NOT_BE_EMPTY"),
                Arguments.of("esign.initiateFlow", 400, "1539", "INVALID_PARTNER"),
                Arguments.of("esign.initiateFlow", 403, "110", "ONBOARDING_PARTNER_DOES_NOT_BELONG_TO_CLIENT"),
                Arguments.of("coe.uploadUrls", 400, "1539", "COE_PARTNER_CAN_NOT_BE_EMPTY"));
    }

    @Test
    void anErrorWithACodeAndNoCauseIsARefusal() {
        gatewayAlwaysAnswers(json(404, "{\"success\":false,\"data\":{},\"errors\":[{\"code\":\"1514\"}]}"));

        assertThat(confirmFails()).isInstanceOfSatisfying(PlatformRejectedException.class, e ->
                assertThat(e.errors()).containsExactly(new PlatformError("1514", null, null)));
    }

    @Test
    void anUnknownCodeIsKeptAsItCame() {
        gatewayAlwaysAnswers(json(418, "{\"errors\":[{\"code\":\"OKYC-7777\",\"cause\":\"SOMETHING_NEW\"}]}"));

        assertThat(confirmFails()).isInstanceOfSatisfying(PlatformRejectedException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(418);
            assertThat(e.errors()).containsExactly(new PlatformError("OKYC-7777", "SOMETHING_NEW", null));
        });
    }

    /**
     * The platform's refusals carry its envelope; a 4xx page without one is a firewall's, a proxy's or a wrong
     * base URL's. Taken as a refusal it would fail every submission due while it lasts: it is transient.
     */
    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {400, 403, 404})
    void aClientErrorWithoutThePlatformsEnvelopeIsUnavailableNotARefusal(int status) {
        gatewayAlwaysAnswers(new MockResponse().setResponseCode(status).setHeader("Content-Type", "text/html")
                .setBody("<html><body>Request blocked</body></html>"));

        assertThat(confirmFails()).isInstanceOfSatisfying(PlatformUnavailableException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(status);
            assertThat(e).hasMessageContaining("without the platform's error envelope");
        });
    }

    @Test
    void aNonJsonServerErrorIsUnavailable() {
        gatewayAlwaysAnswers(new MockResponse().setResponseCode(502).setBody("Bad Gateway"));

        assertThat(confirmFails()).isInstanceOfSatisfying(PlatformUnavailableException.class, e ->
                assertThat(e.httpStatus()).isEqualTo(502));
    }

    @Test
    void anEmptyClientErrorBodyIsUnavailableNotARefusal() {
        gatewayAlwaysAnswers(new MockResponse().setResponseCode(400));

        assertThat(confirmFails()).isInstanceOf(PlatformUnavailableException.class);
    }

    @Test
    void aSingleErrorObjectInsteadOfAListIsRead() {
        gatewayAlwaysAnswers(json(400, "{\"success\":false,\"errors\":{\"code\":1542,\"cause\":\"INVALID_SUBMISSION_TYPE\"}}"));

        assertThat(confirmFails()).isInstanceOfSatisfying(PlatformRejectedException.class, e ->
                assertThat(e.errors()).containsExactly(new PlatformError("1542", "INVALID_SUBMISSION_TYPE", null)));
    }

    @Test
    void theStatusDecidesEvenWhenTheCodeSaysOtherwise() {
        gatewayAlwaysAnswers(json(400, "{\"errors\":[{\"code\":\"110\",\"cause\":\"UNAUTHORIZED\"}]}"));
        assertThat(confirmFails()).isInstanceOf(PlatformRejectedException.class);

        gatewayAlwaysAnswers(json(500, "{\"errors\":[{\"code\":\"1539\",\"cause\":\"PARTNER_USER_ID_CAN_NOT_BE_EMPTY\"}]}"));
        assertThat(confirmFails()).isInstanceOf(PlatformUnavailableException.class);
    }

    @Test
    void freeTextCausesLoseAnyPersonalDataTheyEcho() {
        gatewayAlwaysAnswers(json(400, "{\"errors\":[{\"code\":\"1539\",\"cause\":\"email " + TestData.EMAIL
                + " already used by NIK " + TestData.NIK + " and phone +62 812-3456-7890\"}],"
                + "\"data\":{\"nik\":" + TestData.NIK + ",\"name\":\"" + TestData.NAME + "\"}}"));

        PlatformException failure = confirmFails();

        assertThat(failure).isInstanceOfSatisfying(PlatformRejectedException.class, e ->
                assertThat(e.errors()).singleElement().satisfies(error -> {
                    assertThat(error.code()).isEqualTo("1539");
                    assertThat(error.cause()).isEqualTo("(free text withheld)");
                }));
        assertThat(failure.getMessage()).doesNotContain(TestData.EMAIL, TestData.NIK, TestData.NAME, "812");
    }

    @Test
    void aConstantBuiltAroundANikOrAPhoneNumberIsWithheld() {
        gatewayAlwaysAnswers(json(400, "{\"errors\":[{\"code\":\"1539\",\"cause\":\"NIK_" + TestData.NIK
                + "_ALREADY_REGISTERED\",\"entity\":\"PHONE_6281234567890\"}]}"));

        PlatformException failure = confirmFails();

        assertThat(failure).isInstanceOfSatisfying(PlatformRejectedException.class, e ->
                assertThat(e.errors()).containsExactly(new PlatformError("1539", ErrorEnvelope.WITHHELD,
                        ErrorEnvelope.WITHHELD)));
        assertThat(failure.getMessage()).doesNotContain(TestData.NIK, "6281234567890");
    }

    @Test
    void noExceptionMessageCarriesASecretOrTheApplicant() {
        List<MockResponse> answers = List.of(
                json(400, "{\"errors\":[{\"code\":\"1539\",\"cause\":\"INVALID\"}],\"echo\":\"" + TestData.NAME + "\"}"),
                json(401, "{\"errors\":[{\"code\":\"110\",\"cause\":\"UNAUTHORIZED\"}],\"token\":\"tok\"}"),
                json(503, "{\"errors\":[{\"code\":\"903\",\"cause\":\"SERVICE_UNAVAILABLE\"}],\"nik\":" + TestData.NIK + "}"));
        for (MockResponse answer : answers) {
            gatewayAlwaysAnswers(answer);

            assertThat(confirmFails().getMessage())
                    .doesNotContain(TestData.PASS_KEY, TestData.CLIENT_ID, TestData.NIK, TestData.NAME,
                            TestData.EMAIL, TestData.PHONE, "x-onekyc-token", "tok\"");
        }
    }

    @Test
    void theCauseOrMessageFieldAndMissingPartsAreTolerated() {
        assertThat(ErrorEnvelope.parse("{\"errors\":[{\"code\":900,\"message\":\"GENERIC_SERVICE_ERROR\"}]}"))
                .containsExactly(new PlatformError("900", "GENERIC_SERVICE_ERROR", null));
        assertThat(ErrorEnvelope.parse("{\"errors\":[{\"cause\":\"NO_CODE\"}]}"))
                .containsExactly(new PlatformError(null, "NO_CODE", null));
        assertThat(ErrorEnvelope.parse("{\"errors\":[{\"entity\":\"ONLY_ENTITY\"}, 7, null, \"x\"]}")).isEmpty();
        assertThat(ErrorEnvelope.parse("{\"errors\":[{\"code\":1539.0,\"cause\":\"C\"}]}"))
                .containsExactly(new PlatformError("1539", "C", null));
        assertThat(ErrorEnvelope.parse("{\"error\":{\"code\":\"429\",\"cause\":\"TOO_MANY_REQUESTS\"}}"))
                .containsExactly(new PlatformError("429", "TOO_MANY_REQUESTS", null));
        assertThat(ErrorEnvelope.parse("[1,2]")).isEmpty();
        assertThat(ErrorEnvelope.parse(null)).isEmpty();
    }
}
