package dev.onekycbridge.adapter.onekyc.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.adapter.onekyc.OneKycClient;
import dev.onekycbridge.adapter.onekyc.OneKycClientConfig;
import dev.onekycbridge.adapter.onekyc.RetryPolicy;
import dev.onekycbridge.core.identity.PartnerUser;
import dev.onekycbridge.core.port.out.PlatformException;
import dev.onekycbridge.core.port.out.SubmissionRef;
import dev.onekycbridge.core.submission.FlowType;
import dev.onekycbridge.core.testing.fuzz.FuzzSettings;
import dev.onekycbridge.core.testing.fuzz.JsonMutator;
import dev.onekycbridge.core.testing.fuzz.PersonalDataCheck;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client under mutated platform answers (result details, COE status, upload URLs, initiate flow, tokens,
 * error envelopes) with any HTTP status and odd {@code Retry-After} values: every call either returns or throws a
 * {@link PlatformException}, the port's only failure, and no exception message repeats what looks like personal
 * data or a token from the answer. Half of {@code -Dfuzz.iterations} cases (5,000 by default): each is one to
 * three HTTP exchanges with a MockWebServer.
 */
class PlatformAnswerFuzzTest {
    private static final String TOKEN = "eyJraWQiOiJlY8sLk182F3J4wNDkwLTQxODgtYTRjZ";
    private static final String SUBMISSION_ID = "8a0aef3d-0e27-4a7e-a4ba-2e1b97bcb00c";
    private static final PartnerUser USER = new PartnerUser("user-12345", "CLIENT_X_USER_ID");
    private static final int[] ERROR_STATUSES = {400, 401, 403, 404, 409, 422, 429, 500, 502, 503};
    private static final String[] RETRY_AFTER = {null, "0", "5", "-1", "abc", "99999999999999999999",
            "9223372036854775807", "Wed, 21 Oct 2015 07:28:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", " 7 ", "1e3"};

    /** What a case answers with its mutated body; every other call gets a well-formed answer. */
    enum Target {
        ESIGN_DETAILS, COE_STATUS, COE_DETAILS, UPLOAD_URLS, INITIATE_FLOW, TOKEN
    }

    static final String UPLOAD_URLS = """
            {"success":true,"data":{"submissionId":"8a0aef3d-0e27-4a7e-a4ba-2e1b97bcb00c","status":"INITIATED",
             "documents":{"KTP":{"documentUrl":"https://storage.example.com/CERT_REG/93134121_KTP?X-Amz-Signature=abc",
               "documentReference":"93134121-bc15-4796-a911-9257913f0020_KTP","expiryInSeconds":"432000"},
              "SELFIE":{"documentUrl":"https://storage.example.com/CERT_REG/5e021eb4_SELFIE?X-Amz-Signature=def",
               "documentReference":"5e021eb4-d875-47bb-817b-8b1782f0c3bb_SELFIE","expiryInSeconds":"432000"}}}}
            """;
    static final String INITIATE_WEB = """
            {"success":true,"data":{
             "launchUrl":"https://webgw.staging.goidentitas.id/kyc/v2/index.html#/launch-v1?token=abc",
             "expirySeconds":"5184000","expiresAt":"1783336059"}}
            """;
    static final String INITIATE_SDK = """
            {"success":true,"data":{"token":"iab-user-token-1","expirySeconds":"5184000","expiresAt":"1783336059"}}
            """;
    static final String COE_STATUS = """
            {"success":true,"data":{"submissionId":"8a0aef3d-0e27-4a7e-a4ba-2e1b97bcb00c","status":"COMPLETED",
             "submissionType":"KTP_SCAN","createdAt":"2026-04-29T08:00:00Z","completedAt":null,
             "verificationResult":{"isApproved":true,"riskLevel":"LOW","confidence":"98%"},
             "documents":{"KTP_FRONT":{"status":"VERIFIED","documentReference":null}}}}
            """;
    static final String TOKEN_ANSWER = "{\"success\":true,\"data\":{\"token\":\"" + TOKEN + "\","
            + "\"expiry_seconds\":\"1800\",\"expires_at\":\"1783336059\"}}";
    static final String COE_DETAILS = "{\"success\":true,\"data\":" + PlatformMessages.COE_DETAILS_REJECTED + "}";
    static final String SIV_DETAILS = "{\"success\":true,\"data\":" + PlatformMessages.SIV_COMPLETED + "}";

    static final List<String> ERRORS = List.of(PlatformMessages.ESIGN_ERROR_400, PlatformMessages.ESIGN_ERROR_401,
            PlatformMessages.ESIGN_ERROR_404, PlatformMessages.COE_ERROR_INTEGER_CODE, PlatformMessages.GENERIC_500);

