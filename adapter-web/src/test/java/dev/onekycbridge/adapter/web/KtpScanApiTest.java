package dev.onekycbridge.adapter.web;

import static dev.onekycbridge.adapter.web.CertificateRegistrationApiTest.fields;
import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.port.out.PlatformError;
import dev.onekycbridge.core.port.out.PlatformRejectedException;
import dev.onekycbridge.core.submission.FlowType;
import dev.onekycbridge.core.testing.FakeOneKycPlatform;
import dev.onekycbridge.core.testing.TestData;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KtpScanApiTest extends BridgeTest {
    private static final String PATH = "/v1/ktp-scans";

    @Test
    void aKtpScanIsAcceptedWith202() {
        HttpResponseData response = bridge.postMultipart(PATH, Requests.ktpScan("user-1"));

        assertThat(response.status()).isEqualTo(202);
        JsonObject body = response.json();
        assertThat(body.getString("type")).isEqualTo("KTP_SCAN");
        assertThat(body.getString("status")).isEqualTo("CREATED");
        assertThat(response.header("Location")).isEqualTo("/v1/submissions/" + body.getString("id"));
        assertThat(bridge.submission(body.getString("id")).flow()).isEqualTo(FlowType.KTP_SCAN);
    }

    @Test
    void aPngKtpIsAcceptedToo() {
        Multipart form = new Multipart()
                .text("details", new JsonObject().put("partnerUserId", "user-2")
                        .put("partnerUserIdType", TestData.PARTNER_USER_ID_TYPE).encode())
                .file("ktp", "ktp.png", "image/png", TestData.png(8192));

        assertThat(bridge.postMultipart(PATH, form).status()).isEqualTo(202);
    }

    @Test
    void aMissingKtpIsAnswered400() {
        Multipart form = new Multipart().text("details", new JsonObject().put("partnerUserId", "user-3")
                .put("partnerUserIdType", TestData.PARTNER_USER_ID_TYPE).encode());

        HttpResponseData response = bridge.postMultipart(PATH, form);

        assertThat(response.status()).isEqualTo(400);
        assertThat(fields(response.json())).containsExactly("ktp");
    }

    @Test
    void aPartTheScanDoesNotTakeIsNamedIn400() {
        Multipart withSelfie = Requests.ktpScan("user-parts")
                .file("selfie", "selfie.png", "image/png", Requests.SELFIE_PNG);
        Multipart miscased = new Multipart().text("details", new JsonObject().put("partnerUserId", "user-parts")
                .put("partnerUserIdType", TestData.PARTNER_USER_ID_TYPE).encode())
                .file("KTP", "ktp.jpg", "image/jpeg", Requests.KTP_JPEG);
        Multipart oddName = Requests.ktpScan("user-parts").text("x y\u00e9".repeat(30), "1");

        HttpResponseData selfie = bridge.postMultipart(PATH, withSelfie);
        HttpResponseData capitals = bridge.postMultipart(PATH, miscased);
        HttpResponseData odd = bridge.postMultipart(PATH, oddName);

        assertThat(selfie.status()).isEqualTo(400);
        assertThat(selfie.json().getJsonArray("errors").getJsonObject(0).getString("message"))
                .isEqualTo("is not a part of this request, which takes details, ktp");
        assertThat(fields(selfie.json())).containsExactly("selfie");
        assertThat(fields(capitals.json())).containsExactlyInAnyOrder("ktp", "KTP");
        assertThat(fields(odd.json())).containsExactly("parts");
        assertThat(odd.body()).doesNotContain("x y");
        assertThat(bridge.store.all()).isEmpty();
    }

    @Test
    void aMultipartTypeWithoutBoundaryIsA400NamingTheHeaderNotEveryPart() {
        byte[] body = Requests.ktpScan("user-no-boundary").body();

        HttpResponseData response = bridge.send("POST", PATH, body, "Content-Type", "multipart/form-data");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(fields(response.json())).containsExactly("Content-Type");
        assertThat(bridge.store.all()).isEmpty();
    }

    /**
     * multipart/form-data defines no charset parameter (RFC 7578): each part carries its own type. One that names
     * a charset, unknown or quoted, is taken as if it named none.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"; charset=bogus", "; charset=\"utf-8\"", "; Charset=ISO-8859-1"})
    void aCharsetParameterOfTheMultipartTypeIsIgnored(String charset) {
        Multipart form = Requests.ktpScan("user-charset");

        HttpResponseData response = bridge.send("POST", PATH, form.body(), "Content-Type",
                form.contentType() + charset);

        assertThat(response.status()).isEqualTo(202);
        assertThat(bridge.submission(response.json().getString("id")).partnerUser().userId()).isEqualTo("user-charset");
    }

    @Test
    void aPartWithoutContentDispositionIsA400NamingTheBody() {
        String body = "--b\r\nContent-Type: application/json\r\n\r\n{}\r\n--b--\r\n";

        HttpResponseData response = bridge.send("POST", PATH, body.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "Content-Type", "multipart/form-data; boundary=b");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().getString("detail")).isEqualTo("the body cannot be read");
        assertThat(fields(response.json())).containsExactly("body");
    }

    @Test
    void aMissingPartnerUserIsAnswered422() {
        Multipart form = new Multipart().text("details", "{}")
                .file("ktp", "ktp.jpg", "image/jpeg", Requests.KTP_JPEG);

        HttpResponseData response = bridge.postMultipart(PATH, form);

        assertThat(response.status()).isEqualTo(422);
        assertThat(fields(response.json())).contains("partnerUserId", "partnerUserIdType");
    }

    @Test
    void aSecondScanWhileTheFirstIsActiveIsAConflict() {
        String first = bridge.postMultipart(PATH, Requests.ktpScan("user-4")).json().getString("id");

        HttpResponseData second = bridge.postMultipart(PATH, Requests.ktpScan("user-4"));

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().getString("existingSubmissionId")).isEqualTo(first);
    }

    @Test
    void aRepeatOfAScanThePlatformRefusedIsStill202WithTheFailedSubmission() {
        bridge.platform.failNext(FakeOneKycPlatform.Call.REQUEST_UPLOAD_URLS, () -> new PlatformRejectedException(400,
                List.of(new PlatformError("1400", "INVALID_PARTNER_USER", null))));
        Multipart request = Requests.ktpScan("user-ktp-refused");
        HttpResponseData first = bridge.postMultipart("/v1/ktp-scans", request, "Idempotency-Key", "ktp-refused");
        bridge.driver.advanceDueSubmissions(10);

        HttpResponseData second = bridge.postMultipart("/v1/ktp-scans", request, "Idempotency-Key", "ktp-refused");

        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(202);
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        JsonObject body = second.json();
        assertThat(body.getString("id")).isEqualTo(first.json().getString("id"));
        assertThat(body.getString("status")).isEqualTo("FAILED");
        assertThat(body.getJsonObject("failure").getString("cause")).isEqualTo("INVALID_PARTNER_USER");
    }
}
