package dev.onekycbridge.adapter.web.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.testing.TestData;
import dev.onekycbridge.core.testing.fuzz.FuzzSettings;
import dev.onekycbridge.core.testing.fuzz.JsonMutator;
import dev.onekycbridge.core.testing.fuzz.PersonalDataCheck;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The partner API under mutated requests, over real HTTP to the real server and the real core services: every
 * answer is 2xx or one of 400, 409, 413, 415, 422 (never 5xx); a refused request leaves every submission (status
 * and version), staged image and inbox entry exactly as it was; an accepted one adds exactly one submission, with
 * its images, and changes nothing else; a repeat with its {@code Idempotency-Key} is answered as one and changes
 * nothing; no refusal repeats what looks like personal data from the request; at the end each server holds a
 * submission for each request accepted as new, and their images only; no uploaded part is left on disk. Some
 * requests carry a mutated, a new or a used key, or the user of an accepted one ({@link PartnerApiLane}).
 * {@code -Dfuzz.iterations} requests per endpoint (10,000 by default).
 */
class PartnerApiFuzzTest {
    private static final byte[] KTP = TestData.jpeg(4096);
    private static final byte[] SELFIE = TestData.png(4096);

    private static Vertx vertx;
    private FuzzBridge bridge;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void start() {
        bridge = FuzzBridge.start(vertx);
    }

    @AfterEach
    void stop() {
        bridge.close();
    }

    /** One request to send, and what it is made of. */
    record Request(String method, String path, String contentType, byte[] body, String variant,
                   boolean detailsAsFile) {
        Request(String method, String path, String contentType, byte[] body, String variant) {
            this(method, path, contentType, body, variant, false);
        }
    }

    @Test
    void everyMutatedCertificateRegistrationIsAnsweredWithoutA5xxAndARefusalChangesNothing() {
        fuzz("registration", PartnerRequestSeeds.REGISTRATIONS, 2, (number, details) -> {
            MultipartBody form = new MultipartBody(number);
            String variant = switch (number % 16) {
                case 0 -> {
                    form.file("details", "details.json", "application/json", details);
                    yield "details as a file part";
                }
                case 1 -> {
                    form.text("details", "text/plain; charset=ISO-8859-1", details);
                    yield "details in ISO-8859-1";
                }
                case 2 -> {
                    form.text("details", "application/json", details);
                    form.text("details", "application/json",
                            PartnerRequestSeeds.REGISTRATION.getBytes(StandardCharsets.UTF_8));
                    yield "details twice";
                }
                case 3 -> {
                    form.text("Details", null, details);
                    yield "details under another name";
                }
                default -> {
                    form.text("details", number % 2 == 0 ? "application/json; charset=UTF-8" : null, details);
                    yield "details as a text part";
                }
            };
            switch (number % 23) {
                case 0 -> form.file("selfie", "selfie.png", "image/png", SELFIE);
                case 1 -> {
                    form.file("ktp", "ktp.jpg", "image/jpeg", Arrays.copyOf(KTP, 12));
                    form.file("selfie", "selfie.png", "image/png", SELFIE);
                }
                case 2 -> {
                    form.file("ktp", "ktp.jpg", "image/jpeg", KTP);
                    form.file("selfie", "selfie.png", "image/png", details);
                }
                case 3 -> {
                    form.file("ktp", "../../../etc/passwd", "image/jpeg", KTP);
                    form.file("selfie", "selfie\u0000.png", "image/png", SELFIE);
                    form.file("extra", "x.bin", "application/octet-stream", details);
                }
                case 4 -> {
                    form.file("ktp", "ktp.jpg", "image/jpeg", KTP);
                    form.file("ktp", "ktp2.jpg", "image/jpeg", KTP);
                    form.file("selfie", "selfie.png", "image/png", SELFIE);
                }
                default -> {
                    form.file("ktp", "ktp.jpg", "image/jpeg", KTP);
                    form.file("selfie", "selfie.png", "image/png", SELFIE);
                }
            }
            return new Request("POST", "/v1/certificate-registrations", form.contentType(), form.bytes(), variant,
                    number % 16 == 0);
        });
    }

