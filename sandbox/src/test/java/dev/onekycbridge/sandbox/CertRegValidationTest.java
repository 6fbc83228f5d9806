package dev.onekycbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.sandbox.support.Fast;
import dev.onekycbridge.sandbox.support.Http;
import dev.onekycbridge.sandbox.support.Images;
import dev.onekycbridge.sandbox.support.Platform;
import dev.onekycbridge.sandbox.support.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CertRegValidationTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = new SandboxExtension(Fast.options());

    private Platform platform;
    private String token;

    @BeforeEach
    void setUp() {
        platform = new Platform(new Http(SANDBOX.baseUrl()));
        token = platform.esignToken();
    }

    private static List<String> causes(Reply reply) {
        return reply.errors().stream().map(e -> ((JsonObject) e).getString("cause")).toList();
    }

    // --- headers and token

    @Test
    void eachMissingHeaderIsListedWithItsCauseAndCode() {
        Reply reply = platform.http().get("/esign-partner/v1/submissions/urls?submissionType=CERT_REG",
                "x-onekyc-token", token);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errors()).extracting(e -> ((JsonObject) e).getString("code") + " "
                + ((JsonObject) e).getString("cause")).containsExactly(
                        "1650 ESIGN_ONBOARDING_PARTNER_CAN_NOT_BE_EMPTY",
                        "1539 PARTNER_USER_ID_CAN_NOT_BE_EMPTY",
                        "1539 PARTNER_USER_ID_TYPE_CAN_NOT_BE_EMPTY",
                        "1539 PARTNER_SESSION_ID_CANNOT_BE_EMPTY");
        assertThat(reply.firstError().getString("entity")).isEqualTo("ESIGN_ADAPTER");
    }

    @Test
    void anEmptyPartnerUserIdCountsAsMissing() {
        String[] headers = Platform.esignHeaders(token, "", Platform.session());

        Reply reply = platform.http().get("/esign-partner/v1/submissions/urls?submissionType=CERT_REG", headers);

        assertThat(causes(reply)).containsExactly("PARTNER_USER_ID_CAN_NOT_BE_EMPTY");
    }

    @Test
    void anUnknownTokenIsUnauthorizedWithNullData() {
        Reply reply = platform.certRegUrls("not-a-token", "user-1");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().getValue("data")).isNull();
        assertThat(reply.json().containsKey("data")).isTrue();
        assertThat(reply.firstError().getValue("code")).isEqualTo("110");
        assertThat(reply.firstError().getString("cause")).isEqualTo("UNAUTHORIZED");
    }

    @Test
    void aMissingTokenIsUnauthorized() {
        Reply reply = platform.certRegUrls(null, "user-1");

        assertThat(reply.status()).isEqualTo(401);
    }

    @Test
    void anOnboardingPartnerOfAnotherClientIsForbidden() {
        String[] headers = Platform.esignHeaders(token, "user-1", Platform.session());
        headers[3] = "SOMEONE-BE-CERT_REG";

        Reply reply = platform.http().get("/esign-partner/v1/submissions/urls?submissionType=CERT_REG", headers);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.firstError().getValue("code")).isEqualTo("110");
        assertThat(reply.firstError().getString("cause")).isEqualTo("ONBOARDING_PARTNER_DOES_NOT_BELONG_TO_CLIENT");
    }

    @Test
    void anUnknownSubmissionTypeIsRefusedWith1539InvalidSubmissionType() {
        Reply reply = platform.http().get("/esign-partner/v1/submissions/urls?submissionType=KTP_SCAN",
                Platform.esignHeaders(token, "user-1", Platform.session()));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.firstError().getValue("code")).isEqualTo("1539");
        assertThat(reply.firstError().getString("cause")).isEqualTo("INVALID_SUBMISSION_TYPE");
    }

    @Test
    void aMissingSubmissionTypeIsRefusedLikeAnUnknownOne() {
        Reply reply = platform.http().get("/esign-partner/v1/submissions/urls",
                Platform.esignHeaders(token, "user-1", Platform.session()));

        assertThat(causes(reply)).containsExactly("INVALID_SUBMISSION_TYPE");
    }

    // --- Get Submission Details

    @Test
    void detailsForAUserWithoutSubmissionsAnswer404With1514AndEmptyData() {
        Reply reply = platform.esignDetails(token, "nobody");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().getJsonObject("data")).isEqualTo(new JsonObject());
        assertThat(reply.firstError().getValue("code")).isEqualTo("1514");
        assertThat(reply.firstError().getString("cause"))
                .isEqualTo("USER_NOT_FOUND_FOR_PARTNER_AND_PARTNER_USER_ID_AND_PARTNER_USER_ID_TYPE");
    }

    @Test
    void detailsForAUserNamingUserNotFoundAnswer404With1518EvenWithASubmission() {
        String userId = Platform.user("user_not_found");
        assertThat(platform.certRegUrls(token, userId).status()).isEqualTo(200);

        Reply reply = platform.esignDetails(token, userId);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().getJsonObject("data")).isEqualTo(new JsonObject());
        assertThat(reply.firstError().getValue("code")).isEqualTo("1518");
        assertThat(reply.firstError().getString("cause")).isEqualTo("USER_NOT_FOUND");
        assertThat(reply.firstError().getString("entity")).isEqualTo("ESIGN_ADAPTER");
    }

    @Test
    void detailsNeedNoOnboardingPartnerButTheUserHeaders() {
        Reply reply = platform.http().get("/esign-partner/v1/submissions", "x-onekyc-token", token);

        assertThat(causes(reply)).containsExactly("PARTNER_USER_ID_CAN_NOT_BE_EMPTY",
                "PARTNER_USER_ID_TYPE_CAN_NOT_BE_EMPTY", "PARTNER_SESSION_ID_CANNOT_BE_EMPTY");
    }

    @Test
    void detailsAreKeyedByUserIdType() {
        platform.certRegUrls(token, "user-typed");

        Reply reply = platform.http().get("/esign-partner/v1/submissions", "x-onekyc-token", token,
                "x-partner-user-id", "user-typed", "x-partner-user-id-type", "OTHER_TYPE",
                "x-partner-session-id", Platform.session());

        assertThat(reply.status()).isEqualTo(404);
    }

    // --- confirm: ownership and state

    private JsonObject prepared(String userId, boolean upload) {
        Reply urls = platform.certRegUrls(token, userId);
        if (upload) {
            platform.uploadAll(urls.data());
        }
        return urls.data();
    }

    @Test
    void confirmingAnUnknownSubmissionIsRefusedWith1653() {
        Reply reply = platform.confirm(token, "user-1", Platform.session(),
                Platform.confirmBody("00000000-0000-0000-0000-000000000000"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.firstError().getValue("code")).isEqualTo("1653");
        assertThat(reply.firstError().getString("cause")).isEqualTo("SUBMISSION_ID_DOES_NOT_BELONG_TO_CURRENT_USER");
    }

    @Test
    void confirmingAnotherUsersSubmissionIsRefusedWith1653() {
        String submissionId = prepared("owner", true).getString("submissionId");

        Reply reply = platform.confirm(token, "intruder", Platform.session(), Platform.confirmBody(submissionId));

        assertThat(causes(reply)).containsExactly("SUBMISSION_ID_DOES_NOT_BELONG_TO_CURRENT_USER");
    }

    @Test
    void confirmingBeforeBothUploadsAnswers422InvalidUploadArtifact() {
        JsonObject urls = prepared("user-early", false);
        String submissionId = urls.getString("submissionId");
        platform.http().putBytes(urls.getJsonObject("documents").getJsonObject("KTP").getString("documentUrl"),
                Images.JPEG, "image/jpeg");

        Reply reply = platform.confirm(token, "user-early", Platform.session(), Platform.confirmBody(submissionId));

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.firstError().getValue("code")).isEqualTo("422");
        assertThat(reply.firstError().getString("cause")).isEqualTo("INVALID_UPLOAD_ARTIFACT");
    }

    @Test
    void aSecondConfirmWithANewSessionIdConflicts() {
        String submissionId = prepared("user-twice", true).getString("submissionId");
        JsonObject body = Platform.confirmBody(submissionId);
        platform.confirm(token, "user-twice", Platform.session(), body);

        Reply reply = platform.confirm(token, "user-twice", Platform.session(), body);

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.firstError().getValue("code")).isEqualTo("409");
        assertThat(reply.firstError().getString("cause")).isEqualTo("SUBMISSION_STATE_CONFLICT");
    }

    @Test
    void aRetriedConfirmWithTheSameSessionIdAndBodyIsAnsweredTheSame() {
        String submissionId = prepared("user-retry", true).getString("submissionId");
        JsonObject body = Platform.confirmBody(submissionId);
        String session = Platform.session();
        Reply first = platform.confirm(token, "user-retry", session, body);

        Reply retry = platform.confirm(token, "user-retry", session, new JsonObject(body.encodePrettily()));

        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json()).isEqualTo(first.json());
        assertThat(platform.submission(submissionId).getInteger("confirmCount")).isEqualTo(2);
    }

    @Test
    void aRetriedConfirmWithTheSameSessionIdButAnotherBodyConflicts() {
        String submissionId = prepared("user-changed", true).getString("submissionId");
        String session = Platform.session();
        platform.confirm(token, "user-changed", session, Platform.confirmBody(submissionId));
        JsonObject changed = Platform.confirmBody(submissionId);
        changed.getJsonObject("metadata").getJsonObject("userDetails").put("name", "Jane Doe");

        Reply reply = platform.confirm(token, "user-changed", session, changed);

        assertThat(reply.status()).isEqualTo(409);
    }

    @Test
    void aConfirmBodyThatIsNotJsonIsRefused() {
        Reply reply = platform.http().send("PUT", "/esign-partner/v1/submissions/urls",
                "{not json".getBytes(StandardCharsets.UTF_8), "application/json",
                Platform.esignHeaders(token, "user-1", Platform.session()));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(causes(reply)).containsExactly("INVALID_REQUEST_BODY");
    }

    @Test
    void aConfirmWithoutSubmissionIdIsRefused() {
        Reply reply = platform.confirm(token, "user-1", Platform.session(), new JsonObject().put("metadata", "x"));

        assertThat(causes(reply)).containsExactly("SUBMISSION_ID_CAN_NOT_BE_EMPTY");
    }

    // --- confirm: metadata

    static Stream<Arguments> malformedMetadata() {
        return Stream.of(
                bad("NIK as a string", m -> user(m).put("nik", "3187888902845410"), "NIK_MUST_BE_A_16_DIGIT_NUMBER"),
                bad("NIK of 15 digits", m -> user(m).put("nik", 318788890284541L), "NIK_MUST_BE_A_16_DIGIT_NUMBER"),
                bad("NIK as a decimal", m -> user(m).put("nik", 3187888902845410.5), "NIK_MUST_BE_A_16_DIGIT_NUMBER"),
                bad("no NIK", m -> user(m).remove("nik"), "NIK_CAN_NOT_BE_EMPTY"),
                bad("blank name", m -> user(m).put("name", " "), "NAME_CAN_NOT_BE_EMPTY"),
                bad("ISO date of birth", m -> user(m).put("dateOfBirth", "1980-03-07"), "DATE_OF_BIRTH_IS_INVALID"),
                bad("impossible date", m -> user(m).put("dateOfBirth", "31-02-1980"), "DATE_OF_BIRTH_IS_INVALID"),
                bad("future date", m -> user(m).put("dateOfBirth", "01-01-2999"), "DATE_OF_BIRTH_IS_INVALID"),
                bad("no date of birth", m -> user(m).remove("dateOfBirth"), "DATE_OF_BIRTH_CAN_NOT_BE_EMPTY"),
                bad("local phone", m -> user(m).put("phoneNumber", "081234567890"), "PHONE_NUMBER_IS_INVALID"),
                bad("short phone", m -> user(m).put("phoneNumber", "628123"), "PHONE_NUMBER_IS_INVALID"),
                bad("16-digit phone", m -> user(m).put("phoneNumber", "6281234567890123"), "PHONE_NUMBER_IS_INVALID"),
                bad("email without domain", m -> user(m).put("email", "john@"), "EMAIL_IS_INVALID"),
                bad("email as a number next to a valid phone", m -> user(m).put("email", 12345), "EMAIL_IS_INVALID"),
                bad("phone as a number next to a valid email", m -> user(m).put("phoneNumber", 6281234567890L),
                        "PHONE_NUMBER_IS_INVALID"),
                bad("no contact", m -> user(m).put("email", "").put("phoneNumber", (String) null),
                        "PHONE_NUMBER_OR_EMAIL_IS_REQUIRED"),
                bad("no data verification", m -> user(m).remove("dataVerification"), "DATA_VERIFICATION_IS_EMPTY"),
                bad("unverified email", m -> verification(m, "email").put("isVerified", false),
                        "EMAIL_VERIFICATION_IS_REQUIRED"),
                bad("email verification without reference",
                        m -> verification(m, "email").remove("verificationReferenceId"),
                        "EMAIL_VERIFICATION_REFERENCE_ID_IS_REQUIRED"),
                bad("unverified phone", m -> verification(m, "phoneNumber").put("isVerified", false),
                        "PHONE_NUMBER_VERIFICATION_MUST_BE_TRUE"),
                bad("phone verification without reference",
                        m -> verification(m, "phoneNumber").remove("verificationReferenceId"),
                        "PHONE_NUMBER_VERIFICATION_REFERENCE_ID_IS_REQUIRED"),
                bad("unknown locale", m -> m.put("userLocale", "fr_FR"), "USER_LOCALE_IS_INVALID"),
                bad("locale as a number", m -> m.put("userLocale", 5), "USER_LOCALE_IS_INVALID"),
                bad("locale as an object", m -> m.put("userLocale", new JsonObject()), "USER_LOCALE_IS_INVALID"),
                bad("date of birth as a number", m -> user(m).put("dateOfBirth", 7031980), "DATE_OF_BIRTH_IS_INVALID"),
                bad("no consent", m -> m.put("consentData", new JsonArray()), "CONSENT_DATA_CAN_NOT_BE_EMPTY"),
                bad("consent refused", m -> consent(m).put("consentGiven", false), "CONSENT_NOT_GIVEN"),
                bad("consent without timestamp", m -> consent(m).remove("timeStamp"),
                        "CONSENT_TIMESTAMP_CAN_NOT_BE_EMPTY"),
                bad("consent timestamp as text", m -> consent(m).put("timeStamp", "yesterday"),
                        "CONSENT_TIMESTAMP_IS_INVALID"),
                bad("consent from the future", m -> consent(m).put("timeStamp",
                        Instant.now().plusSeconds(86_400).toEpochMilli()), "CONSENT_TIMESTAMP_IS_INVALID"),
                bad("consent without entity", m -> consent(m).remove("entity"), "CONSENT_ENTITY_CAN_NOT_BE_EMPTY"),
                bad("consent without type", m -> consent(m).remove("consentType"), "CONSENT_TYPE_CAN_NOT_BE_EMPTY"),
                bad("consent without details", m -> consent(m).remove("details"), "CONSENT_DETAILS_CAN_NOT_BE_EMPTY"),
                bad("consent text of an unknown locale", m -> consentDetails(m).put("en_US",
                        consentDetails(m).getJsonObject("en_ID").copy()), "CONSENT_DETAILS_IS_INVALID"),
                bad("consent text without a URL", m -> consentText(m, "en_ID").remove("url"),
                        "CONSENT_DETAILS_IS_INVALID"),
                bad("consent text with a relative URL", m -> consentText(m, "id_ID").put("url", "/terms"),
                        "CONSENT_DETAILS_IS_INVALID"),
                bad("consent text with an ftp URL", m -> consentText(m, "id_ID").put("url", "ftp://digi.com/t"),
                        "CONSENT_DETAILS_IS_INVALID"),
                bad("blank consent text", m -> consentText(m, "en_ID").put("text", " "),
                        "CONSENT_DETAILS_IS_INVALID"),
                bad("consent text as a string", m -> consentDetails(m).put("id_ID", "terms and conditions"),
                        "CONSENT_DETAILS_IS_INVALID"),
                bad("no user details", m -> m.remove("userDetails"), "USER_DETAILS_CAN_NOT_BE_EMPTY"));
    }

    private static Arguments bad(String what, Consumer<JsonObject> breakMetadata, String cause) {
        return Arguments.of(what, breakMetadata, cause);
    }

    private static JsonObject user(JsonObject metadata) {
        return metadata.getJsonObject("userDetails");
    }

    private static JsonObject verification(JsonObject metadata, String contact) {
        return user(metadata).getJsonObject("dataVerification").getJsonObject(contact);
    }

    private static JsonObject consent(JsonObject metadata) {
        return metadata.getJsonArray("consentData").getJsonObject(0);
    }

    private static JsonObject consentDetails(JsonObject metadata) {
        return consent(metadata).getJsonObject("details");
    }

    private static JsonObject consentText(JsonObject metadata, String locale) {
        return consentDetails(metadata).getJsonObject(locale);
    }

    @ParameterizedTest(name = "{0} is refused with {2}")
    @MethodSource("malformedMetadata")
    void malformedMetadataIsRefusedWithAClearCause(String what, Consumer<JsonObject> breakMetadata, String cause) {
        String submissionId = prepared("user-bad", true).getString("submissionId");
        JsonObject body = Platform.confirmBody(submissionId);
        breakMetadata.accept(body.getJsonObject("metadata"));

        Reply reply = platform.confirm(token, "user-bad", Platform.session(), body);

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.firstError().getValue("code")).isEqualTo("1539");
        assertThat(causes(reply)).contains(cause);
    }

    static Stream<Arguments> acceptedVariants() {
        return Stream.of(
                bad("phone with a plus", m -> user(m).put("phoneNumber", "+6281234567890"), null),
                bad("consent timestamp in seconds", m -> consent(m).put("timeStamp", 1725603017L), null),
                bad("consent timestamp in milliseconds", m -> consent(m).put("timeStamp", 1725603017345L), null),
                bad("email only", m -> user(m).remove("phoneNumber"), null),
                bad("phone only", m -> user(m).remove("email"), null),
                bad("no locale", m -> m.remove("userLocale"), null),
                bad("consent text in one locale only", m -> consentDetails(m).remove("id_ID"), null),
                bad("consent URL with an upper-case scheme",
                        m -> consentText(m, "en_ID").put("url", "HTTPS://www.digi.com/terms"), null),
                bad("a refused consent next to a given one", m -> m.getJsonArray("consentData")
                        .add(consent(m).copy().put("consentGiven", false).put("consentType", "marketing")), null));
    }

    @ParameterizedTest(name = "{0} is accepted")
    @MethodSource("acceptedVariants")
    void everyPublishedFormIsAccepted(String what, Consumer<JsonObject> vary, String unused) {
        String submissionId = prepared("user-ok", true).getString("submissionId");
        JsonObject body = Platform.confirmBody(submissionId);
        vary.accept(body.getJsonObject("metadata"));

        Reply reply = platform.confirm(token, "user-ok", Platform.session(), body);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    @Test
    void aBadConsentTextIsListedOnceWithTheOtherFailures() {
        String submissionId = prepared("user-texts", true).getString("submissionId");
        JsonObject body = Platform.confirmBody(submissionId);
        JsonObject metadata = body.getJsonObject("metadata");
        consentText(metadata, "en_ID").remove("url");
        consentText(metadata, "id_ID").put("text", "");
        consent(metadata).remove("entity");

        Reply reply = platform.confirm(token, "user-texts", Platform.session(), body);

        assertThat(causes(reply)).containsExactly("CONSENT_ENTITY_CAN_NOT_BE_EMPTY", "CONSENT_DETAILS_IS_INVALID");
    }

    @Test
    void everyMetadataFailureIsListedAtOnce() {
        String submissionId = prepared("user-many", true).getString("submissionId");
        JsonObject body = Platform.confirmBody(submissionId);
        user(body.getJsonObject("metadata")).put("nik", "123").put("dateOfBirth", "7-3-1980");

        Reply reply = platform.confirm(token, "user-many", Platform.session(), body);

        assertThat(causes(reply)).containsExactly("NIK_MUST_BE_A_16_DIGIT_NUMBER", "DATE_OF_BIRTH_IS_INVALID");
    }
}
