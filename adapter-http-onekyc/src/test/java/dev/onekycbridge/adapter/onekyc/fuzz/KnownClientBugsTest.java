package dev.onekycbridge.adapter.onekyc.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.onekycbridge.adapter.onekyc.OneKycClient;
import dev.onekycbridge.adapter.onekyc.OneKycClientConfig;
import dev.onekycbridge.adapter.onekyc.RetryPolicy;
import dev.onekycbridge.core.document.DocumentFacts;
import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.document.ImageType;
import dev.onekycbridge.core.identity.PartnerUser;
import dev.onekycbridge.core.port.out.PlatformException;
import dev.onekycbridge.core.port.out.PlatformRejectedException;
import dev.onekycbridge.core.port.out.PlatformUnavailableException;
import dev.onekycbridge.core.port.out.SubmissionRef;
import dev.onekycbridge.core.port.out.UploadUrls;
import dev.onekycbridge.core.submission.FlowType;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One test per production bug the client fuzz found: each states the behaviour the port promises (a call returns,
 * quickly, or throws a PlatformException whose message and errors hold no personal data or token) for the smallest
 * answer that broke it; each keeps its fix in place.
 */
class KnownClientBugsTest {
    private static final PartnerUser USER = new PartnerUser("user-12345", "CLIENT_X_USER_ID");
    private static final SubmissionRef DETAILS = new SubmissionRef(FlowType.CERT_REG, USER,
            "8a0aef3d-0e27-4a7e-a4ba-2e1b97bcb00c", "5b0c7a9e-0f4e-4d0e-9a55-0e0a3c1d2b11");
    private static final SubmissionRef NEW = new SubmissionRef(FlowType.CERT_REG, USER, null,
            "5b0c7a9e-0f4e-4d0e-9a55-0e0a3c1d2b11");