    @Test
    void everyMutatedKtpScanIsAnsweredWithoutA5xxAndARefusalChangesNothing() {
        fuzz("KTP scan", PartnerRequestSeeds.KTP_SCANS, 1, (number, details) -> {
            MultipartBody form = new MultipartBody(number);
            boolean asFile = number % 8 == 0;
            if (asFile) {
                form.file("details", "details.json", "application/json", details);
            } else {
                form.text("details", "application/json", details);
            }
            form.file("ktp", "ktp.jpg", number % 11 == 0 ? "image/png" : "image/jpeg",
                    number % 13 == 0 ? details : KTP);
            return new Request("POST", "/v1/ktp-scans", form.contentType(), form.bytes(),
                    asFile ? "details as a file part" : "details as a text part", asFile);
        });
    }

    @Test
    void everyMutatedIdentityVerificationIsAnsweredWithoutA5xxAndARefusalChangesNothing() {
        fuzz("identity verification", PartnerRequestSeeds.VERIFICATIONS, 0, (number, body) -> {
            String contentType = switch (number % 10) {
                case 0 -> "application/json; charset=ISO-8859-1";
                case 1 -> "application/vnd.partner+json";
                case 2 -> "text/plain";
                case 3 -> null;
                default -> "application/json";
            };
            return new Request("POST", "/v1/identity-verifications", contentType, body,
                    "Content-Type " + contentType);
        });
    }

    @Test
    void everyMutatedSubmissionQueryIsAnsweredWithoutA5xxAndChangesNothing() {
        FuzzBridge.Answer seeded = bridge.send("POST", "/v1/identity-verifications", "application/json",
                PartnerRequestSeeds.forUser(PartnerRequestSeeds.VERIFICATION_SDK.getBytes(StandardCharsets.UTF_8),
                        "query-user"));
        assertThat(seeded.status()).as(seeded.body()).isEqualTo(201);
        String id = new io.vertx.core.json.JsonObject(seeded.body()).getString("id");
        String[] parameters = {"limit", "cursor", "status", "type", "partnerUserId", "include"};
        JsonMutator mutator = new JsonMutator(FuzzSettings.seed() + 11, List.of(
                "[\"10\",\"COMPLETED\",\"CERT_REG\",\"query-user\",\"ktpData\",\"" + id + "\"]"));
        List<String> failures = new ArrayList<>();
        int answered = 0;
        int iterations = FuzzSettings.iterations();
        long started = System.nanoTime();
        for (int i = 0; i < iterations && failures.size() < 20; i++) {
            JsonMutator.Case input = mutator.next(i);
            String value = percentEncoded(input.bytes());
            String path = switch (i % 4) {
                case 0 -> "/v1/submissions/" + value;
                case 1 -> "/v1/submissions/" + id + "?include=" + value;
                default -> "/v1/submissions?" + parameters[i % parameters.length] + "=" + value
                        + (i % 3 == 0 ? "&limit=" + value : "");
            };
            FuzzBridge.State before = bridge.state();
            FuzzBridge.Answer answer = bridge.send("GET", path, null, null);
            FuzzBridge.State after = bridge.state();
            if (answer.status() >= 500 || !after.equals(before)) {
                failures.add(input.describe() + "\n  GET " + excerpt(path) + " answered " + answer.status() + ": "
                        + excerpt(answer.body()));
            } else if (answer.status() >= 400) {
                List<String> leaks = PersonalDataCheck.leaks(answer.body(), input.text());
                if (!leaks.isEmpty()) {
                    failures.add(input.describe() + "\n  the refusal repeats " + leaks);
                }
            }
            answered++;
        }
        FuzzSettings.report(String.format("partner API fuzz (queries): %d requests in %d ms, %d failures", answered,
                (System.nanoTime() - started) / 1_000_000, failures.size()));

        assertThat(failures).as("queries the partner API mishandled").isEmpty();
    }

    private static String percentEncoded(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : java.util.Arrays.copyOf(bytes, Math.min(bytes.length, 4000))) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    interface RequestMaker {
        Request make(int number, byte[] mutated);
    }

