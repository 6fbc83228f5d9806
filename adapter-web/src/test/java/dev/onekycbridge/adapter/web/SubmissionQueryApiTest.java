package dev.onekycbridge.adapter.web;

import static dev.onekycbridge.adapter.web.CertificateRegistrationApiTest.fields;
import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.testing.TestData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SubmissionQueryApiTest extends BridgeTest {

    @Test
    void aSubmissionIsReadBackAsItWasAnswered() {
        HttpResponseData created = bridge.postMultipart("/v1/certificate-registrations", Requests.registration());
        String id = created.json().getString("id");

        HttpResponseData response = bridge.get("/v1/submissions/" + id);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json()).isEqualTo(created.json());
    }

    @Test
    void anUnknownSubmissionIsAnswered404() {
        HttpResponseData response = bridge.get("/v1/submissions/" + UUID.randomUUID());

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().getString("type")).isEqualTo("urn:onekyc-bridge:problem:not-found");
    }

    @Test
    void anIdThatIsNotAUuidIsAnswered400() {
        HttpResponseData response = bridge.get("/v1/submissions/not-a-uuid");

        assertThat(response.status()).isEqualTo(400);
        assertThat(fields(response.json())).containsExactly("id");
    }

    @Test
    void anIdInAShortenedFormIsNotAUuid() {
        for (String id : List.of("1-2-3-4-5", "0-0-0-0-0", "8c0c2f3e-1f7a-4c52-9d67-1f0e6a3c9b1",
                "+8c0c2f3e-1f7a-4c52-9d67-1f0e6a3c9b1")) {
            HttpResponseData response = bridge.get("/v1/submissions/" + id);

            assertThat(response.status()).as(id).isEqualTo(400);
            assertThat(fields(response.json())).containsExactly("id");
        }
    }

    /**
     * Vert.x matches a route with a trailing slash too: a client that built {@code "/v1/submissions/" + id} from an
     * empty id would otherwise be answered every user's submissions.
     */
    @Test
    void anEmptyIdIsAnswered400NotWithEverySubmission() {
        scan("user-a");

        for (String path : List.of("/v1/submissions/", "/v1/submissions//", "/v1/submissions/.",
                "/v1/submissions/?include=ktpData")) {
            HttpResponseData response = bridge.get(path);

            assertThat(response.status()).as(path).isEqualTo(400);
            assertThat(fields(response.json())).as(path).containsExactly("id");
            assertThat(response.body()).as(path).doesNotContain("user-a");
        }
        assertThat(bridge.send("HEAD", "/v1/submissions/", null).status()).isEqualTo(400);
        assertThat(fields(bridge.get("/v1/submissions/?limit=5").json())).containsExactlyInAnyOrder("id", "limit");
        assertThat(ids(bridge.get("/v1/submissions").json())).hasSize(1);
    }

    @Test
    void anIdInCapitalsStillFindsItsSubmission() {
        String id = bridge.postMultipart("/v1/ktp-scans", Requests.ktpScan("user-caps")).json().getString("id");

        HttpResponseData response = bridge.get("/v1/submissions/" + id.toUpperCase(java.util.Locale.ROOT));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().getString("id")).isEqualTo(id);
    }

    @Test
    void theResultOfACompletedScanIsShownAndItsKtpDataOnlyWhenAskedFor() {
        String id = bridge.postMultipart("/v1/ktp-scans", Requests.ktpScan("user-ktp")).json().getString("id");
        var confirmed = bridge.driveToConfirmed(id);
        JsonObject message = JsonMessageDecoder.message(confirmed.platformSubmissionId().orElseThrow(),
                "COMPLETED", "VALID")
                .put("ktpData", new JsonObject().put("nik", TestData.NIK).put("name", TestData.NAME)
                        .put("city", "JAKARTA SELATAN"));
        bridge.send("POST", "/callbacks/coe", message.encode().getBytes(), "Content-Type", "application/json");
        bridge.callbacks.processDueCallbacks(10);

        JsonObject plain = bridge.get("/v1/submissions/" + id).json();
        HttpResponseData withKtpResponse = bridge.get("/v1/submissions/" + id + "?include=ktpData");
        JsonObject withKtp = withKtpResponse.json();

        assertThat(plain.getString("status")).isEqualTo("COMPLETED");
        assertThat(plain.getString("result")).isEqualTo("VALID");
        assertThat(plain.getString("submissionId")).isEqualTo(confirmed.platformSubmissionId().orElseThrow());
        assertThat(plain.containsKey("ktpData")).isFalse();
        assertThat(plain.encode()).doesNotContain(TestData.NIK, TestData.NAME);
        assertThat(plain.getJsonArray("history").stream().map(JsonObject.class::cast)
                .map(line -> line.getString("source"))).contains("API", "DRIVER", "CALLBACK");
        assertThat(withKtp.getJsonObject("ktpData").getString("nik")).isEqualTo(TestData.NIK);
        assertThat(withKtp.getJsonObject("ktpData").getString("city")).isEqualTo("JAKARTA SELATAN");
        assertThat(withKtpResponse.header("Cache-Control")).as("personal data").isEqualTo("no-store");
        assertThat(bridge.get("/v1/submissions?include=ktpData").header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void aRejectionShowsTheTextsThePlatformSuggestsForTheUser() {
        String id = bridge.postMultipart("/v1/ktp-scans", Requests.ktpScan("user-rejected")).json().getString("id");
        var confirmed = bridge.driveToConfirmed(id);
        JsonObject texts = new JsonObject()
                .put("en_ID", new JsonObject().put("title", "Verification rejected")
                        .put("message", "ID submitted is not eKTP"))
                .put("id_ID", new JsonObject().put("title", "Verifikasi ditolak")
                        .put("message", "KTP yang dikirim bukan eKTP"));
        JsonObject message = JsonMessageDecoder.message(confirmed.platformSubmissionId().orElseThrow(),
                "COMPLETED", "REJECTED").put("reasonCode", "NOT_EKTP").put("rejectionReasonTranslations", texts);
        bridge.send("POST", "/callbacks/coe", message.encode().getBytes(), "Content-Type", "application/json");
        bridge.callbacks.processDueCallbacks(10);
        String accepted = scan("user-accepted");

        JsonObject rejected = bridge.get("/v1/submissions/" + id).json();

        assertThat(rejected.getString("result")).isEqualTo("REJECTED");
        assertThat(rejected.getString("reasonCode")).isEqualTo("NOT_EKTP");
        assertThat(rejected.getJsonObject("rejectionReasonTranslations")).isEqualTo(texts);
        JsonObject other = bridge.get("/v1/submissions/" + accepted).json();
        assertThat(other.containsKey("rejectionReasonTranslations")).isTrue();
        assertThat(other.getValue("rejectionReasonTranslations")).isNull();
    }

    @Test
    void anUnknownIncludeIsAnswered400() {
        HttpResponseData response = bridge.get("/v1/submissions/" + UUID.randomUUID() + "?include=selfie");

        assertThat(response.status()).isEqualTo(400);
        assertThat(fields(response.json())).containsExactly("include");
    }

    @Test
    void submissionsAreListedNewestFirstAPageAtATime() {
        String first = scan("user-a");
        String second = scan("user-b");
        String third = scan("user-c");

        JsonObject page1 = bridge.get("/v1/submissions?limit=2").json();
        JsonObject page2 = bridge.get("/v1/submissions?limit=2&cursor=" + page1.getString("nextCursor")).json();

        assertThat(ids(page1)).containsExactly(third, second);
        assertThat(page1.getString("nextCursor")).isNotNull();
        assertThat(ids(page2)).containsExactly(first);
        assertThat(page2.containsKey("nextCursor")).isTrue();
        assertThat(page2.getValue("nextCursor")).isNull();
    }

    @Test
    void theListIsFilteredByPartnerUserStatusAndType() {
        String scanOfB = scan("user-b");
        scan("user-c");
        String registration = bridge.postMultipart("/v1/certificate-registrations", Requests.registration())
                .json().getString("id");

        assertThat(ids(bridge.get("/v1/submissions?partnerUserId=user-b").json())).containsExactly(scanOfB);
        assertThat(ids(bridge.get("/v1/submissions?type=CERT_REG").json())).containsExactly(registration);
        assertThat(ids(bridge.get("/v1/submissions?type=KTP_SCAN&status=CREATED").json())).hasSize(2);
        assertThat(ids(bridge.get("/v1/submissions?status=COMPLETED").json())).isEmpty();
    }

    @Test
    void theDefaultPageHoldsTwentySubmissions() {
        for (int i = 0; i < 21; i++) {
            scan("many-" + i);
        }

        JsonObject page = bridge.get("/v1/submissions").json();

        assertThat(page.getJsonArray("items")).hasSize(20);
        assertThat(page.getString("nextCursor")).isNotNull();
    }

    @Test
    void invalidQueryParametersAreAllListedWith400() {
        HttpResponseData response = bridge.get("/v1/submissions?limit=101&status=DONE&type=PASSPORT");

        assertThat(response.status()).isEqualTo(400);
        assertThat(fields(response.json())).containsExactlyInAnyOrder("limit", "status", "type");
        assertThat(bridge.get("/v1/submissions?limit=0").status()).isEqualTo(400);
        assertThat(bridge.get("/v1/submissions?limit=ten").status()).isEqualTo(400);
    }

    @Test
    void aMisspeltFilterIsA400NotAnUnfilteredList() {
        scan("user-a");
        scan("user-b");

        HttpResponseData flow = bridge.get("/v1/submissions?flow=CERT_REG");
        HttpResponseData user = bridge.get("/v1/submissions?userId=user-a&limit=5");
        HttpResponseData odd = bridge.get("/v1/submissions?%3Cscript%3E=1");
        HttpResponseData one = bridge.get("/v1/submissions/" + UUID.randomUUID() + "?includes=ktpData");

        assertThat(flow.status()).isEqualTo(400);
        assertThat(fields(flow.json())).containsExactly("flow");
        assertThat(flow.json().getJsonArray("errors").getJsonObject(0).getString("message"))
                .isEqualTo("is not a parameter of this endpoint, which takes partnerUserId, status, type, limit, "
                        + "cursor, include");
        assertThat(fields(user.json())).containsExactly("userId");
        assertThat(fields(odd.json())).containsExactly("query");
        assertThat(odd.body()).doesNotContain("script");
        assertThat(one.status()).isEqualTo(400);
        assertThat(fields(one.json())).containsExactly("includes");
        assertThat(ids(bridge.get("/v1/submissions?PartnerUserId=user-a").json())).hasSize(1);
    }

    /** A filter built from an empty variable would otherwise list every user's submissions. */
    @Test
    void aParameterGivenEmptyOrAnIncludeGivenTwiceIsA400NotAnUnfilteredList() {
        scan("user-a");
        scan("user-b");

        for (String query : List.of("partnerUserId=", "partnerUserId=%20", "status=", "type=", "limit=", "cursor=",
                "include=")) {
            HttpResponseData response = bridge.get("/v1/submissions?" + query);

            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.json().getJsonArray("errors").getJsonObject(0).getString("message")).as(query)
                    .isEqualTo("must not be empty: leave the parameter out instead");
        }
        HttpResponseData twice = bridge.get("/v1/submissions?include=ktpData&include=ktpData");
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.json().getJsonArray("errors").getJsonObject(0).getString("message"))
                .isEqualTo("must be given at most once");
        assertThat(bridge.get("/v1/submissions/" + UUID.randomUUID() + "?include=").status()).isEqualTo(400);
    }

    @Test
    void aCursorThatDidNotComeFromAPageIsAnswered400() {
        HttpResponseData response = bridge.get("/v1/submissions?cursor=garbage");

        assertThat(response.status()).isEqualTo(400);
        assertThat(fields(response.json())).containsExactly("cursor");
    }

    private String scan(String user) {
        bridge.clock.advance(Duration.ofSeconds(1));
        return bridge.postMultipart("/v1/ktp-scans", Requests.ktpScan(user)).json().getString("id");
    }

    private static List<String> ids(JsonObject page) {
        JsonArray items = page.getJsonArray("items");
        return items.stream().map(JsonObject.class::cast).map(item -> item.getString("id")).toList();
    }
}
