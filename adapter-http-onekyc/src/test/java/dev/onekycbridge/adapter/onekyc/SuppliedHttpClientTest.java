package dev.onekycbridge.adapter.onekyc;

import static dev.onekycbridge.adapter.onekyc.TestPlatform.error;
import static dev.onekycbridge.adapter.onekyc.TestPlatform.ok;
import static dev.onekycbridge.adapter.onekyc.TestPlatform.take;
import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.submission.FlowType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.Cookie;
import okhttp3.CookieJar;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A client supplied with {@link OneKycClientConfig#withOkHttpClient} lends its transport, not what an application
 * set up on it for other services: those would resend the platform's calls behind the call runner's back, send
 * another service's credentials to the platform, or see the pass-key, tokens and applicant's details.
 */
class SuppliedHttpClientTest {
    private final TestPlatform platform = new TestPlatform();
    private final OkHttpClient shared = new OkHttpClient();

    @AfterEach
    void stop() throws Exception {
        platform.close();
        shared.dispatcher().executorService().shutdown();
        shared.connectionPool().evictAll();
    }

    @Test
    void anAuthenticatorOfTheSuppliedClientNeverAnswersThePlatformsRefusal() {
        AtomicInteger authenticatorCalls = new AtomicInteger();
        OkHttpClient withAuthenticator = shared.newBuilder()
                .authenticator((route, response) -> {
                    authenticatorCalls.incrementAndGet();
                    return response.request().newBuilder().header("Authorization", "Bearer other").build();
                })
                .build();
        OneKycClient client = platform.client(platform.config().withOkHttpClient(withAuthenticator));
        platform.esignTokens.enqueue(platform.token("stale"));
        platform.esignTokens.enqueue(platform.token("fresh"));
        platform.gateway.enqueue(error(401, "110", "UNAUTHORIZED"));
        platform.gateway.enqueue(ok(DecoderExamples.CERT_REG_COMPLETED_VALID));

        assertThat(client.fetchResult(TestData.ref(FlowType.CERT_REG))).isPresent();
        client.close();

        assertThat(platform.gateway.getRequestCount()).as("the runner's attempt and its replay, no more").isEqualTo(2);
        RecordedRequest first = take(platform.gateway);
        RecordedRequest replay = take(platform.gateway);
        assertThat(first.getHeader("Authorization")).isNull();
        assertThat(replay.getHeader("Authorization")).isNull();
        assertThat(first.getHeader("x-onekyc-token")).isEqualTo("stale");
        assertThat(replay.getHeader("x-onekyc-token")).isEqualTo("fresh");
        assertThat(platform.metrics.replays).containsExactly("esign.details");
        assertThat(authenticatorCalls).hasValue(0);
    }

    @Test
    void onlyTheNetworkInterceptorsOfTheSuppliedClientSeeThePlatformsCalls() {
        List<String> seen = new CopyOnWriteArrayList<>();
        OkHttpClient instrumented = shared.newBuilder()
                .addInterceptor(chain -> {
                    seen.add("application interceptor");
                    return chain.proceed(chain.request());
                })
                .addNetworkInterceptor(chain -> {
                    seen.add("network interceptor");
                    return chain.proceed(chain.request());
                })
                .eventListener(new EventListener() {
                    @Override
                    public void requestHeadersEnd(Call call, Request request) {
                        seen.add("event listener");
                    }
                })
                .cookieJar(new CookieJar() {
                    @Override
                    public void saveFromResponse(HttpUrl url, List<Cookie> cookies) {
                        seen.add("cookie jar");
                    }

                    @Override
                    public List<Cookie> loadForRequest(HttpUrl url) {
                        seen.add("cookie jar");
                        return List.of();
                    }
                })
                .build();
        OneKycClient client = platform.client(platform.config().withOkHttpClient(instrumented));
        platform.esignTokens.enqueue(platform.token("t"));
        platform.gateway.enqueue(ok(DecoderExamples.CERT_REG_COMPLETED_VALID));

        client.fetchResult(TestData.ref(FlowType.CERT_REG));
        client.close();

        assertThat(seen).containsExactly("network interceptor", "network interceptor");
    }
}
