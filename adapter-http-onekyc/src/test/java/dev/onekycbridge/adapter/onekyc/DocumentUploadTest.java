package dev.onekycbridge.adapter.onekyc;

import static dev.onekycbridge.adapter.onekyc.TestPlatform.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.core.document.DocumentFacts;
import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.document.ImageType;
import dev.onekycbridge.core.port.out.PlatformError;
import dev.onekycbridge.core.port.out.PlatformRejectedException;
import dev.onekycbridge.core.port.out.PlatformUnavailableException;
import dev.onekycbridge.core.port.out.UnreadableDocumentException;
import dev.onekycbridge.core.port.out.UploadOutcome;
import dev.onekycbridge.core.submission.Failure;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DocumentUploadTest {
    private static final byte[] JPEG = jpeg(300_000);

    private final TestPlatform platform = new TestPlatform();
    private final OneKycClient client = platform.client();

    @AfterEach
    void stop() throws Exception {
        client.close();
        platform.close();
    }

    private static byte[] jpeg(int size) {
        byte[] bytes = new byte[size];
        new Random(7).nextBytes(bytes);
        bytes[0] = (byte) 0xFF;
        bytes[1] = (byte) 0xD8;
        bytes[2] = (byte) 0xFF;
        return bytes;
    }

    private URI presignedUrl() {
        return platform.storage.url("/CERT_REG/93134121_KTP").newBuilder()
                .addQueryParameter("X-Amz-Algorithm", "AWS4-HMAC-SHA256")
                .addQueryParameter("X-Amz-Expires", "432000")
                .addQueryParameter("X-Amz-SignedHeaders", "host")
                .addQueryParameter("X-Amz-Signature", "c0ffee")
                .build().uri();
    }

    /** A source that counts how often it is opened and how many bytes are read at once at most. */
    private static final class CountingSource implements DocumentSource {
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger largestRead = new AtomicInteger();
        private final byte[] bytes;

        CountingSource(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public InputStream open() {
            opened.incrementAndGet();
            return new FilterInputStream(new ByteArrayInputStream(bytes)) {
                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int read = super.read(buffer, offset, length);
                    largestRead.accumulateAndGet(read, Math::max);
                    return read;
                }
            };
        }
    }

    @Test
    void theDocumentIsPutToThePresignedUrlWithItsTypeAndLengthAndNoPlatformHeaders() {
        platform.storage.enqueue(new MockResponse().setResponseCode(200));
        DocumentFacts facts = TestData.facts(DocumentKind.KTP, ImageType.JPEG, JPEG.length);

        UploadOutcome outcome = client.upload(presignedUrl(), facts, DocumentSource.ofBytes(JPEG));

        assertThat(outcome).isEqualTo(UploadOutcome.UPLOADED);
        RecordedRequest request = take(platform.storage);
        assertThat(request.getMethod()).isEqualTo("PUT");
        assertThat(request.getRequestUrl().uri()).isEqualTo(presignedUrl());
        assertThat(request.getHeader("Content-Type")).isEqualTo("image/jpeg");
        assertThat(request.getHeader("Content-Length")).isEqualTo(String.valueOf(JPEG.length));
        assertThat(request.getHeader("Transfer-Encoding")).isNull();
        assertThat(request.getBody().readByteArray()).isEqualTo(JPEG);
        assertThat(request.getHeader("x-onekyc-token")).isNull();
        assertThat(request.getHeader("client-id")).isNull();
        assertThat(request.getHeader("pass-key")).isNull();
        assertThat(request.getHeader("x-partner-session-id")).isNull();
        assertThat(platform.esignTokens.getRequestCount()).isZero();
        assertThat(platform.coeTokens.getRequestCount()).isZero();
    }

    @Test
    void thePresignedUrlIsSentExactlyAsIssuedSoItsSignatureHolds() {
        platform.storage.enqueue(new MockResponse().setResponseCode(200));
        String pathAndQuery = "/CERT_REG/93134121-bc15-4796-a911-9257913f0020_KTP"
                + "?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=LTAI5t%2F20260601%2Fap-southeast-5%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20260601T000000Z&X-Amz-Expires=432000&X-Amz-SignedHeaders=host"
                + "&x-id=PutObject&X-Amz-Signature=0a1b2c3d4e5f%3D%2B";
        URI issued = URI.create(platform.storage.url("/").toString().replaceAll("/$", "") + pathAndQuery);

        client.upload(issued, TestData.facts(DocumentKind.KTP, ImageType.JPEG, JPEG.length),
                DocumentSource.ofBytes(JPEG));

        assertThat(take(platform.storage).getPath()).isEqualTo(pathAndQuery);
    }

    @Test
    void aPngIsSentAsAPng() {
        platform.storage.enqueue(new MockResponse().setResponseCode(200));
        byte[] png = Arrays.copyOf(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}, 1000);

        client.upload(presignedUrl(), TestData.facts(DocumentKind.SELFIE, ImageType.PNG, png.length),
                DocumentSource.ofBytes(png));

        assertThat(take(platform.storage).getHeader("Content-Type")).isEqualTo("image/png");
    }

    @Test
    void theDocumentIsStreamedInChunksRatherThanReadWhole() {
        platform.storage.enqueue(new MockResponse().setResponseCode(200));
        CountingSource source = new CountingSource(JPEG);

        client.upload(presignedUrl(), TestData.facts(DocumentKind.KTP, ImageType.JPEG, JPEG.length), source);

        assertThat(source.opened).hasValue(1);
        assertThat(source.largestRead.get()).isLessThan(JPEG.length).isPositive();
        assertThat(take(platform.storage).getBody().size()).isEqualTo(JPEG.length);
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {200, 204})
    void twoHundredAndTwoHundredFourMeanUploaded(int status) {
        platform.storage.enqueue(new MockResponse().setResponseCode(status));

        assertThat(client.upload(presignedUrl(), TestData.facts(DocumentKind.KTP, ImageType.JPEG, JPEG.length),
                DocumentSource.ofBytes(JPEG))).isEqualTo(UploadOutcome.UPLOADED);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n  <Code>SignatureDoesNotMatch</Code>\n"
                    + "  <Message>The request signature we calculated does not match</Message>\n</Error>"})
    void theStoragesForbiddenAnswerMeansTheUrlExpiredAndIsNotRetried(String body) {
        platform.storage.enqueue(new MockResponse().setResponseCode(403).setBody(body));

        assertThat(client.upload(presignedUrl(), TestData.facts(DocumentKind.KTP, ImageType.JPEG, JPEG.length),
                DocumentSource.ofBytes(JPEG))).isEqualTo(UploadOutcome.URL_EXPIRED);
        assertThat(platform.storage.getRequestCount()).isEqualTo(1);
    }

    /**
     * A proxy or a firewall in the way answers with a page of its own: the URL is not known to be dead, so the
     * submission must not expire (and lose its images) for it; the driver tries again later.
     */
    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {403, 401, 400, 404})
    void aRefusalWithoutTheStoragesErrorDocumentIsUnavailabilityNotAnExpiryNorARejection(int status) {
        platform.storage.enqueue(new MockResponse().setResponseCode(status).setHeader("Content-Type", "text/html")
                .setBody("<html><body><h1>Access denied by policy</h1></body></html>"));

        assertThatThrownBy(() -> client.upload(presignedUrl(),
                TestData.facts(DocumentKind.KTP, ImageType.JPEG, JPEG.length), DocumentSource.ofBytes(JPEG)))
                .isInstanceOfSatisfying(PlatformUnavailableException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(status);
                    assertThat(e).hasMessage("storage.upload answered HTTP " + status + " without the storage's"
                            + " error document: a proxy or a firewall may be in the way");
                });
        assertThat(platform.storage.getRequestCount()).isEqualTo(1);
    }

    /** A PUT redirected would come back a GET without its body: its 200 must not count as the upload. */
    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void aRedirectIsNotFollowedAndTheDocumentDoesNotCountAsUploaded(int status) throws Exception {
        try (MockWebServer elsewhere = new MockWebServer()) {
            elsewhere.enqueue(new MockResponse().setResponseCode(200).setBody("<html>welcome</html>"));
            platform.storage.enqueue(new MockResponse().setResponseCode(status)
                    .setHeader("Location", elsewhere.url("/portal")));

            assertThatThrownBy(() -> client.upload(presignedUrl(),
                    TestData.facts(DocumentKind.KTP, ImageType.JPEG, JPEG.length), DocumentSource.ofBytes(JPEG)))
                    .isInstanceOfSatisfying(PlatformUnavailableException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(status);
                        assertThat(e).hasMessageContaining("a redirect, which the client does not follow");
                    });
            assertThat(elsewhere.getRequestCount()).isZero();
            assertThat(platform.storage.getRequestCount()).isEqualTo(1);
        }
    }

    @Test
    void aServerErrorIsRetriedWithTheSourceOpenedAgain() {
        platform.storage.enqueue(new MockResponse().setResponseCode(500));
        platform.storage.enqueue(new MockResponse().setResponseCode(200));
        CountingSource source = new CountingSource(JPEG);

        UploadOutcome outcome = client.upload(presignedUrl(),
                TestData.facts(DocumentKind.KTP, ImageType.JPEG, JPEG.length), source);

        assertThat(outcome).isEqualTo(UploadOutcome.UPLOADED);
        assertThat(source.opened).hasValue(2);
        take(platform.storage);
        assertThat(take(platform.storage).getBody().readByteArray()).isEqualTo(JPEG);
        assertThat(platform.metrics.retries).containsExactly("storage.upload#2");
    }

    @Test
    void aStorageThatStaysDownIsUnavailable() {
        for (int i = 0; i < 3; i++) {
            platform.storage.enqueue(new MockResponse().setResponseCode(503));
        }

        assertThatThrownBy(() -> client.upload(presignedUrl(),
                TestData.facts(DocumentKind.KTP, ImageType.JPEG, JPEG.length), DocumentSource.ofBytes(JPEG)))
                .isInstanceOfSatisfying(PlatformUnavailableException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(503);
                    assertThat(e).hasMessageNotContaining("X-Amz-Signature").hasMessageNotContaining("c0ffee");
                });
        assertThat(platform.storage.getRequestCount()).isEqualTo(3);
    }

    @Test
    void aDroppedConnectionIsRetried() {
        platform.storage.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AT_START));
        platform.storage.enqueue(new MockResponse().setResponseCode(200));

        assertThat(client.upload(presignedUrl(), TestData.facts(DocumentKind.KTP, ImageType.JPEG, JPEG.length),
                DocumentSource.ofBytes(JPEG))).isEqualTo(UploadOutcome.UPLOADED);
        assertThat(platform.storage.getRequestCount()).isEqualTo(2);
    }

    /** S3-style storage answers a body that came too slowly with 400 RequestTimeout: the bytes never arrived. */
    @Test
    void aStorageThatTimedOutWaitingForTheBytesIsRetriedAndThenUnavailable() {
        for (int i = 0; i < 3; i++) {
            platform.storage.enqueue(new MockResponse().setResponseCode(400).setBody("<?xml version=\"1.0\"?>"
                    + "<Error><Code>RequestTimeout</Code><Message>Your socket connection to the server was not read"
                    + " from or written to within the timeout period.</Message></Error>"));
        }
        platform.storage.enqueue(new MockResponse().setResponseCode(200));
        CountingSource source = new CountingSource(JPEG);

        assertThatThrownBy(() -> client.upload(presignedUrl(),
                TestData.facts(DocumentKind.KTP, ImageType.JPEG, JPEG.length), source))
                .isInstanceOfSatisfying(PlatformUnavailableException.class, e ->
                        assertThat(e.httpStatus()).isEqualTo(400));
        assertThat(source.opened).hasValue(3);
        assertThat(client.upload(presignedUrl(), TestData.facts(DocumentKind.KTP, ImageType.JPEG, JPEG.length),
                source)).isEqualTo(UploadOutcome.UPLOADED);
    }

    @Test
    void aStorage408IsRetried() {
        platform.storage.enqueue(new MockResponse().setResponseCode(408));
        platform.storage.enqueue(new MockResponse().setResponseCode(200));

        assertThat(client.upload(presignedUrl(), TestData.facts(DocumentKind.KTP, ImageType.JPEG, JPEG.length),
                DocumentSource.ofBytes(JPEG))).isEqualTo(UploadOutcome.UPLOADED);
        assertThat(platform.storage.getRequestCount()).isEqualTo(2);
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {400, 401, 404, 413})
    void anyOtherClientErrorIsARejectionWithoutRetryNamingTheStoragesCode(int status) {
        platform.storage.enqueue(new MockResponse().setResponseCode(status)
                .setBody("<Error><Code>EntityTooLarge</Code></Error>"));

        assertThatThrownBy(() -> client.upload(presignedUrl(),
                TestData.facts(DocumentKind.KTP, ImageType.JPEG, JPEG.length), DocumentSource.ofBytes(JPEG)))
                .isInstanceOfSatisfying(PlatformRejectedException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(status);
                    assertThat(e.errors()).containsExactly(new PlatformError("EntityTooLarge", "STORAGE_REFUSED", null));
                    assertThat(e.toFailure()).isEqualTo(new Failure("EntityTooLarge", "STORAGE_REFUSED"));
                    assertThat(e).hasMessageContaining("EntityTooLarge");
                });
        assertThat(platform.storage.getRequestCount()).isEqualTo(1);
    }

    /** The storage's message is free text, which may quote what was sent: only its code goes with the refusal. */
    @Test
    void aStorageRefusalKeepsItsCodeAndNotItsMessageNorACodeThatIsNoShortToken() {
        platform.storage.enqueue(new MockResponse().setResponseCode(400).setBody("<?xml version=\"1.0\"?>\n"
                + "<Error>\n  <Code>InvalidDigest</Code>\n  <Message>The Content-MD5 you specified for Siti Rahayu"
                + " was invalid.</Message>\n</Error>"));
        platform.storage.enqueue(new MockResponse().setResponseCode(400)
                .setBody("<Error><Code>3171015505900001</Code></Error>"));

        assertThatThrownBy(() -> client.upload(presignedUrl(),
                TestData.facts(DocumentKind.KTP, ImageType.JPEG, JPEG.length), DocumentSource.ofBytes(JPEG)))
                .isInstanceOfSatisfying(PlatformRejectedException.class, e -> {
                    assertThat(e.toFailure()).isEqualTo(new Failure("InvalidDigest", "STORAGE_REFUSED"));
                    assertThat(e).hasMessageNotContaining("Siti");
                });
        assertThatThrownBy(() -> client.upload(presignedUrl(),
                TestData.facts(DocumentKind.KTP, ImageType.JPEG, JPEG.length), DocumentSource.ofBytes(JPEG)))
                .isInstanceOfSatisfying(PlatformRejectedException.class, e -> {
                    assertThat(e.toFailure()).isEqualTo(new Failure(PlatformError.WITHHELD, "STORAGE_REFUSED"));
                    assertThat(e).hasMessageNotContaining("3171015505900001");
                });
    }

    @Test
    void aJsonErrorFromTheStorageKeepsItsErrors() {
        platform.storage.enqueue(TestPlatform.json(422, "{\"errors\":[{\"code\":422,\"cause\":\"INVALID_UPLOAD_ARTIFACT\"}]}"));

        assertThatThrownBy(() -> client.upload(presignedUrl(),
                TestData.facts(DocumentKind.KTP, ImageType.JPEG, JPEG.length), DocumentSource.ofBytes(JPEG)))
                .isInstanceOfSatisfying(PlatformRejectedException.class, e ->
                        assertThat(e.errors()).containsExactly(new PlatformError("422", "INVALID_UPLOAD_ARTIFACT", null)));
    }

    @Test
    void aSourceShorterThanItsInspectedSizeIsNeverSentAsIfCompleteNorSentAgain() {
        for (int i = 0; i < 3; i++) {
            platform.storage.enqueue(new MockResponse().setResponseCode(200));
        }

        assertThatThrownBy(() -> client.upload(presignedUrl(),
                TestData.facts(DocumentKind.KTP, ImageType.JPEG, JPEG.length + 10), DocumentSource.ofBytes(JPEG)))
                .isInstanceOf(UnreadableDocumentException.class)
                .hasMessage("storage.upload: the document is shorter than its inspected size");
        assertThat(platform.metrics.retries).isEmpty();
    }

    @Test
    void aSourceThatFailsHalfWayIsUnreadableNotAnUnavailableStorageAndIsNotRetried() {
        for (int i = 0; i < 3; i++) {
            platform.storage.enqueue(new MockResponse().setResponseCode(200));
        }
        AtomicInteger opened = new AtomicInteger();
        DocumentSource damaged = () -> {
            opened.incrementAndGet();
            return new FilterInputStream(new ByteArrayInputStream(JPEG, 0, JPEG.length / 2)) {
                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int read = super.read(buffer, offset, length);
                    if (read == -1) {
                        throw new IOException("a chunk failed authentication");
                    }
                    return read;
                }
            };
        };

        assertThatThrownBy(() -> client.upload(presignedUrl(),
                TestData.facts(DocumentKind.KTP, ImageType.JPEG, JPEG.length), damaged))
                .isInstanceOf(UnreadableDocumentException.class)
                .hasMessage("storage.upload: the document could not be read")
                .hasRootCauseMessage("a chunk failed authentication");
        assertThat(platform.metrics.retries).isEmpty();
        assertThat(opened.get()).as("OkHttp may try the same request once more on another attempt of its own")
                .isBetween(1, 2);
    }

    @Test
    void aPresignedUrlThatIsNotHttpIsRefused() {
        assertThatThrownBy(() -> client.upload(URI.create("ftp://storage.example.com/x"),
                TestData.facts(DocumentKind.KTP, ImageType.JPEG, 3), DocumentSource.ofBytes(new byte[3])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("storage.example.com");
    }
}
