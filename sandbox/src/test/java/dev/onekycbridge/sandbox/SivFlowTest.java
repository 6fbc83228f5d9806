package dev.onekycbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.sandbox.processing.SubmissionProcessor;
import dev.onekycbridge.sandbox.support.CallbackReceiver;
import dev.onekycbridge.sandbox.support.CallbackReceiver.Received;
import dev.onekycbridge.sandbox.support.Eventually;
import dev.onekycbridge.sandbox.support.Fast;
import dev.onekycbridge.sandbox.support.Http;
import dev.onekycbridge.sandbox.support.Platform;
import dev.onekycbridge.sandbox.support.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SivFlowTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = new SandboxExtension(Fast.options());

    private CallbackReceiver receiver;
    private Platform platform;
    private String token;

    @BeforeEach
    void setUp() {
        receiver = CallbackReceiver.start();
        platform = new Platform(new Http(SANDBOX.baseUrl()));
        token = platform.esignToken();
        SANDBOX.control().updateConfig(c -> c.withCallback(CallbackChannel.SIV,
                CallbackTarget.post(receiver.url("/callbacks/siv")).withAuthHeader("X-Api-Key", "key-123")));
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    @Test
    void anSdkInitiationAnswersAUserTokenValidForSixtyDays() {
        Reply reply = platform.initiateFlow(token, "user-sdk", Platform.session(), Platform.sivBody("SDK"));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.data().getString("token")).isNotBlank();
        assertThat(reply.data().containsKey("launchUrl")).isFalse();
        assertThat(reply.data().getValue("expirySeconds")).isEqualTo("5184000");
        assertThat(reply.data().getString("expiresAt")).matches("\\d+");
    }

    @Test
    void aWebInitiationAnswersALaunchUrlOnTheSandbox() {
        Reply reply = platform.initiateFlow(token, "user-web", Platform.session(), Platform.sivBody("WEB_SDK"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.data().getString("launchUrl"))
                .startsWith(SANDBOX.baseUrl() + "/_sandbox/web-sdk/launch?token=");
        assertThat(reply.data().containsKey("token")).isFalse();
    }

    @Test
    void theJourneyCompletesByItselfAndIsCalledBackWithKtpDataAndACertificate() {
        String userId = Platform.user(null);
        String session = Platform.session();
        platform.initiateFlow(token, userId, session, Platform.sivBody("SDK"));

        List<Received> callbacks = receiver.awaitCount(2);

        assertThat(callbacks.get(0).header("X-Api-Key")).isEqualTo("key-123");
        JsonObject partial = callbacks.get(0).json();
        assertThat(partial.getString("status")).isEqualTo("PARTIALLY_COMPLETED");
        assertThat(partial.getJsonObject("submissionDetails").containsKey("certificateRegistration")).isFalse();
        JsonObject done = callbacks.get(1).json();
        assertThat(done.getString("flow")).isEqualTo("STANDALONE_IDENTITY_VERIFICATION");
        assertThat(done.getString("partnerSessionId")).isEqualTo(session);
        assertThat(done.getString("userId")).isEqualTo(userId);
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getString("result")).isEqualTo("VALID");
        JsonObject details = done.getJsonObject("submissionDetails");
        JsonObject ktp = details.getJsonObject("ktpData");
        assertThat(ktp.fieldNames()).contains("nik", "name", "region", "dateOfBirth", "bloodType", "religion",
                "province", "city", "address", "district", "town", "gender", "rt", "rw", "occupation", "validUntil",
                "citizenship", "maritalStatus", "issuanceDate");
        assertThat(ktp.getString("nik")).matches("\\d{16}");
        assertThat(ktp.getString("name")).isUpperCase();
        assertThat(ktp.getString("dateOfBirth")).matches("\\d{2}-\\d{2}-\\d{4}");
        assertThat(ktp.getString("gender")).isIn("male", "female");
        JsonObject certificate = details.getJsonObject("certificateRegistration");
        assertThat(certificate.getString("registrationId")).matches("[0-9a-f-]{36}");
        assertThat(certificate.getBoolean("eligibleToActivate")).isTrue();
        assertThat(certificate.getString("onboardingCode")).isEqualTo("NEW_USER");
        assertThat(details.getJsonObject("verificationResult").getString("selfie")).isEqualTo("PASS");
        assertThat(details.getJsonObject("imageUrls").fieldNames())
                .containsExactlyInAnyOrder("KTP", "SELFIE", "ADDITIONAL_SELFIE");
    }

    @Test
    void imageUrlsOfTheResultServeTheCapturedImages() {
        String userId = Platform.user(null);
        platform.initiateFlow(token, userId, Platform.session(), Platform.sivBody("SDK"));
        JsonObject done = receiver.awaitCount(2).get(1).json();

        Reply image = platform.http().get(done.getJsonObject("submissionDetails").getJsonObject("imageUrls")
                .getString("SELFIE"));

        assertThat(image.status()).isEqualTo(200);
        assertThat(image.header("Content-Type")).isEqualTo("image/png");
    }

    @Test
    void getSubmissionDetailsShowsTheSivResult() {
        String userId = Platform.user(null);
        platform.initiateFlow(token, userId, Platform.session(), Platform.sivBody("SDK"));

        JsonObject data = platform.awaitEsignStatus(userId, "COMPLETED");

        assertThat(data.getString("flow")).isEqualTo("STANDALONE_IDENTITY_VERIFICATION");
        assertThat(data.getJsonObject("submissionDetails").getJsonObject("ktpData")).isNotNull();
    }

    @Test
    void withoutAutoCompleteTheSubmissionWaitsForTheUser() {
        SANDBOX.control().updateConfig(c -> c.withSivAutoComplete(false));
        String userId = Platform.user(null);
        platform.initiateFlow(token, userId, Platform.session(), Platform.sivBody("SDK"));

        Eventually.pause(100);

        assertThat(platform.esignDetails(token, userId).data().getString("status")).isEqualTo("INITIATED");
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void openingTheLaunchUrlCompletesTheJourneyAndRedirectsToTheSuccessPage() {
        SANDBOX.control().updateConfig(c -> c.withSivAutoComplete(false));
        String userId = Platform.user(null);
        String session = Platform.session();
        String launchUrl = platform.initiateFlow(token, userId, session, Platform.sivBody("WEB_SDK")).data()
                .getString("launchUrl");

        Reply launch = platform.http().get(launchUrl);

        assertThat(launch.status()).isEqualTo(302);
        URI location = URI.create(launch.header("Location"));
        assertThat(location.getHost()).isEqualTo("partner.example");
        assertThat(location.getPath()).isEqualTo("/success-page");
        assertThat(location.getQuery()).isEqualTo("status=COMPLETED&partner_session_id=" + session);
        assertThat(receiver.awaitCount(2).get(1).json().getString("status")).isEqualTo("COMPLETED");
    }

    @Test
    void aFailingJourneyRedirectsToTheFailurePageWithTheErrorCode() {
        SANDBOX.control().updateConfig(c -> c.withSivAutoComplete(false));
        String launchUrl = platform.initiateFlow(token, Platform.user("SYSTEM_ERROR"), "s-1",
                Platform.sivBody("WEB_SDK")).data().getString("launchUrl");

        Reply launch = platform.http().get(launchUrl);

        assertThat(launch.status()).isEqualTo(302);
        assertThat(launch.header("Location"))
                .isEqualTo("http://partner.example/failure-page"
                        + "?status=ERROR&partner_session_id=s-1&error_code=SYSTEM_ERROR");
    }

    @Test
    void aRejectedJourneyStillReturnsAsCompleted() {
        SANDBOX.control().updateConfig(c -> c.withSivAutoComplete(false));
        String launchUrl = platform.initiateFlow(token, Platform.user("NOT_EKTP"), "s-2",
                Platform.sivBody("WEB_SDK")).data().getString("launchUrl");

        Reply launch = platform.http().get(launchUrl);

        assertThat(launch.header("Location")).contains("/success-page?status=COMPLETED");
    }

    @Test
    void anUnknownLaunchTokenShowsAnErrorPage() {
        Reply launch = platform.http().get("/_sandbox/web-sdk/launch?token=nope");

        assertThat(launch.status()).isEqualTo(401);
        assertThat(launch.body()).contains("invalid or has expired");
    }

    @Test
    void theControlApiCanFinishAnSdkJourney() {
        SANDBOX.control().updateConfig(c -> c.withSivAutoComplete(false));
        String userId = Platform.user(null);
        platform.initiateFlow(token, userId, Platform.session(), Platform.sivBody("SDK"));
        String submissionId = platform.esignDetails(token, userId).data().getString("submissionId");

        Reply finished = platform.http().postJson("/_sandbox/submissions/" + submissionId + "/journey", null);
        Reply again = platform.http().postJson("/_sandbox/submissions/" + submissionId + "/journey", null);

        assertThat(finished.status()).isEqualTo(200);
        assertThat(finished.json().getJsonObject("journey").getBoolean("completed")).isTrue();
        assertThat(again.status()).isEqualTo(409);
        assertThat(platform.awaitEsignStatus(userId, "COMPLETED")).isNotNull();
    }

    /**
     * A reset between the end of the journey and the answer forgets the submission: the control API answers 404 as
     * for an unknown one instead of leaving the request unanswered. The reset is made as the journey's end is logged.
     */
    @Test
    void aResetWhileTheControlApiFinishesAJourneyAnswersUnknownSubmission() {
        SANDBOX.control().updateConfig(c -> c.withSivAutoComplete(false));
        String userId = Platform.user(null);
        platform.initiateFlow(token, userId, Platform.session(), Platform.sivBody("SDK"));
        String submissionId = platform.esignDetails(token, userId).data().getString("submissionId");
        Logger log = Logger.getLogger(SubmissionProcessor.class.getName());
        Level level = log.getLevel();
        Handler resetOnJourneyEnd = new Handler() {
            @Override
            public void publish(LogRecord logged) {
                if (logged.getMessage().startsWith("SIV journey of")) {
                    SANDBOX.control().reset();
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.setLevel(Level.FINE);
        log.addHandler(resetOnJourneyEnd);
        try {
            Reply finished = platform.http().postJson("/_sandbox/submissions/" + submissionId + "/journey", null);

            assertThat(finished.status()).isEqualTo(404);
            assertThat(finished.json().getString("error")).isEqualTo("unknown submission");
        } finally {
            log.removeHandler(resetOnJourneyEnd);
            log.setLevel(level);
        }
    }

    @Test
    void theOlderOnboardingPartnerHeaderIsAcceptedToo() {
        Reply reply = platform.http().postJson("/esign-partner/v1/initiate-flow", Platform.sivBody("SDK"),
                "x-onekyc-token", token, "x-onboarding-partner", SandboxConfig.SIV_PARTNER,
                "x-partner-user-id", "user-old", "x-partner-user-id-type", "T", "x-partner-session-id", "s-old");

        assertThat(reply.status()).isEqualTo(200);
    }

    @Test
    void withoutAnyOnboardingPartnerHeaderTheInitiationIsRefusedWith1650() {
        Reply reply = platform.http().postJson("/esign-partner/v1/initiate-flow", Platform.sivBody("SDK"),
                "x-onekyc-token", token, "x-partner-user-id", "user-1", "x-partner-user-id-type", "T",
                "x-partner-session-id", "s-none");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.firstError().getValue("code")).isEqualTo("1650");
        assertThat(reply.firstError().getString("cause")).isEqualTo("ESIGN_ONBOARDING_PARTNER_CAN_NOT_BE_EMPTY");
    }

    @Test
    void anOnboardingPartnerForAnotherFlowIsRefusedAsInvalidPartner() {
        String[] headers = Platform.sivHeaders(token, "user-1", Platform.session());
        headers[3] = SandboxConfig.CERT_REG_PARTNER;

        Reply reply = platform.http().postJson("/esign-partner/v1/initiate-flow", Platform.sivBody("SDK"), headers);

        assertThat(reply.firstError().getString("cause")).isEqualTo("INVALID_PARTNER");
    }

    @Test
    void anOnboardingPartnerOfAnotherClientIsForbidden() {
        String[] headers = Platform.sivHeaders(token, "user-1", Platform.session());
        headers[3] = "OTHER-WEB_SDK-STANDALONE_IDENTITY_VERIFICATION";

        Reply reply = platform.http().postJson("/esign-partner/v1/initiate-flow", Platform.sivBody("SDK"), headers);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.firstError().getString("cause")).isEqualTo("ONBOARDING_PARTNER_DOES_NOT_BELONG_TO_CLIENT");
    }

    @Test
    void theSameSessionIdWithTheSameBodyIsADuplicate() {
        Reply first = platform.initiateFlow(token, "user-idem", "s-idem", Platform.sivBody("SDK"));

        Reply again = platform.initiateFlow(token, "user-idem", "s-idem", Platform.sivBody("SDK"));

        assertThat(first.status()).isEqualTo(200);
        assertThat(again.status()).as(again.body()).isEqualTo(400);
        assertThat(again.firstError().getValue("code")).isEqualTo("1539");
        assertThat(again.firstError().getString("cause")).isEqualTo("DUPLICATE_PARTNER_SESSION_ID");
        assertThat(platform.http().get("/_sandbox/submissions").json().getJsonArray("submissions")).hasSize(1);
    }

    @Test
    void aReusedSessionIdOfAnotherUserIsADuplicate() {
        platform.initiateFlow(token, "user-a", "s-shared", Platform.sivBody("SDK"));

        Reply reply = platform.initiateFlow(token, "user-b", "s-shared", Platform.sivBody("SDK"));

        assertThat(reply.firstError().getString("cause")).isEqualTo("DUPLICATE_PARTNER_SESSION_ID");
        assertThat(platform.esignDetails(token, "user-b").status()).isEqualTo(404);
    }

    @Test
    void aReusedSessionIdWithAnotherBodyIsADuplicate() {
        platform.initiateFlow(token, "user-dup", "s-dup", Platform.sivBody("SDK"));

        Reply reply = platform.initiateFlow(token, "user-dup", "s-dup", Platform.sivBody("WEB_SDK"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.firstError().getValue("code")).isEqualTo("1539");
        assertThat(reply.firstError().getString("cause")).isEqualTo("DUPLICATE_PARTNER_SESSION_ID");
    }

    /** Only an earlier initiate flow makes a session id a duplicate: the other Esign calls' sessions do not. */
    @Test
    void aSessionIdUsedByARegistrationCallIsNoDuplicate() {
        Reply registration = platform.http().get("/esign-partner/v1/submissions/urls?submissionType=CERT_REG",
                Platform.esignHeaders(token, "user-reg", "s-of-a-registration"));

        Reply reply = platform.initiateFlow(token, "user-reg", "s-of-a-registration", Platform.sivBody("SDK"));

        assertThat(registration.status()).as(registration.body()).isEqualTo(200);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    static Stream<Arguments> invalidBodies() {
        return Stream.of(
                bad("no flow", b -> b.remove("flow"), "INVALID_FLOW"),
                bad("another flow", b -> b.put("flow", "KTP_SCAN"), "INVALID_FLOW"),
                bad("unknown source", b -> b.put("source", "APP"), "INVALID_SOURCE"),
                bad("web without success URL", b -> b.put("source", "WEB_SDK").remove("successRedirectionUrl"),
                        "SUCCESS_REDIRECTION_URL_IS_REQUIRED"),
                bad("web without failure URL", b -> b.put("source", "WEB_SDK").remove("failureRedirectionUrl"),
                        "FAILURE_REDIRECTION_URL_IS_REQUIRED"),
                bad("relative success URL", b -> b.put("successRedirectionUrl", "/done"),
                        "SUCCESS_REDIRECTION_URL_IS_INVALID"),
                bad("no additional details", b -> b.remove("additionalDetails"), "ADDITIONAL_DETAILS_IS_NULL"),
                bad("no contact", b -> details(b).remove("phoneNumber"), "PHONE_NUMBER_OR_EMAIL_IS_REQUIRED"),
                bad("bad email", b -> details(b).put("email", "not-an-email"), "EMAIL_IS_INVALID"),
                bad("email as an object next to a valid phone", b -> details(b).put("email", new JsonObject()),
                        "EMAIL_IS_INVALID"),
                bad("phone not starting with 62", b -> details(b).put("phoneNumber", "0818888889"),
                        "PHONE_NUMBER_IS_INVALID"),
                bad("blank email with an email verification", b -> details(b).put("email", " ")
                        .getJsonObject("dataVerification").put("email", new JsonObject().put("isVerified", true)),
                        "EMAIL_IS_NULL"),
                bad("no data verification", b -> details(b).remove("dataVerification"), "DATA_VERIFICATION_IS_EMPTY"),
                bad("unverified phone", b -> phoneCheck(b).put("isVerified", false),
                        "PHONE_NUMBER_VERIFICATION_MUST_BE_TRUE"),
                bad("phone check without reference", b -> phoneCheck(b).remove("verificationReferenceId"),
                        "PHONE_NUMBER_VERIFICATION_REFERENCE_ID_IS_REQUIRED"),
                bad("email without verification", b -> details(b).put("email", "a@b.co"),
                        "EMAIL_VERIFICATION_IS_REQUIRED"),
                bad("email check without reference", b -> details(b).put("email", "a@b.co")
                        .getJsonObject("dataVerification").put("email", new JsonObject().put("isVerified", true)),
                        "EMAIL_VERIFICATION_REFERENCE_ID_IS_REQUIRED"),
                bad("unknown locale", b -> details(b).put("userLocale", "en_US"), "USER_LOCALE_IS_INVALID"),
                bad("unknown top-level locale", b -> b.put("userLocale", "xx"), "USER_LOCALE_IS_INVALID"),
                bad("locale as a number", b -> details(b).put("userLocale", 1), "USER_LOCALE_IS_INVALID"),
                bad("top-level locale as a number", b -> b.put("userLocale", 1), "USER_LOCALE_IS_INVALID"),
                bad("top-level locale as an array", b -> b.put("userLocale", new JsonArray()),
                        "USER_LOCALE_IS_INVALID"),
                bad("success URL as a number", b -> b.put("successRedirectionUrl", 5),
                        "SUCCESS_REDIRECTION_URL_IS_INVALID"),
                bad("failure URL as an object on the web SDK",
                        b -> b.put("source", "WEB_SDK").put("failureRedirectionUrl", new JsonObject()),
                        "FAILURE_REDIRECTION_URL_IS_INVALID"),
                bad("flow as a number", b -> b.put("flow", 1), "INVALID_FLOW"),
                bad("source as an object", b -> b.put("source", new JsonObject()), "INVALID_SOURCE"));
    }

    private static Arguments bad(String what, Consumer<JsonObject> change, String cause) {
        return Arguments.of(what, change, cause);
    }

    private static JsonObject details(JsonObject body) {
        return body.getJsonObject("additionalDetails");
    }

    private static JsonObject phoneCheck(JsonObject body) {
        return details(body).getJsonObject("dataVerification").getJsonObject("phoneNumber");
    }

    @ParameterizedTest(name = "{0} is refused with {2}")
    @MethodSource("invalidBodies")
    void anInvalidInitiationIsRefusedWithItsCause(String what, Consumer<JsonObject> change, String cause) {
        JsonObject body = Platform.sivBody("SDK");
        change.accept(body);

        Reply reply = platform.initiateFlow(token, "user-bad", Platform.session(), body);

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.errors()).extracting(e -> ((JsonObject) e).getString("cause")).contains(cause);
        assertThat(reply.firstError().getValue("code")).isEqualTo("1539");
    }

    @Test
    void userLocaleAtTheTopLevelAndAnEmailContactAreAccepted() {
        JsonObject body = Platform.sivBody("SDK");
        body.put("userLocale", "en_ID");
        body.put("additionalDetails", new JsonObject()
                .put("email", "user@example.com")
                .put("dataVerification", new JsonObject().put("email", new JsonObject()
                        .put("isVerified", true).put("verificationReferenceId", "ref-1"))));

        Reply reply = platform.initiateFlow(token, "user-email", Platform.session(), body);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    @Test
    void aRedirectionUrlWithAnUpperCaseSchemeIsAccepted() {
        JsonObject body = Platform.sivBody("WEB_SDK").put("successRedirectionUrl", "HTTPS://partner.example/done");

        Reply reply = platform.initiateFlow(token, "user-scheme", Platform.session(), body);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    @Test
    void aPhoneWithAPlusIsRefusedAsSivStatesItStartsWith62() {
        JsonObject body = Platform.sivBody("SDK");
        details(body).put("phoneNumber", "+628188888889");

        Reply reply = platform.initiateFlow(token, "user-plus", Platform.session(), body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errors()).extracting(e -> ((JsonObject) e).getString("cause"))
                .containsExactly("PHONE_NUMBER_IS_INVALID");
    }

    @Test
    void anEmailVerificationWithoutAnEmailIsRefusedAsEmailIsNull() {
        JsonObject body = Platform.sivBody("SDK");
        details(body).getJsonObject("dataVerification").put("email", new JsonObject()
                .put("isVerified", true).put("verificationReferenceId", "ref-1"));

        Reply reply = platform.initiateFlow(token, "user-no-email", Platform.session(), body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.firstError().getValue("code")).isEqualTo("1539");
        assertThat(reply.errors()).extracting(e -> ((JsonObject) e).getString("cause"))
                .containsExactly("EMAIL_IS_NULL");
    }

    @Test
    void aRejectedSivResultCarriesTheNewerRejectedEnumAndTranslations() {
        platform.initiateFlow(token, Platform.user("REJECTED"), Platform.session(), Platform.sivBody("SDK"));

        JsonObject result = receiver.awaitCount(1, Duration.ofSeconds(5)).get(0).json();

        assertThat(result.getString("status")).isEqualTo("COMPLETED");
        assertThat(result.getString("result")).isEqualTo("REJECTED");
        assertThat(result.getString("reasonCode")).isEqualTo("NOT_EKTP");
        JsonObject translations = result.getJsonObject("submissionDetails")
                .getJsonObject("rejectionReasonTranslations");
        assertThat(translations.getJsonObject("en_ID").getString("message")).isEqualTo("ID submitted is not eKTP");
        assertThat(translations.getJsonObject("id_ID").getString("title")).isNotBlank();
    }
}
