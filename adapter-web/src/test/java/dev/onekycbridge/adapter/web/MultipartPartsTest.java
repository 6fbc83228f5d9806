package dev.onekycbridge.adapter.web;

import static dev.onekycbridge.adapter.web.CertificateRegistrationApiTest.fields;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * A multipart body has at most {@link WebConfig#MAX_FORM_PARTS} parts: one more than a registration takes, so that a
 * part an endpoint does not take is named; past that, the answer says how many parts are taken, not that the body
 * is malformed.
 */
class MultipartPartsTest extends BridgeTest {
    private static final JsonObject TOO_MANY = new JsonObject().put("field", "parts").put("message", "may be at most "
            + WebConfig.MAX_FORM_PARTS + " in a multipart body (a certificate registration takes details, ktp and "
            + "selfie; a KTP scan details and ktp)");

    @Test
    void aRegistrationWithTwoPartsMoreThanItTakesIsA400NamingHowManyPartsAreTaken() {
        Multipart form = Requests.registration().text("notes", "n").text("more", "m");

        HttpResponseData response = bridge.postMultipart("/v1/certificate-registrations", form);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().getString("type")).isEqualTo("urn:onekyc-bridge:problem:malformed-request");
        assertThat(response.json().getString("detail")).isEqualTo("the body has more parts than this endpoint takes");
        assertThat(response.json().getJsonArray("errors")).containsExactly(TOO_MANY);
        assertThat(bridge.store.all()).isEmpty();
    }

    /** More than Vert.x's own default of 256 parts, which it refused as a body without part headers. */
    @Test
    void aScanOfThreeHundredPartsIsA400NamingHowManyPartsAreTaken() {
        Multipart form = Requests.ktpScan("many-parts");
        for (int i = 0; i < 300; i++) {
            form.file("ktp" + i, "ktp.jpg", "image/jpeg", new byte[16]);
        }

        HttpResponseData response = bridge.postMultipart("/v1/ktp-scans", form);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().getJsonArray("errors")).containsExactly(TOO_MANY);
        assertThat(bridge.store.all()).isEmpty();
    }

    @Test
    void onePartMoreThanARegistrationTakesIsStillNamed() {
        Multipart form = Requests.registration().text("notes", "n");

        HttpResponseData response = bridge.postMultipart("/v1/certificate-registrations", form);

        assertThat(response.status()).isEqualTo(400);
        assertThat(fields(response.json())).containsExactly("notes");
    }

    @Test
    void twoPartsMoreThanAScanTakesAreStillNamed() {
        Multipart form = Requests.ktpScan("two-more").file("selfie", "selfie.png", "image/png", Requests.SELFIE_PNG)
                .text("notes", "n");

        HttpResponseData response = bridge.postMultipart("/v1/ktp-scans", form);

        assertThat(response.status()).isEqualTo(400);
        assertThat(fields(response.json())).containsExactlyInAnyOrder("selfie", "notes");
    }
}
