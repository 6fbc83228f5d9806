package dev.onekycbridge.adapter.onekyc;

import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;

/**
 * Three MockWebServers for the three hosts (Esign token host, COE token host, gateway) and one for the object
 * storage, with a client configured against them, a settable clock, a sleeper that does not sleep, and metrics
 * that count.
 */
final class TestPlatform implements AutoCloseable {
    final MockWebServer esignTokens = new MockWebServer();
    final MockWebServer coeTokens = new MockWebServer();
    final MockWebServer gateway = new MockWebServer();
    final MockWebServer storage = new MockWebServer();
    final SettableClock clock = new SettableClock(Instant.parse("2026-06-01T00:00:00Z"));
    final RecordingSleeper sleeper = new RecordingSleeper();
    final CountingMetrics metrics = new CountingMetrics();

    TestPlatform() {
        try {
            esignTokens.start();
            coeTokens.start();
            gateway.start();
            storage.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    OneKycClientConfig config() {
        return OneKycClientConfig.of(esignTokens.url("/").toString(), coeTokens.url("/").toString(),
                        gateway.url("/").toString())
                .withCredentials(TestData.CLIENT_ID, TestData.PASS_KEY)
                .withCertRegOnboardingPartner(TestData.CERT_REG_PARTNER)
                .withKtpScanOnboardingPartner(TestData.KTP_SCAN_PARTNER)
                .withSivOnboardingPartner(TestData.SIV_PARTNER)
                .withClock(clock)
                .withSleeper(sleeper)
                .withMetrics(metrics)
                .withConnectTimeout(Duration.ofSeconds(5))
                .withReadTimeout(Duration.ofSeconds(5))
                .withUploadTimeout(Duration.ofSeconds(5))
                .withRetryPolicy(RetryPolicy.of(3, Duration.ofMillis(100), Duration.ofSeconds(2)));
    }

    /** A client with jitter fixed at its maximum, so that backoff delays are predictable. */
    OneKycClient client() {
        return client(config());
    }

    OneKycClient client(OneKycClientConfig config) {
        return OneKycClient.create(config, () -> 0.999999);
    }

    // ---- canned answers ----

    /** A token answer as the Esign page shows it: expiry_seconds and expires_at as strings. */
    MockResponse token(String token) {
        long expiresAt = clock.instant().plusSeconds(1800).getEpochSecond();
        return json(200, "{\"success\":true,\"data\":{\"token\":\"" + token + "\",\"expiry_seconds\":\"1800\","
                + "\"expires_at\":\"" + expiresAt + "\"}}");
    }

    static MockResponse ok(String dataJson) {
        return json(200, "{\"success\":true,\"data\":" + dataJson + "}");
    }

    static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
                .setBody(body);
    }

    static MockResponse error(int status, String code, String cause) {
        return json(status, "{\"success\":false,\"errors\":[{\"code\":\"" + code + "\",\"cause\":\"" + cause
                + "\",\"entity\":\"ESIGN_ADAPTER\"}]}");
    }

    static String esignUploadUrls() {
        return """
                {"submissionId":"8a0aef3d-0e27-4a7e-a4ba-2e1b97bcb00c","status":"INITIATED","documents":{
                  "KTP":{"documentUrl":"https://storage.example.com/CERT_REG/93134121_KTP?X-Amz-Signature=abc",
                         "documentReference":"93134121-bc15-4796-a911-9257913f0020_KTP","expiryInSeconds":"432000"},
                  "SELFIE":{"documentUrl":"https://storage.example.com/CERT_REG/5e021eb4_SELFIE?X-Amz-Signature=def",
                         "documentReference":"5e021eb4-d875-47bb-817b-8b1782f0c3bb_SELFIE","expiryInSeconds":"432000"}}}
                """;
    }

    // ---- reading what was sent ----

    static RecordedRequest take(MockWebServer server) {
        try {
            RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
            if (request == null) {
                throw new AssertionError("the server received no request");
            }
            return request;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A JSON text as plain values (maps, lists, strings, doubles, booleans), read by Moshi. */
    static Object parseJson(String json) {
        try {
            return JsonReader.of(new Buffer().writeUtf8(json)).readJsonValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> body(RecordedRequest request) {
        return (Map<String, Object>) parseJson(request.getBody().readUtf8());
    }

    @Override
    public void close() throws IOException {
        esignTokens.shutdown();
        coeTokens.shutdown();
        gateway.shutdown();
        storage.shutdown();
    }

    static final class SettableClock extends Clock {
        private final AtomicLong millis;

        SettableClock(Instant start) {
            millis = new AtomicLong(start.toEpochMilli());
        }

        void advance(Duration duration) {
            millis.addAndGet(duration.toMillis());
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    static final class RecordingSleeper implements OneKycClientConfig.Sleeper {
        final List<Duration> sleeps = new CopyOnWriteArrayList<>();

        @Override
        public void sleep(Duration duration) {
            sleeps.add(duration);
        }
    }

    static final class CountingMetrics implements ClientMetrics {
        final Map<TokenKind, AtomicInteger> tokens = new java.util.concurrent.ConcurrentHashMap<>();
        final List<String> retries = new CopyOnWriteArrayList<>();
        final List<String> replays = new CopyOnWriteArrayList<>();

        @Override
        public void tokenFetched(TokenKind kind) {
            tokens.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        }

        @Override
        public void retrying(String call, int attempt, Duration delay) {
            retries.add(call + "#" + attempt);
        }

        @Override
        public void replayingAfterUnauthorized(String call) {
            replays.add(call);
        }

        int tokenFetches(TokenKind kind) {
            AtomicInteger count = tokens.get(kind);
            return count == null ? 0 : count.get();
        }
    }
}