    /** @param imagesPerSubmission how many images an accepted request stages */
    private void fuzz(String what, List<String> seeds, int imagesPerSubmission, RequestMaker maker) {
        int iterations = FuzzSettings.iterations();
        JsonMutator mutator = new JsonMutator(FuzzSettings.seed() + what.hashCode(), seeds);
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        long started = System.nanoTime();
        // Two servers, each with its own store and inbox, take the even and the odd cases: each compares only
        // its own state before and after a request, so the checks stay exact while both cores work.
        FuzzBridge second = FuzzBridge.start(vertx);
        List<PartnerApiLane> lanes = List.of(new PartnerApiLane(bridge, imagesPerSubmission),
                new PartnerApiLane(second, imagesPerSubmission));
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int lane = 0; lane < 2; lane++) {
                int first = lane;
                PartnerApiLane cases = lanes.get(lane);
                done.add(threads.submit(() -> {
                    for (int i = first; i < iterations && failures.size() < 20; i += 2) {
                        cases.check(mutator.next(i), i, maker, failures);
                    }
                }));
            }
            for (java.util.concurrent.Future<?> lane : done) {
                lane.get();
            }
        } catch (Exception e) {
            throw new AssertionError("a fuzz lane failed", e);
        } finally {
            threads.shutdownNow();
        }
        int run = lanes.stream().mapToInt(lane -> lane.cases).sum();
        int accepted = lanes.stream().mapToInt(lane -> lane.accepted).sum();
        int replayed = lanes.stream().mapToInt(lane -> lane.replayed).sum();
        int refused = lanes.stream().mapToInt(lane -> lane.refused).sum();
        int conflicts = lanes.stream().mapToInt(lane -> lane.conflicts).sum();
        FuzzSettings.report(String.format("partner API fuzz (%s): %d requests in %d ms: %d accepted, %d replayed,"
                + " %d refused (%d as conflicts), %d failures", what, run, (System.nanoTime() - started) / 1_000_000,
                accepted, replayed, refused, conflicts, failures.size()));
        List<String> leftOver = new ArrayList<>(lanes.get(0).leftOver());
        leftOver.addAll(lanes.get(1).leftOver());
        List<String> left = new ArrayList<>(uploadedFilesLeft(bridge));
        left.addAll(uploadedFilesLeft(second));
        second.close();

        assertThat(failures).as("%s requests the partner API mishandled", what).isEmpty();
        assertThat(leftOver).as("what the servers hold after the %s requests", what).isEmpty();
        assertThat(accepted).as("accepted %s requests", what).isPositive();
        assertThat(replayed).as("%s requests answered as repeats", what).isPositive();
        assertThat(refused).as("refused %s requests", what).isPositive();
        assertThat(conflicts).as("%s requests refused as conflicts", what).isPositive();
        assertThat(left).as("uploaded parts left on disk").isEmpty();
    }

    private static List<String> uploadedFilesLeft(FuzzBridge bridge) {
        for (int attempt = 0; ; attempt++) {
            try (var files = Files.walk(bridge.uploadsDirectory())) {
                // The running server's lock on its directory is no upload.
                List<String> left = files.filter(Files::isRegularFile)
                        .filter(file -> !file.getFileName().toString().equals(".onekyc-bridge.lock"))
                        .map(Object::toString).toList();
                if (left.isEmpty() || attempt >= 50) {
                    return left;
                }
            } catch (java.io.UncheckedIOException e) {
                // a file was deleted while the directory was walked: look again
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
    }

    /**
     * The answer without the partner's own user id and type, which it echoes by design (a partner may choose a
     * phone number as its user id), so that what is left must hold none of the applicant's personal data.
     */
    static String withoutPartnerUser(String body) {
        try {
            io.vertx.core.json.JsonObject json = new io.vertx.core.json.JsonObject(body);
            json.remove("partnerUserId");
            json.remove("partnerUserIdType");
            return json.encode();
        } catch (RuntimeException e) {
            return body;
        }
    }

    /**
     * A problem document without its errors' field paths: a path names where the request is wrong, and the keys of
     * a map in it (a consent text's locale) are the partner's own keys, not values.
     */
    static String withoutFieldPaths(String body) {
        try {
            io.vertx.core.json.JsonObject json = new io.vertx.core.json.JsonObject(body);
            io.vertx.core.json.JsonArray errors = json.getJsonArray("errors");
            if (errors != null) {
                for (int i = 0; i < errors.size(); i++) {
                    if (errors.getValue(i) instanceof io.vertx.core.json.JsonObject error) {
                        error.remove("field");
                    }
                }
            }
            return json.encode();
        } catch (RuntimeException e) {
            return body;
        }
    }

    static String excerpt(String text) {
        return text.length() > 400 ? text.substring(0, 400) + "…" : text;
    }
}
