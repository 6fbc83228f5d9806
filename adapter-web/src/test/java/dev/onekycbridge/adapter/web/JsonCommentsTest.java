package dev.onekycbridge.adapter.web;

import static dev.onekycbridge.adapter.web.CertificateRegistrationApiTest.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.testing.FakeOneKycPlatform;
import dev.onekycbridge.core.validation.FieldError;
import dev.onekycbridge.core.validation.ValidationException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A comment is no part of JSON: the partner's JSON, wherever it comes (a JSON body, a {@code details} part, the
 * command line's details file), is refused with one when it holds one, as any other malformed JSON. A comment used
 * to switch the search for repeated keys off: Vert.x decoded the text with comments allowed, the search read it
 * without and took a text it could not read as free of repeats.
 */
class JsonCommentsTest extends BridgeTest {
    private static final String IDENTITY_VERIFICATIONS = "/v1/identity-verifications";

    @Test
    void aKeyGivenTwiceBesideACommentIsA400AndNothingIsStored() {
        String body = Requests.identityVerification("user-c1").encode()
                .replaceFirst("\"partnerUserId\":\"user-c1\",",
                        "\"partnerUserId\":\"user-c1\",\"partnerUserId\":\"user-c2\" /* the second one */,");

        HttpResponseData response = bridge.postJson(IDENTITY_VERIFICATIONS, body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().getString("type")).isEqualTo("urn:onekyc-bridge:problem:malformed-request");
        assertThat(fields(response.json())).containsExactly("body");
        assertThat(bridge.store.all()).isEmpty();
        assertThat(bridge.platform.calls(FakeOneKycPlatform.Call.INITIATE_VERIFICATION)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/* a block */", "// a line\n", "# a hash line\n"})
    void aRequestThatIsValidButForACommentIsA400LikeAnyMalformedJson(String comment) {
        String body = Requests.identityVerification("user-c3").encode().replaceFirst("\\{", "{" + comment);

        HttpResponseData response = bridge.postJson(IDENTITY_VERIFICATIONS, body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().getString("type")).isEqualTo("urn:onekyc-bridge:problem:malformed-request");
        assertThat(response.json().getJsonArray("errors").getJsonObject(0))
                .isEqualTo(new JsonObject().put("field", "body").put("message", "must be a JSON object"));
        assertThat(bridge.store.all()).isEmpty();
        assertThat(bridge.platform.calls(FakeOneKycPlatform.Call.INITIATE_VERIFICATION)).isZero();
    }

    @Test
    void aRegistrationsDetailsWithACommentAndAKeyGivenTwiceAreA400NamingTheDetails() {
        String details = Requests.registrationDetails().encode()
                .replaceFirst("\"partnerUserIdType\":", "\"partnerUserId\":\"someone-else\" /* x */,"
                        + "\"partnerUserIdType\":");
        Multipart form = new Multipart()
                .text("details", details)
                .file("ktp", "ktp.jpg", "image/jpeg", Requests.KTP_JPEG)
                .file("selfie", "selfie.png", "image/png", Requests.SELFIE_PNG);

        HttpResponseData response = bridge.postMultipart("/v1/certificate-registrations", form);

        assertThat(response.status()).isEqualTo(400);
        assertThat(fields(response.json())).containsExactly("details");
        assertThat(bridge.store.all()).isEmpty();
    }

    @Test
    void aKtpScansDetailsWithACommentAreA400NamingTheDetails() {
        Multipart form = new Multipart()
                .text("details", "{\"partnerUserId\":\"user-c4\", // mine\n\"partnerUserIdType\":\"CLIENT_X_USER_ID\"}")
                .file("ktp", "ktp.jpg", "image/jpeg", Requests.KTP_JPEG);

        HttpResponseData response = bridge.postMultipart("/v1/ktp-scans", form);

        assertThat(response.status()).isEqualTo(400);
        assertThat(fields(response.json())).containsExactly("details");
        assertThat(bridge.store.all()).isEmpty();
    }

    /** The command line's {@code register --details FILE} reads the file through the same parser. */
    @Test
    void detailsReadForTheCommandLineAreRefusedWithACommentToo() {
        String details = Requests.registrationDetails().encode()
                .replaceFirst("\"partnerUserIdType\":", "\"partnerUserId\":\"someone-else\" /* x */,"
                        + "\"partnerUserIdType\":");
        DocumentSource image = DocumentSource.ofBytes(Requests.KTP_JPEG);

        assertThatThrownBy(() -> CertificateRegistrationDetails.parse(details, image, image, null))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
                        .containsExactly(new FieldError("details", "must be a JSON object")));
    }
}
