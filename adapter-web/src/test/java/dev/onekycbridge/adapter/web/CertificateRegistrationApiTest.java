package dev.onekycbridge.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.submission.FlowType;
import dev.onekycbridge.core.submission.SubmissionStatus;
import dev.onekycbridge.core.testing.TestData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CertificateRegistrationApiTest extends VertxTest {
    private static final String PATH = "/v1/certificate-registrations";

    private TestBridge bridge;

    @BeforeEach
    void start() {
        bridge = TestBridge.start(vertx, config -> config.withImageSizeLimit(64 * 1024));
    }

    @AfterEach
    void stop() {
        bridge.close();
    }

    @Test
    void aValidRegistrationWithAJpegKtpAndAPngSelfieIsAcceptedWith202AndItsLocation() {
        HttpResponseData response = bridge.postMultipart(PATH, Requests.registration());

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.contentType()).startsWith("application/json");
        JsonObject body = response.json();
        String id = body.getString("id");
        assertThat(response.header("Location")).isEqualTo("/v1/submissions/" + id);
        assertThat(body.getString("type")).isEqualTo("CERT_REG");
        assertThat(body.getString("status")).isEqualTo("CREATED");
        assertThat(body.getString("partnerUserId")).isEqualTo(TestData.PARTNER_USER_ID);
        assertThat(body.getString("partnerUserIdType")).isEqualTo(TestData.PARTNER_USER_ID_TYPE);
        assertThat(body.getJsonArray("history")).hasSize(1);
        assertThat(body.containsKey("ktpData")).isFalse();
        assertThat(body.containsKey("launch")).isFalse();

        var stored = bridge.submission(id);
        assertThat(stored.flow()).isEqualTo(FlowType.CERT_REG);
        assertThat(stored.status()).isEqualTo(SubmissionStatus.CREATED);
        assertThat(bridge.staged.count()).isEqualTo(2);
    }

    /** Media types and their parameter names are case-insensitive; a boundary's value is not. */
    @Test
    void aMultipartTypeWrittenInCapitalsIsAccepted() {
        Multipart form = Requests.registration();
        String boundary = form.contentType().substring(form.contentType().indexOf('=') + 1);

        HttpResponseData response = bridge.send("POST", PATH, form.body(), "Content-Type",
                "Multipart/Form-Data; Boundary=" + boundary);

        assertThat(response.status()).as(response.body()).isEqualTo(202);
        assertThat(bridge.staged.count()).isEqualTo(2);
    }

    @Test
    void theAnswerNeverRepeatsTheApplicantsPersonalData() {
        HttpResponseData response = bridge.postMultipart(PATH, Requests.registration());

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.body()).doesNotContain(TestData.NIK, TestData.NAME, TestData.EMAIL, TestData.PHONE,
                TestData.DATE_OF_BIRTH);
    }

    @Test
    void aNikSentAsAJsonNumberAndAnIsoConsentTimestampAreAccepted() {
        JsonObject details = Requests.registrationDetails();
        details.getJsonObject("userDetails").put("nik", Long.parseLong(TestData.NIK));
        details.getJsonArray("consentData").getJsonObject(0).put("timeStamp", TestData.CONSENT_AT.toString());

        HttpResponseData response = bridge.postMultipart(PATH, Requests.registration(details));

        assertThat(response.status()).isEqualTo(202);
    }

    @Test
    void detailsSentAsAFilePartAreReadLikeATextPart() {
        Multipart form = new Multipart()
                .file("details", "details.json", "application/json",
                        Requests.registrationDetails().encode().getBytes(StandardCharsets.UTF_8))
                .file("ktp", "ktp.jpg", "image/jpeg", Requests.KTP_JPEG)
                .file("selfie", "selfie.png", "image/png", Requests.SELFIE_PNG);

        HttpResponseData response = bridge.postMultipart(PATH, form);

        assertThat(response.status()).isEqualTo(202);
    }

    /** Some editors write a byte-order mark first: it is no part of the JSON, whichever kind of part holds it. */
    @Test
    void detailsStartingWithAByteOrderMarkAreReadWithoutIt() {
        byte[] marked = ("\uFEFF" + Requests.registrationDetails("user-bom-file").encode())
                .getBytes(StandardCharsets.UTF_8);
        Multipart file = new Multipart()
                .file("details", "details.json", "application/json", marked)
                .file("ktp", "ktp.jpg", "image/jpeg", Requests.KTP_JPEG)
                .file("selfie", "selfie.png", "image/png", Requests.SELFIE_PNG);
        Multipart text = new Multipart()
                .text("details", "\uFEFF" + Requests.registrationDetails("user-bom-text").encode())
                .file("ktp", "ktp.jpg", "image/jpeg", Requests.KTP_JPEG)
                .file("selfie", "selfie.png", "image/png", Requests.SELFIE_PNG);

        assertThat(bridge.postMultipart(PATH, file).status()).isEqualTo(202);
        assertThat(bridge.postMultipart(PATH, text).status()).isEqualTo(202);
    }

    @Test
    void everyInvalidFieldIsListedAtOnceWith422() {
        JsonObject details = Requests.registrationDetails();
        details.getJsonObject("userDetails")
                .put("nik", "12345")
                .put("email", "not-an-email")
                .put("dateOfBirth", "1990-05-15");
        details.put("userLocale", "fr_FR");
        details.getJsonArray("consentData").getJsonObject(0)
                .put("consentGiven", false)
                .getJsonObject("additionalDetails").put("userIp", "999.1.1.1");

        HttpResponseData response = bridge.postMultipart(PATH, Requests.registration(details));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonObject problem = response.json();
        assertThat(problem.getInteger("status")).isEqualTo(422);
        assertThat(problem.getString("type")).isEqualTo("urn:onekyc-bridge:problem:validation-failed");
        assertThat(fields(problem)).contains("userDetails.nik", "userDetails.email", "userDetails.dateOfBirth",
                "userLocale", "consentData[0].consentGiven", "consentData[0].additionalDetails.userIp");
        assertThat(response.body()).doesNotContain("12345", "not-an-email", "999.1.1.1");
        assertThat(bridge.store.all()).isEmpty();
    }

    @Test
    void aTextFileAsTheKtpIsAFieldError() {
        Multipart form = new Multipart()
                .text("details", Requests.registrationDetails().encode())
                .file("ktp", "ktp.jpg", "image/jpeg", "this is not an image at all, just some text".repeat(40)
                        .getBytes(StandardCharsets.UTF_8))
                .file("selfie", "selfie.png", "image/png", Requests.SELFIE_PNG);

        HttpResponseData response = bridge.postMultipart(PATH, form);

        assertThat(response.status()).isEqualTo(422);
        assertThat(errors(response.json())).contains(new JsonObject().put("field", "ktp")
                .put("message", "must be a JPEG or PNG image"));
    }

    @Test
    void anImageLargerThanTheLimitIsRefusedWith413NamingThePart() {
        Multipart form = new Multipart()
                .text("details", Requests.registrationDetails().encode())
                .file("ktp", "ktp.jpg", "image/jpeg", Requests.KTP_JPEG)
                .file("selfie", "selfie.png", "image/png", TestData.png(64 * 1024 + 1));

        HttpResponseData response = bridge.postMultipart(PATH, form);

        assertThat(response.status()).isEqualTo(413);
        assertThat(fields(response.json())).containsExactly("selfie");
        assertThat(bridge.store.all()).isEmpty();
    }

    @Test
    void aBodyLargerThanTheRequestLimitIsRefusedWith413() {
        try (TestBridge small = TestBridge.start(vertx, config -> config.withRequestBodyLimit(2048))) {
            HttpResponseData response = small.postMultipart(PATH, Requests.registration());

            assertThat(response.status()).isEqualTo(413);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
    }

    /** The details are held in memory whole: their limit is far below the request's. */
    @Test
    void detailsLargerThanTheirLimitAreRefusedWith413() {
        JsonObject details = Requests.registrationDetails()
                .put("padding", "x".repeat((int) WebConfig.MAX_FORM_TEXT_BYTES));
        Multipart form = new Multipart()
                .text("details", details.encode())
                .file("ktp", "ktp.jpg", "image/jpeg", Requests.KTP_JPEG)
                .file("selfie", "selfie.png", "image/png", Requests.SELFIE_PNG);

        HttpResponseData response = bridge.postMultipart(PATH, form);

        assertThat(response.status()).isEqualTo(413);
        assertThat(errors(response.json())).containsExactly(new JsonObject().put("field", "body")
                .put("message", "may hold text parts (the details) of at most 262144 bytes"));
        assertThat(bridge.store.all()).isEmpty();
    }

    /** Sent as a file part they go to disk first, but are read whole: the same limit holds. */
    @Test
    void detailsSentAsAFilePartLargerThanTheirLimitAreRefusedWith413() {
        JsonObject details = Requests.registrationDetails()
                .put("padding", "x".repeat((int) WebConfig.MAX_FORM_TEXT_BYTES));
        Multipart form = new Multipart()
                .file("details", "details.json", "application/json", details.encode().getBytes(StandardCharsets.UTF_8))
                .file("ktp", "ktp.jpg", "image/jpeg", Requests.KTP_JPEG)
                .file("selfie", "selfie.png", "image/png", Requests.SELFIE_PNG);

        HttpResponseData response = bridge.postMultipart(PATH, form);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().getString("detail")).isEqualTo("the details are too large");
        assertThat(errors(response.json())).containsExactly(new JsonObject().put("field", "details")
                .put("message", "must be at most 262144 bytes"));
        assertThat(bridge.store.all()).isEmpty();
        assertThat(bridge.useCaseThreads).isEmpty();
    }

    @Test
    void missingPartsAreAllListedWith400() {
        Multipart form = new Multipart().file("ktp", "ktp.jpg", "image/jpeg", Requests.KTP_JPEG);

        HttpResponseData response = bridge.postMultipart(PATH, form);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().getString("type")).isEqualTo("urn:onekyc-bridge:problem:malformed-request");
        assertThat(fields(response.json())).containsExactlyInAnyOrder("details", "selfie");
    }

    @Test
    void aPartSentTwiceIsA400WhicheverFormEachCopyTakes() {
        Multipart twoTexts = Requests.registration()
                .text("details", Requests.registrationDetails("someone-else").encode());
        Multipart textAndFile = Requests.registration()
                .file("details", "details.json", "application/json",
                        Requests.registrationDetails("someone-else").encode().getBytes(StandardCharsets.UTF_8));
        Multipart selfieAsFileAndText = Requests.registration().text("selfie", "{}");

        for (Multipart form : List.of(twoTexts, textAndFile, selfieAsFileAndText)) {
            HttpResponseData response = bridge.postMultipart(PATH, form);

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().getJsonArray("errors").getJsonObject(0).getString("message"))
                    .isEqualTo("must be sent once");
        }
        assertThat(fields(bridge.postMultipart(PATH, twoTexts).json())).containsExactly("details");
        assertThat(fields(bridge.postMultipart(PATH, selfieAsFileAndText).json())).containsExactly("selfie");
        assertThat(bridge.store.all()).isEmpty();
    }

    @Test
    void detailsThatAreNotJsonAreA400FieldError() {
        Multipart form = new Multipart()
                .text("details", "{\"partnerUserId\": ")
                .file("ktp", "ktp.jpg", "image/jpeg", Requests.KTP_JPEG)
                .file("selfie", "selfie.png", "image/png", Requests.SELFIE_PNG);

        HttpResponseData response = bridge.postMultipart(PATH, form);

        assertThat(response.status()).isEqualTo(400);
        assertThat(fields(response.json())).containsExactly("details");
    }

    @Test
    void aKeyGivenTwiceInTheDetailsIsA400NamingItAndNothingIsStored() {
        String details = Requests.registrationDetails().encode()
                .replaceFirst("\"nik\":", "\"nik\":\"3171234567890001\",\"nik\":")
                .replaceFirst("\"userLocale\":", "\"userLocale\":\"en_ID\",\"userLocale\":");
        assertThat(details).contains("\"nik\":\"3171234567890001\",\"nik\":");
        Multipart form = new Multipart()
                .text("details", details)
                .file("ktp", "ktp.jpg", "image/jpeg", Requests.KTP_JPEG)
                .file("selfie", "selfie.png", "image/png", Requests.SELFIE_PNG);

        HttpResponseData response = bridge.postMultipart(PATH, form);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().getString("type")).isEqualTo("urn:onekyc-bridge:problem:malformed-request");
        assertThat(fields(response.json())).containsExactly("userDetails.nik", "userLocale");
        assertThat(response.json().getJsonArray("errors").getJsonObject(0).getString("message"))
                .isEqualTo("is given more than once");
        assertThat(response.body()).doesNotContain("3171234567890001", TestData.NIK);
        assertThat(bridge.store.all()).isEmpty();
    }

    /** A repeated key in the details is answered with their other problems, and with a missing part's. */
    @Test
    void aKeyGivenTwiceInTheDetailsIsAnsweredWithTheRequestsOtherProblems() {
        JsonObject withOthers = Requests.registrationDetails();
        withOthers.getJsonObject("userDetails").put("phone", "6281234567890");
        withOthers.put("userLocale", 7);
        String details = withOthers.encode().replaceFirst("\"partnerUserId\":",
                "\"partnerUserId\":\"someone-else\",\"partnerUserId\":");
        Multipart form = new Multipart()
                .text("details", details)
                .file("ktp", "ktp.jpg", "image/jpeg", Requests.KTP_JPEG);

        HttpResponseData response = bridge.postMultipart(PATH, form);

        assertThat(response.status()).isEqualTo(400);
        assertThat(fields(response.json())).containsExactlyInAnyOrder("partnerUserId", "selfie",
                "userDetails.phone", "userLocale");
        assertThat(bridge.store.all()).isEmpty();
    }

    /** The consent's time is taken under either spelling; under both, which was meant cannot be told. */
    @Test
    void aConsentTimeGivenUnderBothSpellingsIsA400AndNothingIsStored() {
        JsonObject details = Requests.registrationDetails();
        details.getJsonArray("consentData").getJsonObject(0).put("timestamp", "2001-02-03T04:05:06Z");

        HttpResponseData response = bridge.postMultipart(PATH, Requests.registration(details));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().getString("type")).isEqualTo("urn:onekyc-bridge:problem:malformed-request");
        assertThat(fields(response.json())).containsExactly("consentData[0].timeStamp");
        assertThat(response.json().getJsonArray("errors").getJsonObject(0).getString("message"))
                .isEqualTo("is given twice, as timeStamp and as timestamp");
        assertThat(response.body()).doesNotContain("2001");
        assertThat(bridge.store.all()).isEmpty();
    }

    /**
     * A consent text's key that is not shaped like a locale may be personal data (an e-mail address, a name): it is
     * refused as a value that breaks the rules, at the texts, and never repeated, whatever it holds.
     */
    @Test
    void aConsentKeyThatIsNotALocaleIsA422AtTheTextsWithoutRepeatingIt() {
        for (String key : List.of("siti.lestari@example.co.id", "Siti.Lestari", "Siti Lestari")) {
            for (Object text : List.of(new JsonObject().put("url", "https://partner.example/terms").put("text", "Ok"),
                    5)) {
                JsonObject details = Requests.registrationDetails();
                details.getJsonArray("consentData").getJsonObject(0).getJsonObject("details").put(key, text);

                HttpResponseData response = bridge.postMultipart(PATH, Requests.registration(details));

                assertThat(response.status()).as(key + " " + text).isEqualTo(422);
                assertThat(response.json().getJsonArray("errors").getJsonObject(0)).as(key + " " + text)
                        .isEqualTo(new JsonObject().put("field", "consentData[0].details")
                                .put("message", "holds a key that is not a locale: use en_ID or id_ID"));
                assertThat(fields(response.json())).as(key + " " + text).hasSize(1);
                assertThat(response.body()).as(key + " " + text).doesNotContainIgnoringCase("lestari");
            }
        }
        assertThat(bridge.store.all()).isEmpty();
    }

    /** The confirm would fail on every attempt, after the uploads, until the submission expired. */
    @Test
    void additionalDataThePlatformCannotBeSentIsRefusedBeforeAnythingIsStored() {
        String deep = "{\"a\":".repeat(300) + "1" + "}".repeat(300);
        for (String additionalData : List.of("{\"score\":1e400}", "{\"scores\":[-1e999]}", deep,
                "{\"half\":\"\\ud800\"}")) {
            String details = Requests.registrationDetails().put("additionalData", new JsonObject()).encode()
                    .replace("\"additionalData\":{}", "\"additionalData\":" + additionalData);
            Multipart form = new Multipart()
                    .text("details", details)
                    .file("ktp", "ktp.jpg", "image/jpeg", Requests.KTP_JPEG)
                    .file("selfie", "selfie.png", "image/png", Requests.SELFIE_PNG);

            HttpResponseData response = bridge.postMultipart(PATH, form);

            assertThat(response.status()).as(response.body()).isEqualTo(422);
            assertThat(fields(response.json())).containsExactly("additionalData");
        }
        assertThat(bridge.store.all()).isEmpty();
    }

    /** A client's key is repeated in a field only when it cannot be personal data: free-form keys may be. */
    @Test
    void keysThatMayBePersonalDataAreNotRepeatedInTheErrors() {
        String nik = "3273056308870042";
        String nameKey = "Widyastuti Kusumawardani " + nik;
        JsonObject details = Requests.registrationDetails();
        details.getJsonArray("consentData").getJsonObject(0).getJsonObject("details")
                .put(nik, new JsonObject().put("url", 5).put("text", "Ok"));
        JsonObject repeating = details.copy();
        repeating.remove("additionalData");
        String text = repeating.encode().replaceFirst("\\{", "{\"additionalData\":{\"" + nameKey + "\":1,\""
                + nameKey + "\":2},\"userLocale\":\"en_ID\",");
        Multipart form = new Multipart()
                .text("details", text)
                .file("ktp", "ktp.jpg", "image/jpeg", Requests.KTP_JPEG)
                .file("selfie", "selfie.png", "image/png", Requests.SELFIE_PNG);

        HttpResponseData response = bridge.postMultipart(PATH, form);

        assertThat(response.status()).isEqualTo(400);
        assertThat(fields(response.json())).containsExactlyInAnyOrder("additionalData", "userLocale");
        assertThat(response.json().getJsonArray("errors").getJsonObject(0).getString("message"))
                .isEqualTo("names a key more than once");
        assertThat(response.body()).doesNotContain(nik, "Widyastuti");

        form = new Multipart()
                .text("details", details.encode())
                .file("ktp", "ktp.jpg", "image/jpeg", Requests.KTP_JPEG)
                .file("selfie", "selfie.png", "image/png", Requests.SELFIE_PNG);
        response = bridge.postMultipart(PATH, form);

        assertThat(response.status()).isEqualTo(422);
        assertThat(fields(response.json())).containsExactly("consentData[0].details");
        assertThat(response.body()).doesNotContain(nik);
        assertThat(bridge.store.all()).isEmpty();
    }

    @Test
    void valuesOfTheWrongJsonTypeAreAllListedWith400() {
        JsonObject details = Requests.registrationDetails()
                .put("userDetails", "a string")
                .put("consentData", new JsonObject());

        HttpResponseData response = bridge.postMultipart(PATH, Requests.registration(details));

        assertThat(response.status()).isEqualTo(400);
        assertThat(fields(response.json())).containsExactlyInAnyOrder("userDetails", "consentData");
    }

    @Test
    void aJsonBodyInsteadOfMultipartIsRefusedWith415() {
        HttpResponseData response = bridge.postJson(PATH, Requests.registrationDetails().encode());

        assertThat(response.status()).isEqualTo(415);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aRepeatWithTheSameIdempotencyKeyGetsTheSameSubmissionAndStatus() {
        HttpResponseData first = bridge.postMultipart(PATH, Requests.registration(), "Idempotency-Key", "key-1");
        HttpResponseData second = bridge.postMultipart(PATH, Requests.registration(), "Idempotency-Key", "key-1");

        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(202);
        assertThat(second.json().getString("id")).isEqualTo(first.json().getString("id"));
        assertThat(second.header("Location")).isEqualTo(first.header("Location"));
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(bridge.store.all()).hasSize(1);
    }

    @Test
    void theSameIdempotencyKeyWithADifferentRequestIsAConflict() {
        HttpResponseData first = bridge.postMultipart(PATH, Requests.registration(), "Idempotency-Key", "key-2");
        JsonObject other = Requests.registrationDetails();
        other.getJsonObject("userDetails").put("email", "another@example.co.id");

        HttpResponseData second = bridge.postMultipart(PATH, Requests.registration(other), "Idempotency-Key", "key-2");

        assertThat(second.status()).isEqualTo(409);
        JsonObject problem = second.json();
        assertThat(problem.getString("reason")).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(problem.getString("existingSubmissionId")).isEqualTo(first.json().getString("id"));
    }

    @Test
    void anIdempotencyKeyWithSpacesIsRefusedWith400() {
        HttpResponseData response = bridge.postMultipart(PATH, Requests.registration(), "Idempotency-Key", "a b");

        assertThat(response.status()).isEqualTo(400);
        assertThat(fields(response.json())).containsExactly("Idempotency-Key");
    }

    @Test
    void aSecondRegistrationWhileTheFirstIsActiveIsAConflictNamingTheFirst() {
        HttpResponseData first = bridge.postMultipart(PATH, Requests.registration());

        HttpResponseData second = bridge.postMultipart(PATH, Requests.registration());

        assertThat(second.status()).isEqualTo(409);
        JsonObject problem = second.json();
        assertThat(problem.getString("reason")).isEqualTo("ACTIVE_SUBMISSION_EXISTS");
        assertThat(problem.getString("existingSubmissionId")).isEqualTo(first.json().getString("id"));
        assertThat(problem.getString("detail")).contains(first.json().getString("id"));
    }

    @Test
    void uploadedFilesAreDeletedOnceTheAnswerIsSent() throws Exception {
        bridge.postMultipart(PATH, Requests.registration());

        long deadline = System.currentTimeMillis() + 5000;
        long left;
        do {
            try (var files = java.nio.file.Files.list(bridge.uploadsDirectory())) {
                left = files.filter(p -> !p.getFileName().toString().equals(UploadsLock.FILE_NAME)).count();
            }
            if (left > 0) {
                Thread.sleep(20);
            }
        } while (left > 0 && System.currentTimeMillis() < deadline);
        assertThat(left).isZero();
    }

    static List<String> fields(JsonObject problem) {
        return errors(problem).stream().map(error -> error.getString("field")).toList();
    }

    static List<JsonObject> errors(JsonObject problem) {
        JsonArray errors = problem.getJsonArray("errors");
        return errors.stream().map(JsonObject.class::cast).toList();
    }
}
