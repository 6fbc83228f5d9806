package dev.onekycbridge.adapter.onekyc;

import static dev.onekycbridge.adapter.onekyc.TestPlatform.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.core.port.out.PlatformUnavailableException;
import dev.onekycbridge.core.submission.FlowType;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.mockwebserver.MockResponse;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Okio;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the client does with answers that never end or never stop growing. The {@code @Timeout}s only keep a
 * regression from hanging the build: without the limits each of these calls would run for minutes.
 */
class AnswerLimitsTest {
    private static final int FIVE_MIB = 5 << 20;

    private final TestPlatform platform = new TestPlatform();
    /** Counts the body bytes the client takes from the network, below every limit of the client. */
    private final AtomicLong bytesRead = new AtomicLong();
    /** Time enough to read a megabyte on a busy machine: a limit must refuse a body, not the call timeout. */
    private final OneKycClient client = client(Duration.ofSeconds(30));
    /** For answers that never end: the call timeout is what ends them. */
    private final OneKycClient impatient = client(Duration.ofSeconds(1));

    private OneKycClient client(Duration callTimeout) {
        return platform.client(platform.config()
                .withRetryPolicy(RetryPolicy.noRetries())
                .withCallTimeout(callTimeout)
                .withOkHttpClient(new OkHttpClient.Builder().addNetworkInterceptor(this::counting).build()));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        impatient.close();
        platform.close();
    }

    private Response counting(Interceptor.Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        ResponseBody body = response.body();
        ForwardingSource counted = new ForwardingSource(body.source()) {
            @Override
            public long read(Buffer sink, long byteCount) throws IOException {
                long n = super.read(sink, byteCount);
                if (n > 0) {
                    bytesRead.addAndGet(n);
                }
                return n;
            }
        };
        return response.newBuilder()
                .body(ResponseBody.create(Okio.buffer(counted), body.contentType(), body.contentLength()))
                .build();
    }

    private void fetch() {
        client.fetchResult(TestData.ref(FlowType.CERT_REG));
    }

    private void fetchImpatiently() {
        impatient.fetchResult(TestData.ref(FlowType.CERT_REG));
    }

    private static Buffer fiveMib() {
        Buffer body = new Buffer();
        byte[] block = new byte[64 * 1024];
        java.util.Arrays.fill(block, (byte) ' ');
        while (body.size() < FIVE_MIB) {
            body.write(block);
        }
        return body;
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aBodyDeclaredLargerThanTheLimitIsRefusedWithoutReadingIt() {
        platform.esignTokens.enqueue(platform.token("tok"));
        // Sent slowly: reading it whole would take minutes.
        platform.gateway.enqueue(new MockResponse().setResponseCode(200).setBody(fiveMib())
                .throttleBody(64 * 1024, 1, TimeUnit.SECONDS));

        assertThatThrownBy(this::fetch)
                .isInstanceOfSatisfying(PlatformUnavailableException.class, e ->
                        assertThat(e.httpStatus()).isEqualTo(200))
                .hasMessage("esign.details answered HTTP 200 with a body of more than 1 MiB; refused");
        assertThat(bytesRead.get()).isLessThan(64 * 1024);
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {200, 400, 500})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aBodyWithoutADeclaredLengthIsRefusedOnceItPassesTheLimit(int status) {
        platform.esignTokens.enqueue(platform.token("tok"));
        platform.gateway.enqueue(new MockResponse().setResponseCode(status).setChunkedBody(fiveMib(), 64 * 1024));

        assertThatThrownBy(this::fetch)
                .isInstanceOfSatisfying(PlatformUnavailableException.class, e ->
                        assertThat(e.httpStatus()).isEqualTo(status))
                .hasMessageContaining("with a body of more than 1 MiB; refused");
        assertThat(bytesRead.get()).isLessThan(BodySizeLimit.MAX_BYTES + 128 * 1024);
        assertThat(platform.gateway.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aBodyOfExactlyTheLimitIsRead() {
        platform.esignTokens.enqueue(platform.token("tok"));
        String json = "{\"success\":true,\"data\":{}}";
        platform.gateway.enqueue(ok("{}").setBody(json + " ".repeat(BodySizeLimit.MAX_BYTES - json.length())));

        fetch();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void anAnswerTrickledByteByByteEndsAtTheCallTimeout() {
        platform.esignTokens.enqueue(platform.token("tok"));
        // A byte every 200 ms: never silent for a read timeout, but done only after minutes.
        platform.gateway.enqueue(ok(DecoderExamples.CERT_REG_COMPLETED_VALID)
                .throttleBody(1, 200, TimeUnit.MILLISECONDS));

        assertThatThrownBy(this::fetchImpatiently)
                .isInstanceOf(PlatformUnavailableException.class)
                .hasMessageContaining("esign.details failed without an answer")
                .hasCauseInstanceOf(InterruptedIOException.class);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aTokenAnswerTrickledByteByByteEndsAtTheCallTimeout() {
        platform.esignTokens.enqueue(platform.token("tok").throttleBody(1, 200, TimeUnit.MILLISECONDS));

        assertThatThrownBy(this::fetchImpatiently)
                .isInstanceOf(PlatformUnavailableException.class)
                .hasMessageContaining("esign.token failed without an answer")
                .hasCauseInstanceOf(InterruptedIOException.class);
        assertThat(platform.gateway.getRequestCount()).isZero();
    }
}