    private final MockWebServer server = new MockWebServer();
    private final AtomicReference<MockResponse> gatewayAnswer = new AtomicReference<>();
    private final AtomicReference<String> token = new AtomicReference<>("tok-123");
    private OneKycClient client;

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (request.getPath() != null && request.getPath().contains("authentication")) {
                    return json(200, "{\"success\":true,\"data\":{\"token\":\"" + token.get()
                            + "\",\"expiry_seconds\":\"1800\"}}");
                }
                return gatewayAnswer.get().clone();
            }
        });
        server.start();
        client = OneKycClient.create(OneKycClientConfig.of(server.url("/").toString(), server.url("/").toString(),
                        server.url("/").toString())
                .withCredentials("b31fa508-331c-4e9e-9a60-b0f28c3f7e13", "2c7b2893-e49f-4cf3-89e6-1b9c5bf0500b")
                .withCertRegOnboardingPartner("CLIENT_X-BE-CERT_REG")
                .withSleeper(delay -> { })
                .withRetryPolicy(RetryPolicy.noRetries()));
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        server.shutdown();
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
                .setBody(body);
    }

    @Test
    void a503WithAHugeRetryAfterIsAPlatformUnavailableException() {
        gatewayAnswer.set(json(503, "{\"success\":false,\"errors\":[{\"code\":\"900\"}]}")
                .setHeader("Retry-After", "99999999999999999999"));

        assertThatThrownBy(() -> client.fetchResult(DETAILS)).isInstanceOf(PlatformUnavailableException.class);
    }

    @Test
    void aTokenThatCannotBeSentIsAPlatformExceptionThatDoesNotQuoteIt() {
        token.set("secret-tok\\u0001en-1");
        gatewayAnswer.set(json(200, "{\"success\":true,\"data\":{}}"));

        assertThatThrownBy(() -> client.fetchResult(DETAILS))
                .isInstanceOf(PlatformException.class)
                .satisfies(e -> assertThat(String.valueOf(e)).doesNotContain("secret-tok"));
    }

    @Test
    void anErrorItemHoldingPersonalDataIsNotRepeatedInTheExceptionOrTheErrorsTheDriverStores() {
        gatewayAnswer.set(json(400, "{\"success\":false,\"errors\":[{\"code\":\"3171015505900001\","
                + "\"cause\":\"Siti Rahayu\",\"entity\":\"6281234567890\"}]}"));

        assertThatThrownBy(() -> client.requestUploadUrls(NEW))
                .isInstanceOf(PlatformRejectedException.class)
                .satisfies(e -> assertThat(e + " " + ((PlatformRejectedException) e).errors())
                        .doesNotContain("3171015505900001", "Siti Rahayu", "6281234567890"));
    }

    @Test
    void anErrorCodeWrittenAsAHugeNumberIsReadQuickly() {
        gatewayAnswer.set(json(400, "{\"success\":false,\"errors\":[{\"code\":1e99999999,"
                + "\"cause\":\"INVALID_SUBMISSION_TYPE\"}]}"));

        // Expanding it kept a thread busy for minutes: 15 s is a guard against that, with room for a busy machine.
        assertTimeoutPreemptively(Duration.ofSeconds(15), () ->
                assertThatThrownBy(() -> client.requestUploadUrls(NEW)).isInstanceOf(PlatformException.class));
    }

    /**
     * A pattern once run over the whole of a cause without an {@code @} backtracked quadratically: 65 kB took a few
     * seconds, too few to tell apart from a busy machine's pace, and 128 kB a minute. 600 kB, within the 1 MiB an
     * answer may have, would take some twenty times that, so a guard of 15 s tells it apart from a read at any pace.
     */
    @Test
    void aLongErrorCauseIsReadQuickly() {
        gatewayAnswer.set(json(400, "{\"success\":false,\"errors\":[{\"code\":\"1539\",\"cause\":\""
                + "A".repeat(600_000) + "\"}]}"));

        assertTimeoutPreemptively(Duration.ofSeconds(15), () ->
                assertThatThrownBy(() -> client.requestUploadUrls(NEW)).isInstanceOf(PlatformException.class));
    }

    /**
     * A pattern run from each {@code <Error>} to a {@code <Code>} anywhere after it read the rest of the body once per
     * {@code <Error>}: a body of nothing else, just under the 1 MiB an answer may have, kept a thread busy for long
     * after the call's timeout. It is read for every 400 of every call, and again for a refused upload.
     */
    private static final String ERROR_TAGS_ONLY = "<Error>".repeat(149_000);

    @Test
    void aGateway400OfNothingButErrorTagsIsReadQuickly() {
        gatewayAnswer.set(new MockResponse().setResponseCode(400).setHeader("Content-Type", "application/xml")
                .setBody(ERROR_TAGS_ONLY));

        assertTimeoutPreemptively(Duration.ofSeconds(15), () ->
                assertThatThrownBy(() -> client.requestUploadUrls(NEW)).isInstanceOf(PlatformException.class));
    }

    @Test
    void aRefusedUploadOfNothingButErrorTagsIsReadQuickly() {
        gatewayAnswer.set(new MockResponse().setResponseCode(400).setHeader("Content-Type", "application/xml")
                .setBody(ERROR_TAGS_ONLY));
        byte[] image = new byte[2048];
        DocumentFacts facts = new DocumentFacts(DocumentKind.KTP, ImageType.JPEG, image.length, "0".repeat(64));
        URI url = server.url("/CERT_REG/93134121_KTP?X-Amz-Signature=abc").uri();

        assertTimeoutPreemptively(Duration.ofSeconds(15), () ->
                assertThatThrownBy(() -> client.upload(url, facts, DocumentSource.ofBytes(image)))
                        .isInstanceOf(PlatformException.class));
    }

    @Test
    void anUploadUrlLifetimeBeyondTheLastInstantIsAPlatformExceptionOrNoExpiry() {
        gatewayAnswer.set(json(200, PlatformAnswerFuzzTest.UPLOAD_URLS.replace("\"432000\"",
                "\"9223372036854775807\"")));

        UploadUrls urls;
        try {
            urls = client.requestUploadUrls(NEW);
        } catch (PlatformException e) {
            return; // also acceptable: the answer is unreadable
        }
        // Not believed, so no expiry: neither "now" nor an instant centuries away.
        assertThat(urls.targets()).hasSize(2).allSatisfy(target -> assertThat(target.expiresAt()).isNull());
    }
}
