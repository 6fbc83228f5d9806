package dev.onekycbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.sandbox.support.CallbackReceiver;
import dev.onekycbridge.sandbox.support.Eventually;
import dev.onekycbridge.sandbox.support.Fast;
import dev.onekycbridge.sandbox.support.Http;
import dev.onekycbridge.sandbox.support.Platform;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The README's table of test values, checked end to end: trigger → callbacks → final details. */
class ScenarioOutcomesTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = new SandboxExtension(Fast.options());

    /** One reported state: status, result, reasonCode. */
    record Report(String status, String result, String reasonCode) {
        static Report of(String status, String result, String reasonCode) {
            return new Report(status, result, reasonCode);
        }

        static Report from(JsonObject body) {
            return new Report(body.getString("status"), body.getString("result"), body.getString("reasonCode"));
        }
    }

    /** What a scenario does on an Esign flow: the callbacks in order, the final state, the failing field. */
    record Expected(List<Report> callbacks, Report last, String failingField) {
    }

    private static final Report PARTIAL = Report.of("PARTIALLY_COMPLETED", "VALID", null);
    private static final Report VALID = Report.of("COMPLETED", "VALID", null);
    private static final Map<Scenario, Expected> ESIGN = new EnumMap<>(Scenario.class);

    static {
        ESIGN.put(Scenario.VALID, new Expected(List.of(PARTIAL, VALID), VALID, null));
        ESIGN.put(Scenario.DUKCAPIL_REJECTED, invalid("DUKCAPIL_REJECTED", "name"));
        ESIGN.put(Scenario.DUKCAPIL_REJECTED_NIK, invalid("DUKCAPIL_REJECTED", "nik"));
        ESIGN.put(Scenario.DUKCAPIL_REJECTED_NAME, invalid("DUKCAPIL_REJECTED", "name"));
        ESIGN.put(Scenario.DUKCAPIL_REJECTED_DOB, invalid("DUKCAPIL_REJECTED", "dateOfBirth"));
        ESIGN.put(Scenario.EMAIL_HAS_BEEN_USED, invalid("EMAIL_HAS_BEEN_USED", null));
        ESIGN.put(Scenario.PHONE_HAS_BEEN_USED, invalid("PHONE_HAS_BEEN_USED", null));
        ESIGN.put(Scenario.NOT_EKTP, invalid("NOT_EKTP", null));
        ESIGN.put(Scenario.FRAUD_REJECT, invalid("FRAUD_REJECT", null));
        ESIGN.put(Scenario.LIVENESS_CHECK_FAILED, invalid("LIVENESS_CHECK_FAILED", "selfie"));
        ESIGN.put(Scenario.AETHER_VERIFICATION_FAILED, invalid("AETHER_VERIFICATION_FAILED", null));
        ESIGN.put(Scenario.UNKNOWN_REASON, invalid("SOME_FUTURE_REASON", null));
        Report rejected = Report.of("COMPLETED", "REJECTED", "NOT_EKTP");
        ESIGN.put(Scenario.REJECTED, new Expected(List.of(rejected), rejected, null));
        ESIGN.put(Scenario.DUKCAPIL_IRRETRIEVABLE_ERROR, error("DUKCAPIL_IRRETRIEVABLE_ERROR"));
        ESIGN.put(Scenario.DUKCAPIL_SYSTEM_ERROR, error("DUKCAPIL_SYSTEM_ERROR"));
        ESIGN.put(Scenario.SYSTEM_ERROR, error("SYSTEM_ERROR"));
        ESIGN.put(Scenario.PARTIAL_ONLY, new Expected(List.of(PARTIAL), PARTIAL, null));
        ESIGN.put(Scenario.NO_CALLBACK, new Expected(List.of(), VALID, null));
        Report lateInvalid = Report.of("COMPLETED", "INVALID", "EMAIL_HAS_BEEN_USED");
        ESIGN.put(Scenario.PARTIAL_THEN_INVALID, new Expected(List.of(PARTIAL, lateInvalid), lateInvalid, null));
        Report lateError = Report.of("ERROR", null, "SYSTEM_ERROR");
        ESIGN.put(Scenario.PARTIAL_THEN_ERROR, new Expected(List.of(PARTIAL, lateError), lateError, null));
    }

    private static Expected invalid(String reasonCode, String failingField) {
        Report report = Report.of("COMPLETED", "INVALID", reasonCode);
        return new Expected(List.of(report), report, failingField);
    }

    private static Expected error(String reasonCode) {
        Report report = Report.of("ERROR", null, reasonCode);
        return new Expected(List.of(report), report, null);
    }

    /** COE knows COMPLETED and ERROR only, VALID and INVALID only, and writes "" for no reason. */
    private static Expected coe(Scenario scenario) {
        Expected esign = ESIGN.get(scenario);
        return switch (scenario) {
            case VALID -> {
                Report report = Report.of("COMPLETED", "VALID", "");
                yield new Expected(List.of(report), report, null);
            }
            case NO_CALLBACK -> new Expected(List.of(), Report.of("COMPLETED", "VALID", ""), null);
            case PARTIAL_ONLY -> new Expected(List.of(), Report.of("IN_PROGRESS", null, null), null);
            case REJECTED -> {
                Report report = Report.of("COMPLETED", "INVALID", "NOT_EKTP");
                yield new Expected(List.of(report), report, null);
            }
            // Without PARTIALLY_COMPLETED, only the end is left.
            case PARTIAL_THEN_INVALID, PARTIAL_THEN_ERROR -> new Expected(List.of(esign.last()), esign.last(), null);
            default -> esign;
        };
    }

    private CallbackReceiver receiver;
    private Platform platform;

    @BeforeEach
    void setUp() {
        receiver = CallbackReceiver.start();
        platform = new Platform(new Http(SANDBOX.baseUrl()));
        SANDBOX.control().updateConfig(c -> c
                .withCallback(CallbackChannel.ESIGN, CallbackTarget.post(receiver.url("/esign"))
                        .withAuthHeader("Authorization", "Bearer esign-secret"))
                .withCallback(CallbackChannel.COE, CallbackTarget.post(receiver.url("/coe"))
                        .withMethod(CallbackMethod.PUT).withAuthHeader("X-Api-Key", "coe-secret"))
                .withCallback(CallbackChannel.SIV, CallbackTarget.post(receiver.url("/siv"))
                        .withMethod(CallbackMethod.PATCH).withAuthHeader("Authorization", "Basic c2l2")));
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    @Test
    void everyScenarioHasAnExpectation() {
        assertThat(ESIGN.keySet()).containsExactlyInAnyOrder(Scenario.values());
    }

    @ParameterizedTest(name = "CERT_REG {0}")
    @EnumSource(Scenario.class)
    void aCertificateRegistrationReachesTheScenariosOutcome(Scenario scenario) {
        Expected expected = ESIGN.get(scenario);
        String userId = Platform.user(scenario.name());

        platform.startCertReg(userId);

        List<Report> callbacks = awaitCallbacks(expected.callbacks().size());
        assertThat(callbacks).containsExactlyElementsOf(expected.callbacks());
        JsonObject details = platform.awaitEsignStatus(userId, expected.last().status());
        assertThat(Report.from(details)).isEqualTo(expected.last());
        assertFailingField(details, expected.failingField());
        String registrationId = details.getJsonObject("submissionDetails") == null ? null
                : details.getJsonObject("submissionDetails").getString("registrationId");
        assertThat(registrationId != null).isEqualTo(expected.last().equals(VALID));
        assertThat(receiver.received()).allSatisfy(r -> {
            assertThat(r.path()).isEqualTo("/esign");
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.header("Authorization")).isEqualTo("Bearer esign-secret");
            assertThat(r.header("Content-Type")).startsWith("application/json");
        });
        if (!expected.callbacks().isEmpty()) {
            List<CallbackReceiver.Received> received = receiver.received();
            assertThat(received.get(received.size() - 1).json()).isEqualTo(details);
        }
    }

    @ParameterizedTest(name = "SIV {0}")
    @EnumSource(Scenario.class)
    void anIdentityVerificationReachesTheScenariosOutcome(Scenario scenario) {
        Expected expected = ESIGN.get(scenario);
        String userId = Platform.user(scenario.name());

        platform.initiateFlow(platform.esignToken(), userId, Platform.session(), Platform.sivBody("SDK"));

        List<Report> callbacks = awaitCallbacks(expected.callbacks().size());
        assertThat(callbacks).containsExactlyElementsOf(expected.callbacks());
        JsonObject details = platform.awaitEsignStatus(userId, expected.last().status());
        assertThat(Report.from(details)).isEqualTo(expected.last());
        assertFailingField(details, expected.failingField());
        assertThat(receiver.received()).allSatisfy(r -> {
            assertThat(r.path()).isEqualTo("/siv");
            assertThat(r.method()).isEqualTo("PATCH");
            assertThat(r.header("Authorization")).isEqualTo("Basic c2l2");
            assertThat(r.json().getString("flow")).isEqualTo("STANDALONE_IDENTITY_VERIFICATION");
            assertThat(r.json().getString("userId")).isEqualTo(userId);
        });
    }

    @ParameterizedTest(name = "KTP_SCAN {0}")
    @EnumSource(Scenario.class)
    void aKtpScanReachesTheScenariosOutcomeInTheCoeShape(Scenario scenario) {
        Expected expected = coe(scenario);

        String userId = Platform.user(scenario.name());
        String submissionId = platform.startKtpScan(userId);

        List<Report> callbacks = awaitCallbacks(expected.callbacks().size());
        assertThat(callbacks).containsExactlyElementsOf(expected.callbacks());
        String partnerToken = platform.coePartnerToken();
        JsonObject details = Eventually.await(
                () -> platform.coeDetails(partnerToken, userId, "x-submission-id", submissionId).data(),
                d -> expected.last().status().equals(d.getString("status")));
        assertThat(Report.from(details)).isEqualTo(expected.last());
        assertThat(receiver.received()).allSatisfy(r -> {
            assertThat(r.path()).isEqualTo("/coe");
            assertThat(r.method()).isEqualTo("PUT");
            assertThat(r.header("X-Api-Key")).isEqualTo("coe-secret");
            assertThat(r.json().getString("submissionId")).isEqualTo(submissionId);
            assertThat(r.json().fieldNames()).containsExactlyInAnyOrder("submissionId", "status", "result",
                    "reasonCode", "processedAt", "flow");
        });
    }

    @Test
    void theDefaultScenarioAppliesToUserIdsThatNameNone() {
        platform.configure(new JsonObject().put("defaultScenario", "fraud_reject"));

        platform.startCertReg("plain-user");

        assertThat(awaitCallbacks(1)).containsExactly(Report.of("COMPLETED", "INVALID", "FRAUD_REJECT"));
    }

    @Test
    void noCallbackScenariosRecordSuppressedDeliveries() {
        String userId = Platform.user("NO_CALLBACK");
        String submissionId = platform.startCertReg(userId);
        platform.awaitEsignStatus(userId, "COMPLETED");

        JsonObject view = Eventually.await(() -> platform.submission(submissionId),
                v -> v.getJsonArray("callbacks").size() == 2);

        assertThat(view.getJsonArray("callbacks").stream().map(d -> ((JsonObject) d).getString("state")))
                .containsOnly("SUPPRESSED");
        assertThat(receiver.received()).isEmpty();
    }

    /**
     * A verified identity that later fails: each callback is exactly what Get Submission Details answered while the
     * submission was at that status (the completion delay is long enough to read the interim status).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Scenario.class, names = {"PARTIAL_THEN_INVALID", "PARTIAL_THEN_ERROR"})
    void aLateFailureIsReportedAlikeByItsCallbacksAndTheDetails(Scenario scenario) {
        SANDBOX.control().updateConfig(c -> c.withCompletionDelayMillis(1_500));
        String userId = Platform.user(scenario.name());

        platform.startCertReg(userId);

        JsonObject partial = platform.awaitEsignStatus(userId, "PARTIALLY_COMPLETED");
        receiver.awaitCount(1);
        JsonObject last = platform.awaitEsignStatus(userId, ESIGN.get(scenario).last().status());
        receiver.awaitCount(2);
        assertThat(receiver.received()).extracting(CallbackReceiver.Received::json).containsExactly(partial, last);
        assertThat(partial.getJsonObject("submissionDetails").getJsonObject("verificationResult").getString("nik"))
                .isEqualTo("PASS");
        assertThat(Report.from(last)).isEqualTo(ESIGN.get(scenario).last());
        if (scenario == Scenario.PARTIAL_THEN_ERROR) {
            assertThat(last.getValue("submissionDetails")).isNull();
        } else {
            assertThat(last.getJsonObject("submissionDetails").getString("registrationId")).isNull();
        }
    }

    /** Waits for {@code count} callbacks, then a little longer to catch any unexpected extra one. */
    private List<Report> awaitCallbacks(int count) {
        if (count > 0) {
            receiver.awaitCount(count);
        }
        Eventually.pause(Fast.PROCESSING_MILLIS + Fast.COMPLETION_MILLIS * 3);
        return receiver.received().stream().map(r -> Report.from(r.json())).toList();
    }

    private static void assertFailingField(JsonObject details, String failingField) {
        JsonObject submissionDetails = details.getJsonObject("submissionDetails");
        if (submissionDetails == null) {
            assertThat(failingField).isNull();
            return;
        }
        JsonObject verification = submissionDetails.getJsonObject("verificationResult");
        for (String field : Arrays.asList("nik", "name", "dateOfBirth", "selfie")) {
            assertThat(verification.getString(field)).as(field)
                    .isEqualTo(field.equals(failingField) ? "FAIL" : "PASS");
        }
    }
}
