package dev.onekycbridge.app.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.testing.TestData;
import dev.onekycbridge.sandbox.Faults;
import dev.onekycbridge.sandbox.model.KtpData;
import dev.onekycbridge.sandbox.model.SampleIdentities;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The flows whose logs and stored data are scanned, run through the partner API and the callback receivers of
 * a real service against the sandbox. First with nothing going wrong: a valid registration, a rejected one, a
 * registration refused by validation, a KTP scan, identity verifications for the web and for the SDK, a malformed
 * callback and a callback for a submission nobody knows, both carrying personal data. Then the paths where
 * things go wrong, whose log lines say the most: a registration held before upload while the platform answers
 * every request with 503 (its images staged, scanned there and then), finished after a restart; a round against
 * a platform that fails, resets and loses answers and drops, duplicates and reorders callbacks; tokens expired
 * by the platform (a 401 and a fresh token); a registration finished by polling; a rejected identity
 * verification with its texts for the user; requests with a wrong API key and callbacks with a wrong secret;
 * and a callback the database refuses to store. Every personal value they use, every card a KTP scan or an
 * identity verification brought back, and every token and secret they involve, end up in {@link #scanner()}.
 */
final class PrivacyFlows {
    static final String NIK = TestData.NIK;
    static final String NAME = TestData.NAME;
    static final String DATE_OF_BIRTH = TestData.DATE_OF_BIRTH;
    static final String EMAIL = TestData.EMAIL;
    static final String PHONE = TestData.PHONE;
    /** A registration with these is refused by validation: they are personal data all the same. */
    static final String INVALID_EMAIL = "siti.lestari@@example.co.id";
    static final String MISMATCHED_DATE_OF_BIRTH = "16-05-1990";
    /**
     * The faulty round: 20% of platform requests (object store included) answered 503, 5% reset, 5% taking
     * effect with their answer lost, up to 200 ms of latency; 30% of callbacks dropped, 30% sent twice, and
     * PARTIALLY_COMPLETED sent after COMPLETED. Seeded, as the fault soak is.
     */
    static final Faults FAULTS = Faults.none().withErrorRate(0.2, 503).withResetRate(0.05).withLostAnswerRate(0.05)
            .withLatencyMillisMax(200).withObjectStore(true).withCallbackDropRate(0.3).withCallbackDuplicateRate(0.3)
            .withCallbackReorder(true).withSeed(20_240_611L);

    /** Personal data as a callback may carry it. */
    private static final String PERSONAL_JSON = "{\"nik\":\"" + NIK + "\",\"name\":\"" + NAME
            + "\",\"dateOfBirth\":\"" + DATE_OF_BIRTH + "\",\"email\":\"" + EMAIL + "\",\"phoneNumber\":\"+" + PHONE
            + "\"}";

    final byte[] ktp = image(TestData.jpeg(24_000));
    final byte[] selfie = image(TestData.png(16_000));
    /**
     * Every card a KTP scan or an identity verification brought back, by NIK. The sandbox picks one of its sample
     * cards by user id, and the flows' user ids are random: each flow's card is here, whichever it was.
     */
    final Map<String, Card> cards = new LinkedHashMap<>();
    final List<String> launchTokens = new ArrayList<>();
    /** Presented with personal data to the partner API and the callback receivers, and refused. */
    final String wrongApiKey = "api-wrong-" + UUID.randomUUID();
    final String wrongCallbackSecret = "cb-wrong-" + UUID.randomUUID();
    private final PrivacyHarness bridge;

    private PrivacyFlows(PrivacyHarness bridge) {
        this.bridge = bridge;
    }

    /** An image with 512 random bytes at 1,000, so that its content is unlike anything else in the test. */
    private static byte[] image(byte[] template) {
        byte[] random = new byte[512];
        new SecureRandom().nextBytes(random);
        System.arraycopy(random, 0, template, 1000, random.length);
        return template;
    }

    /** Runs every flow; {@code whileHeld} runs while a registration waits before upload with its images staged. */
    static PrivacyFlows run(PrivacyHarness bridge, Consumer<PrivacyHarness> whileHeld) {
        PrivacyFlows flows = new PrivacyFlows(bridge);
        flows.runWithoutFaults();
        flows.holdARegistrationBeforeUpload(whileHeld);
        flows.runAgainstAFaultyPlatform();
        flows.runRefusalsAndRecoveries();
        return flows;
    }

    private static String user(String scenario) {
        String id = "priv-" + UUID.randomUUID().toString().substring(0, 8);
        return scenario == null ? id : id + "__" + scenario;
    }

    private JsonObject details(String userId, String phone, String email, String dateOfBirth) {
        return new JsonObject()
                .put("partnerUserId", userId).put("partnerUserIdType", TestData.PARTNER_USER_ID_TYPE)
                .put("userDetails", new JsonObject().put("name", NAME).put("nik", NIK)
                        .put("dateOfBirth", dateOfBirth).put("email", email).put("phoneNumber", phone)
                        .put("dataVerification", new JsonObject()
                                .put("email", new JsonObject().put("isVerified", true)
                                        .put("verificationReferenceId", "ev-1"))
                                .put("phoneNumber", new JsonObject().put("isVerified", true)
                                        .put("verificationReferenceId", "pv-1"))))
                .put("userLocale", "en_ID")
                .put("consentData", new JsonArray().add(new JsonObject().put("entity", "Digi")
                        .put("consentType", "termsAndConditions").put("consentGiven", true)
                        .put("details", new JsonObject().put("en_ID", new JsonObject()
                                .put("url", "https://partner.example/terms").put("text", "I agree")))
                        .put("timeStamp", Instant.now().minusSeconds(30).toEpochMilli())
                        .put("additionalDetails", new JsonObject().put("userAgent", "privacy-test")
                                .put("userIp", "203.0.113.9"))));
    }

    private String register(JsonObject details) {
        HttpResponse<String> response = bridge.postMultipart("/v1/certificate-registrations", details.encode(),
                Map.of("ktp", ktp, "selfie", selfie));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return new JsonObject(response.body()).getString("id");
    }

    /** The partner user id of the valid registration: not personal, stored as it is, so a scan must find it. */
    String plaintextProbe;

    private void runWithoutFaults() {
        // A valid registration, with the phone in its 62… form.
        plaintextProbe = user(null);
        String valid = register(details(plaintextProbe, PHONE, EMAIL, DATE_OF_BIRTH));
        // A rejected one, with the phone in its +62… form.
        String rejected = register(details(user("DUKCAPIL_REJECTED"), "+" + PHONE, EMAIL, DATE_OF_BIRTH));

        // A registration refused by validation: a mistyped e-mail address and a birth date the NIK does not encode.
        HttpResponse<String> refused = bridge.postMultipart("/v1/certificate-registrations",
                details(user(null), "0" + PHONE.substring(2), INVALID_EMAIL, MISMATCHED_DATE_OF_BIRTH).encode(),
                Map.of("ktp", ktp, "selfie", selfie));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);

        String ktpScan = ktpScan();

        // Identity verifications: for the web (its result brings KTP data) and for the mobile SDK (a token).
        String web = identityVerification(user(null), "WEB_SDK", "0" + PHONE.substring(2));
        String sdk = identityVerification(user(null), "SDK", PHONE);

        // A malformed callback and a readable one about a submission nobody knows, both with personal data.
        HttpResponse<String> malformed = bridge.callback("/callbacks/siv",
                "{\"submissionId\":\"" + UUID.randomUUID() + "\",\"status\":\"COMPLETED\",\"submissionDetails\":"
                        + "{\"ktpData\":" + PERSONAL_JSON);
        assertThat(malformed.statusCode()).isEqualTo(400);
        HttpResponse<String> unreadable = bridge.callback("/callbacks/esign",
                "{\"userDetails\":" + PERSONAL_JSON + "}");
        assertThat(unreadable.statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = bridge.callback("/callbacks/siv", "{\"submissionId\":\"" + UUID.randomUUID()
                + "\",\"status\":\"COMPLETED\",\"result\":\"VALID\",\"submissionDetails\":{\"ktpData\":"
                + PERSONAL_JSON + "}}");
        assertThat(unknown.statusCode()).isEqualTo(200);

        assertThat(bridge.awaitFinal(valid).getString("result")).isEqualTo("VALID");
        assertThat(bridge.awaitFinal(rejected).getString("result")).isEqualTo("INVALID");
        assertThat(bridge.awaitFinal(ktpScan).getString("status")).isEqualTo("COMPLETED");
        assertThat(bridge.awaitFinal(web).getString("status")).isEqualTo("COMPLETED");
        assertThat(bridge.awaitFinal(sdk).getString("status")).isEqualTo("COMPLETED");
        for (String withCard : List.of(ktpScan, web, sdk)) {
            readCard(withCard);
        }
        PrivacyHarness.sleep(1500); // the parked callback is retried at least once
    }

    /**
     * While the platform answers every request with 503, a registration's request for upload URLs fails and is
     * retried with backoff, its images staged meanwhile: {@code whileHeld} scans then. Once the platform has
     * recovered and the registration has moved on, the service is restarted; the registration must then finish.
     */
    private void holdARegistrationBeforeUpload(Consumer<PrivacyHarness> whileHeld) {
        bridge.sandbox.control().updateConfig(c -> c.withFaults(Faults.none().withErrorRate(1.0, 503)));
        bridge.sandbox.control().clearRequests();
        String held = register(details(user(null), PHONE, EMAIL, DATE_OF_BIRTH));
        // Only this registration asks for upload URLs: a fourth request means that a step, three attempts, failed.
        awaitRequests("GET /esign-partner/v1/submissions/urls", 4);

        whileHeld.accept(bridge);

        assertThat(bridge.submission(held, false).getString("status")).as("held before upload while scanned")
                .isEqualTo("CREATED");
        bridge.sandbox.control().updateConfig(c -> c.withFaults(Faults.none()));
        bridge.await(held, s -> !"CREATED".equals(s.getString("status")), Duration.ofSeconds(20));
        bridge.stopService();
        bridge.startService();
        JsonObject done = bridge.awaitFinal(held);
        assertThat(done.getString("result")).isEqualTo("VALID");
    }

    private void awaitRequests(String kind, long count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (bridge.sandbox.control().requestCounts().getOrDefault(kind, 0L) < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + count + " requests " + kind + ": "
                        + bridge.sandbox.control().requestCounts());
            }
            PrivacyHarness.sleep(50);
        }
    }

    /**
     * Registrations (one without callbacks) and a KTP scan through {@link #FAULTS}: each must still end in its
     * scenario's state, with at least one callback dropped and one sent twice.
     */
    private void runAgainstAFaultyPlatform() {
        bridge.sandbox.control().updateConfig(c -> c.withFaults(FAULTS));
        String valid = register(details(user(null), PHONE, EMAIL, DATE_OF_BIRTH));
        String rejected = register(details(user("DUKCAPIL_REJECTED_NAME"), "+" + PHONE, EMAIL, DATE_OF_BIRTH));
        String silent = register(details(user("NO_CALLBACK"), "0" + PHONE.substring(2), EMAIL, DATE_OF_BIRTH));
        String scan = ktpScan();

        List<JsonObject> done = List.of(bridge.awaitFinal(valid), bridge.awaitFinal(rejected),
                bridge.awaitFinal(silent), bridge.awaitFinal(scan));
        bridge.sandbox.control().updateConfig(c -> c.withFaults(Faults.none()));
        readCard(scan);

        assertThat(done).extracting(s -> s.getString("status")).containsOnly("COMPLETED");
        assertThat(done).extracting(s -> s.getString("result")).containsExactly("VALID", "INVALID", "VALID", "VALID");
        assertThat(lastTransition(done.get(2)).getString("source")).as("finished by polling").isEqualTo("POLL");
        // The seed drops the round's third callback and sends its second twice.
        List<JsonObject> callbacks = done.stream()
                .flatMap(s -> bridge.sandboxCallbacks(s.getString("submissionId")).stream()).toList();
        assertThat(callbacks).as("callbacks dropped").anyMatch(c -> "DROPPED".equals(c.getString("state")));
        assertThat(callbacks).as("callbacks sent twice").anyMatch(c -> "DUPLICATE".equals(c.getString("trigger")));
    }

    private static JsonObject lastTransition(JsonObject submission) {
        JsonArray history = submission.getJsonArray("history");
        return history.getJsonObject(history.size() - 1);
    }

    /**
     * Tokens the platform expired (the launch of an identity verification that is then rejected is refused with
     * 401 and replayed with a fresh token), a wrong API key, a wrong callback secret, and a callback the database
     * refuses to store.
     */
    private void runRefusalsAndRecoveries() {
        assertThat(bridge.sandbox.control().expireTokens()).as("tokens expired").isPositive();
        String rejected = identityVerification(user("NOT_EKTP"), "WEB_SDK", "+" + PHONE);

        // Personal data with a wrong API key, and callbacks with a wrong secret: each refused at the door.
        HttpResponse<String> wrongKey = bridge.send(bridge.partner("/v1/identity-verifications", wrongApiKey)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        details(user(null), PHONE, EMAIL, DATE_OF_BIRTH).encode())));
        assertThat(wrongKey.statusCode()).isEqualTo(401);
        HttpResponse<String> wrongKeyRead = bridge.send(bridge.partner("/v1/submissions/" + rejected, wrongApiKey)
                .GET());
        assertThat(wrongKeyRead.statusCode()).isEqualTo(401);
        String callback = "{\"submissionId\":\"" + UUID.randomUUID() + "\",\"status\":\"COMPLETED\",\"result\":"
                + "\"VALID\",\"submissionDetails\":{\"ktpData\":" + PERSONAL_JSON + "}}";
        assertThat(bridge.callback("/callbacks/siv", callback, "Bearer " + wrongCallbackSecret).statusCode())
                .isEqualTo(401);
        assertThat(bridge.callback("/callbacks/esign", callback, wrongCallbackSecret).statusCode()).isEqualTo(401);

        bridge.refuseCallbackWrites(true);
        try {
            assertThat(bridge.callback("/callbacks/siv", callback).statusCode()).as("not stored").isEqualTo(503);
        } finally {
            bridge.refuseCallbackWrites(false);
        }

        JsonObject refused = bridge.awaitFinal(rejected);
        assertThat(refused.getString("reasonCode")).isEqualTo("NOT_EKTP");
        assertThat(refused.getJsonObject("rejectionReasonTranslations")).as("texts for the user").isNotNull();
        readCard(rejected);
    }

    /** Starts a KTP scan of {@link #ktp} for a new user; its card is the one the sandbox picks for that user. */
    private String ktpScan() {
        String userId = user(null);
        HttpResponse<String> scan = bridge.postMultipart("/v1/ktp-scans", new JsonObject()
                .put("partnerUserId", userId).put("partnerUserIdType", "CLIENT_X_USER_ID").encode(),
                Map.of("ktp", ktp));
        assertThat(scan.statusCode()).as(scan.body()).isEqualTo(202);
        sentCard(userId);
        return new JsonObject(scan.body()).getString("id");
    }

    /**
     * The card the platform sends for this user, whatever the service does with it: a defect that lost the card
     * before storing it, yet logged it, would leave nothing to read back.
     */
    private void sentCard(String userId) {
        KtpData card = SampleIdentities.forUser(userId);
        cards.putIfAbsent(card.nik(), new Card(card.nik(), card.name(), card.dateOfBirth(), card.address()));
    }

    /**
     * The card of a concluded submission as the service reads it back. A KTP scan's card comes from the details,
     * read after the callback that completed it, so it is waited for.
     */
    private void readCard(String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonObject card = bridge.submission(id, true).getJsonObject("ktpData");
        while (card == null && System.nanoTime() < deadline) {
            PrivacyHarness.sleep(100);
            card = bridge.submission(id, true).getJsonObject("ktpData");
        }
        assertThat(card).as("the card of submission %s, read back", id).isNotNull();
        cards.putIfAbsent(card.getString("nik"), new Card(card.getString("nik"), card.getString("name"),
                card.getString("dateOfBirth"), card.getString("address")));
    }

    /** What of a card is looked for: each identifies its holder. */
    record Card(String nik, String name, String dateOfBirth, String address) {
    }

    private String identityVerification(String userId, String source, String phone) {
        JsonObject body = new JsonObject()
                .put("partnerUserId", userId).put("partnerUserIdType", "CLIENT_X_USER_ID")
                .put("phoneNumber", phone).put("email", EMAIL)
                .put("dataVerification", new JsonObject()
                        .put("phoneNumber", new JsonObject().put("isVerified", true)
                                .put("verificationReferenceId", "otp-1"))
                        .put("email", new JsonObject().put("isVerified", true)
                                .put("verificationReferenceId", "ev-2")))
                .put("source", source);
        if (source.equals("WEB_SDK")) {
            body.put("successRedirectionUrl", "https://partner.example/ok")
                    .put("failureRedirectionUrl", "https://partner.example/fail");
        }
        HttpResponse<String> response = bridge.postJson("/v1/identity-verifications", body.encode());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        sentCard(userId);
        JsonObject started = new JsonObject(response.body());
        JsonObject launch = started.getJsonObject("launch");
        if (launch.getString("sdkToken") != null) {
            launchTokens.add(launch.getString("sdkToken"));
        }
        if (launch.getString("launchUrl") != null) {
            URI url = URI.create(launch.getString("launchUrl"));
            String query = url.getRawQuery() != null ? url.getRawQuery()
                    : url.getRawFragment() != null && url.getRawFragment().contains("?")
                    ? url.getRawFragment().substring(url.getRawFragment().indexOf('?') + 1) : "";
            for (String pair : query.split("&")) {
                if (pair.startsWith("token=")) {
                    launchTokens.add(URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8));
                }
            }
            launchTokens.add(launch.getString("launchUrl"));
        }
        assertThat(launchTokens).as("the launch of %s names a token", source).isNotEmpty();
        return started.getString("id");
    }

    /** Every personal value, token and secret of the run, in every form it is looked for. */
    PersonalDataScanner scanner() {
        PersonalDataScanner scanner = new PersonalDataScanner()
                .nik("the NIK", NIK)
                .words("the name", NAME)
                .date("the date of birth", DATE_OF_BIRTH)
                .words("the e-mail address", EMAIL)
                .phone("the phone number", PHONE)
                .words("the mistyped e-mail address", INVALID_EMAIL)
                .date("the mismatched date of birth", MISMATCHED_DATE_OF_BIRTH)
                .image("the KTP image", ktp, 1000, 1200, 1400)
                .image("the selfie", selfie, 1000, 1200, 1400)
                .exact("the pass-key", bridge.passKey())
                .exact("the API key", bridge.apiKey)
                .exact("the callback authorization", bridge.callbackAuth.substring("Bearer ".length()))
                .exact("the data key", bridge.dataKey)
                .exact("the wrong API key", wrongApiKey)
                .exact("the wrong callback secret", wrongCallbackSecret);
        int token = 0;
        for (String value : bridge.tokensSent) {
            scanner.exact("platform token " + ++token, value);
        }
        for (String value : launchTokens) {
            scanner.exact("launch token or URL " + ++token, value);
        }
        int signature = 0;
        for (String value : bridge.signaturesSent) {
            scanner.exact("presigned URL signature " + ++signature, value);
        }
        int scanned = 0;
        for (Card card : cards.values()) {
            String of = " of card " + ++scanned;
            scanner.nik("the scanned NIK" + of, card.nik())
                    .words("the scanned name" + of, card.name())
                    .date("the scanned date of birth" + of, card.dateOfBirth())
                    .words("the scanned address" + of, card.address());
        }
        assertThat(bridge.tokensSent).as("tokens the client sent").isNotEmpty();
        assertThat(bridge.signaturesSent).as("signatures of the URLs the client uploaded to").isNotEmpty();
        return scanner;
    }
}
