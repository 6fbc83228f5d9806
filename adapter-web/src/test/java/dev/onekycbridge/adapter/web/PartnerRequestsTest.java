package dev.onekycbridge.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.port.in.StartCertificateRegistration;
import dev.onekycbridge.core.testing.TestData;
import dev.onekycbridge.core.validation.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PartnerRequestsTest {
    private static final DocumentSource IMAGE = DocumentSource.ofBytes(TestData.jpeg(2048));

    @Test
    void theDetailsBecomeTheCoresCommandWithThePlatformsFieldNames() {
        StartCertificateRegistration command = PartnerRequests.certificateRegistration(
                Requests.registrationDetails(), IMAGE, IMAGE, "key-1");

        assertThat(command.partnerUserId()).isEqualTo(TestData.PARTNER_USER_ID);
        assertThat(command.userDetails().nik()).isEqualTo(TestData.NIK);
        assertThat(command.userDetails().dataVerification().phoneNumber().isVerified()).isTrue();
        assertThat(command.userLocale()).isEqualTo("en_ID");
        assertThat(command.consentData()).singleElement().satisfies(consent -> {
            assertThat(consent.timestamp()).isEqualTo(Long.toString(TestData.CONSENT_AT.toEpochMilli()));
            assertThat(consent.userIp()).isEqualTo("203.0.113.7");
            assertThat(consent.deviceDetails().os()).isEqualTo("Android");
            assertThat(consent.details().get("en_ID").url()).isEqualTo("https://partner.example/terms/en");
        });
        assertThat(command.additionalData()).isEqualTo(Map.of("channel", "app"));
        assertThat(command.idempotencyKey()).isEqualTo("key-1");
    }

    @Test
    void freeFormAdditionalDataBecomesPlainMapsAndListsWithoutNulls() {
        JsonObject details = Requests.registrationDetails().put("additionalData", new JsonObject()
                .put("nested", new JsonObject().put("a", 1).putNull("gone"))
                .put("list", new JsonArray().add("x").addNull().add(true))
                .putNull("dropped"));

        StartCertificateRegistration command = PartnerRequests.certificateRegistration(details, IMAGE, IMAGE, null);

        assertThat(command.additionalData()).isEqualTo(Map.of("nested", Map.of("a", 1),
                "list", List.of("x", true)));
    }

    @Test
    void everyShapeProblemIsReportedAtOnce() {
        JsonObject details = Requests.registrationDetails()
                .put("partnerUserId", new JsonArray())
                .put("userLocale", 5);
        details.getJsonObject("userDetails").put("dataVerification", "yes");
        details.getJsonArray("consentData").getJsonObject(0).put("consentGiven", "true")
                .put("details", new JsonObject().put("en_ID", "text"));

        assertThatThrownBy(() -> PartnerRequests.certificateRegistration(details, IMAGE, IMAGE, null))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().errors())
                        .extracting(error -> error.field())
                        .containsExactlyInAnyOrder("partnerUserId", "userDetails.dataVerification", "userLocale",
                                "consentData[0].consentGiven", "consentData[0].details.en_ID"));
    }

    /** A member nothing reads is a misspelling whose value would be lost: each is named, in every object, at once. */
    @Test
    void everyMemberNoObjectTakesIsReportedAtOnce() {
        JsonObject details = Requests.registrationDetails().put("locale", "id_ID");
        JsonObject user = details.getJsonObject("userDetails").put("phone", TestData.PHONE);
        user.getJsonObject("dataVerification").put("sms", true).getJsonObject("email").put("verified", true);
        JsonObject consent = details.getJsonArray("consentData").getJsonObject(0).put("consentText", "Ok");
        consent.getJsonObject("details").getJsonObject("en_ID").put("extra", "x");
        consent.getJsonObject("additionalDetails").put("userIP", "203.0.113.7").getJsonObject("deviceDetails")
                .putNull("imei");

        assertThatThrownBy(() -> PartnerRequests.certificateRegistration(details, IMAGE, IMAGE, null))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().errors())
                        .extracting(FieldError::field)
                        .containsExactlyInAnyOrder("locale", "userDetails.phone", "userDetails.dataVerification.sms",
                                "userDetails.dataVerification.email.verified", "consentData[0].consentText",
                                "consentData[0].details.en_ID.extra",
                                "consentData[0].additionalDetails.userIP",
                                "consentData[0].additionalDetails.deviceDetails.imei"));
        assertThatThrownBy(() -> PartnerRequests.certificateRegistration(details, IMAGE, IMAGE, null))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().errors())
                        .contains(new FieldError("userDetails.phone", "is not a member of this object, which takes "
                                + "name, nik, dateOfBirth, email, phoneNumber, dataVerification")));
    }

    /** A name that may be personal data (a NIK used as a key) is not repeated: the object that holds it is named. */
    @Test
    void aMemberNamedLikePersonalDataIsReportedAtItsObjectWithoutItsName() {
        JsonObject details = Requests.registrationDetails().put("Siti Lestari", true);
        details.getJsonObject("userDetails").put(TestData.NIK, "nik").put("siti@example.co.id", "email");

        assertThatThrownBy(() -> PartnerRequests.certificateRegistration(details, IMAGE, IMAGE, null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().errors()).extracting(FieldError::field)
                            .containsExactlyInAnyOrder("details", "userDetails");
                    assertThat(e.problem().errors()).extracting(FieldError::message)
                            .allSatisfy(message -> assertThat(message).startsWith("names a member other than ")
                                    .doesNotContain(TestData.NIK, "Siti", "siti"));
                });
    }

    /** Free-form data and the consent texts' locales are keyed by the client: any key is taken there. */
    @Test
    void additionalDataAndConsentTextsTakeAnyKey() {
        JsonObject details = Requests.registrationDetails()
                .put("additionalData", new JsonObject().put("channel", "app").put("loanId", new JsonObject()
                        .put("anything", 1)));

        assertThat(PartnerRequests.certificateRegistration(details, IMAGE, IMAGE, null).additionalData())
                .containsKeys("channel", "loanId");
    }

    @Test
    void aKtpScanAndAnIdentityVerificationTakeOnlyTheirOwnMembers() {
        JsonObject scan = new JsonObject().put("partnerUserId", "user-1")
                .put("partnerUserIdType", TestData.PARTNER_USER_ID_TYPE).put("userLocale", "en_ID");
        JsonObject identity = Requests.identityVerification("user-2").put("locale", "en_ID")
                .put("sucessRedirectionUrl", "https://partner.example/typo");

        assertThatThrownBy(() -> PartnerRequests.ktpScan(scan, IMAGE, null))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().errors())
                        .containsExactly(new FieldError("userLocale",
                                "is not a member of this object, which takes partnerUserId, partnerUserIdType")));
        assertThatThrownBy(() -> PartnerRequests.identityVerification(identity, null))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().errors())
                        .extracting(FieldError::field).containsExactlyInAnyOrder("locale", "sucessRedirectionUrl"));
    }

    /** Only the NIK and the consent timestamp may be numbers; a number anywhere else is not quietly made text. */
    @Test
    void aNumberIsTakenForTheNikAndTheTimestampAndRefusedForAnyOtherText() {
        JsonObject details = Requests.registrationDetails().put("partnerUserId", 5);
        details.getJsonObject("userDetails").put("nik", Long.parseLong(TestData.NIK)).put("name", 5);
        JsonObject consent = details.getJsonArray("consentData").getJsonObject(0).put("entity", 5)
                .put("timeStamp", 1_764_000_000_000L);

        assertThatThrownBy(() -> PartnerRequests.certificateRegistration(details, IMAGE, IMAGE, null))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().errors())
                        .containsExactlyInAnyOrder(new FieldError("partnerUserId", "must be a string"),
                                new FieldError("userDetails.name", "must be a string"),
                                new FieldError("consentData[0].entity", "must be a string")));

        details.put("partnerUserId", TestData.PARTNER_USER_ID);
        details.getJsonObject("userDetails").put("name", TestData.NAME);
        consent.put("entity", "Digi");
        assertThat(PartnerRequests.certificateRegistration(details, IMAGE, IMAGE, null).userDetails().nik())
                .isEqualTo(TestData.NIK);

        details.getJsonObject("userDetails").put("nik", true);
        assertThatThrownBy(() -> PartnerRequests.certificateRegistration(details, IMAGE, IMAGE, null))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().errors())
                        .containsExactly(new FieldError("userDetails.nik", "must be a string or a number")));
    }

    @ParameterizedTest(name = "{0} is reported as {1}")
    @CsvSource({
            "consentData[0].userIp, consentData[0].additionalDetails.userIp",
            "consentData[2].userAgent, consentData[2].additionalDetails.userAgent",
            "consentData[0].timestamp, consentData[0].timeStamp",
            "userDetails.nik, userDetails.nik",
            "consentData[0].details.en_ID.url, consentData[0].details.en_ID.url",
    })
    void theCoresFieldPathsAreReportedUnderTheJsonNames(String core, String wire) {
        assertThat(PartnerRequests.wireName(core)).isEqualTo(wire);
    }
}