    /** The answers a target's call expects, three times over, then the error envelopes. */
    static List<String> seedsFor(Target target) {
        List<String> answers = switch (target) {
            case ESIGN_DETAILS -> List.of(PlatformMessages.POLLED_ENVELOPE, SIV_DETAILS,
                    "{\"success\":true,\"data\":{}}");
            case COE_STATUS -> List.of(COE_STATUS);
            case COE_DETAILS -> List.of(COE_DETAILS);
            case UPLOAD_URLS -> List.of(UPLOAD_URLS);
            case INITIATE_FLOW -> List.of(INITIATE_WEB, INITIATE_SDK);
            case TOKEN -> List.of(TOKEN_ANSWER);
        };
        List<String> seeds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            seeds.addAll(answers);
        }
        seeds.addAll(ERRORS);
        return seeds;
    }

    private final MockWebServer tokens = new MockWebServer();
    private final MockWebServer gateway = new MockWebServer();
    private volatile Target target;
    private volatile MockResponse answer;

    @BeforeEach
    void start() throws IOException {
        Dispatcher dispatcher = new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return answerFor(request.getPath() == null ? "" : request.getPath());
            }
        };
        tokens.setDispatcher(dispatcher);
        gateway.setDispatcher(dispatcher);
        tokens.setServerSocketFactory(new NoDelayServerSockets());
        gateway.setServerSocketFactory(new NoDelayServerSockets());
        tokens.start();
        gateway.start();
    }

    @AfterEach
    void stop() throws IOException {
        tokens.shutdown();
        gateway.shutdown();
    }

    /** Sockets without Nagle's delay: MockWebServer writes headers and body apart, which costs 40 ms a call. */
    private static final class NoDelayServerSockets extends javax.net.ServerSocketFactory {
        @Override
        public java.net.ServerSocket createServerSocket() throws IOException {
            return new java.net.ServerSocket() {
                @Override
                public java.net.Socket accept() throws IOException {
                    java.net.Socket socket = super.accept();
                    socket.setTcpNoDelay(true);
                    return socket;
                }
            };
        }

        @Override
        public java.net.ServerSocket createServerSocket(int port) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.net.ServerSocket createServerSocket(int port, int backlog) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.net.ServerSocket createServerSocket(int port, int backlog, java.net.InetAddress address)
                throws IOException {
            throw new UnsupportedOperationException();
        }
    }

    private MockResponse answerFor(String path) {
        Target current = target;
        Target asked;
        if (path.contains("authentication")) {
            asked = Target.TOKEN;
        } else if (path.contains("/status")) {
            asked = Target.COE_STATUS;
        } else if (path.startsWith("/coe/v1/submissions")) {
            asked = Target.COE_DETAILS;
        } else if (path.contains("initiate-flow")) {
            asked = Target.INITIATE_FLOW;
        } else if (path.contains("/submissions/urls")) {
            asked = Target.UPLOAD_URLS;
        } else {
            asked = Target.ESIGN_DETAILS;
        }
        if (asked == current) {
            return answer.clone();
        }
        String body = switch (asked) {
            case TOKEN -> TOKEN_ANSWER;
            case COE_STATUS -> COE_STATUS;
            case COE_DETAILS -> COE_DETAILS;
            case INITIATE_FLOW -> INITIATE_WEB;
            case UPLOAD_URLS -> UPLOAD_URLS;
            case ESIGN_DETAILS -> PlatformMessages.POLLED_ENVELOPE;
        };
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(body);
    }

    private OneKycClient newClient() {
        return OneKycClient.create(OneKycClientConfig.of(tokens.url("/").toString(), tokens.url("/").toString(),
                        gateway.url("/").toString())
                .withCredentials("b31fa508-331c-4e9e-9a60-b0f28c3f7e13", "2c7b2893-e49f-4cf3-89e6-1b9c5bf0500b")
                .withCertRegOnboardingPartner("CLIENT_X-BE-CERT_REG")
                .withKtpScanOnboardingPartner("CLIENT_X-SDK-KTP_SCAN")
                .withSivOnboardingPartner("CLIENT_X-WEB_SDK-STANDALONE_IDENTITY_VERIFICATION")
                .withSleeper(delay -> { })
                .withConnectTimeout(Duration.ofSeconds(5))
                .withReadTimeout(Duration.ofSeconds(5))
                .withRetryPolicy(RetryPolicy.noRetries()));
    }

    @Test
    void everyMutatedAnswerEndsInAResultOrAPlatformExceptionWithoutPersonalDataOrTokens() {
        int iterations = FuzzSettings.iterations() / 2; // each case is one to three HTTP exchanges
        Target[] targets = Target.values();
        JsonMutator[] mutators = new JsonMutator[targets.length];
        for (Target each : targets) {
            mutators[each.ordinal()] = new JsonMutator(FuzzSettings.seed() + 1 + each.ordinal(), seedsFor(each));
        }
        List<String> failures = new ArrayList<>();
        int returned = 0;
        int platformExceptions = 0;
        int run = 0;
        long started = System.nanoTime();
        OneKycClient client = newClient();
        try (Watchdog watchdog = new Watchdog(Duration.ofSeconds(20))) {
            for (int i = 0; i < iterations && failures.size() < 20; i++) {
                run++;
                Target current = targets[i % targets.length];
                JsonMutator.Case input = mutators[current.ordinal()].next(i);
                int status = i % 3 == 0 ? ERROR_STATUSES[(i / 3) % ERROR_STATUSES.length] : 200;
                String retryAfter = RETRY_AFTER[(i / 7) % RETRY_AFTER.length];
                MockResponse response = new MockResponse().setResponseCode(status)
                        .setHeader("Content-Type", "application/json").setBody(new Buffer().write(input.bytes()));
                if (retryAfter != null) {
                    response.setHeader("Retry-After", retryAfter);
                }
                target = current;
                answer = response;
                if (current == Target.TOKEN) {
                    client.close();
                    client = newClient(); // a fresh token cache, so that the mutated token answer is read
                }
                OneKycClient calling = client;
                Watchdog.Outcome outcome = watchdog.run(() -> call(calling, current));
                java.util.function.Supplier<String> described = () -> input.describe() + " as " + current
                        + " with HTTP " + status + (retryAfter == null ? "" : " Retry-After " + retryAfter);
                if (outcome instanceof Watchdog.Outcome.Returned) {
                    returned++;
                } else if (outcome instanceof Watchdog.Outcome.Threw threw
                        && threw.error() instanceof PlatformException e) {
                    platformExceptions++;
                    for (String message : PersonalDataCheck.messages(e)) {
                        List<String> leaks = new ArrayList<>(PersonalDataCheck.leaks(message, input.text()));
                        if (message.contains(TOKEN)) {
                            leaks.add("the token");
                        }
                        if (!leaks.isEmpty()) {
                            failures.add(described.get() + "\n  the message repeats " + leaks + ": " + message);
                        }
                    }
                } else if (outcome instanceof Watchdog.Outcome.Threw threw) {
                    failures.add(described.get() + "\n  threw " + MessageDecoderFuzzTest.stack(threw.error()));
                    client.close();
                    client = newClient(); // a token the client cannot use must not spoil the cases after it
                } else {
                    failures.add(described.get() + "\n  did not finish");
                }
            }
        } finally {
            client.close();
        }
        FuzzSettings.report(String.format("client answer fuzz: %d cases in %d ms: %d returned, %d platform"
                + " exceptions, %d failures", run, (System.nanoTime() - started) / 1_000_000, returned,
                platformExceptions, failures.size()));

        assertThat(failures).as("answers the client mishandled").isEmpty();
        assertThat(returned).isPositive();
        assertThat(platformExceptions).isPositive();
    }

    private static Object call(OneKycClient client, Target target) {
        return switch (target) {
            case ESIGN_DETAILS -> client.fetchResult(new SubmissionRef(FlowType.CERT_REG, USER, SUBMISSION_ID,
                    "5b0c7a9e-0f4e-4d0e-9a55-0e0a3c1d2b11"));
            case COE_STATUS, COE_DETAILS -> client.fetchResult(new SubmissionRef(FlowType.KTP_SCAN, USER,
                    SUBMISSION_ID, "5b0c7a9e-0f4e-4d0e-9a55-0e0a3c1d2b11"));
            case UPLOAD_URLS, TOKEN -> client.requestUploadUrls(new SubmissionRef(FlowType.CERT_REG, USER, null,
                    "5b0c7a9e-0f4e-4d0e-9a55-0e0a3c1d2b11"));
            case INITIATE_FLOW -> client.initiateVerification(new SubmissionRef(FlowType.SIV, USER, null,
                    "5b0c7a9e-0f4e-4d0e-9a55-0e0a3c1d2b11"), verification());
        };
    }

    private static dev.onekycbridge.core.submission.IdentityVerificationInput verification() {
        return new dev.onekycbridge.core.submission.IdentityVerificationInput(
                new dev.onekycbridge.core.identity.ContactDetails(null,
                        dev.onekycbridge.core.identity.PhoneNumber.parse("081234567890"),
                        new dev.onekycbridge.core.identity.DataVerification(null,
                                new dev.onekycbridge.core.identity.ContactVerification(true, "otp-1"))),
                dev.onekycbridge.core.submission.LaunchSource.SDK, null, null,
                dev.onekycbridge.core.identity.UserLocale.EN_ID);
    }
}
