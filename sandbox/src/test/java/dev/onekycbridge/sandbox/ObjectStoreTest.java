package dev.onekycbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.sandbox.support.Eventually;
import dev.onekycbridge.sandbox.support.Fast;
import dev.onekycbridge.sandbox.support.Http;
import dev.onekycbridge.sandbox.support.Images;
import dev.onekycbridge.sandbox.support.Platform;
import dev.onekycbridge.sandbox.support.Reply;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectStoreTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = new SandboxExtension(Fast.options());

    private Platform platform;
    private Http http;

    @BeforeEach
    void setUp() {
        http = new Http(SANDBOX.baseUrl());
        platform = new Platform(http);
    }

    private JsonObject urls() {
        return platform.certRegUrls(platform.esignToken(), "user-objects").data();
    }

    private static String url(JsonObject urls, String type) {
        return urls.getJsonObject("documents").getJsonObject(type).getString("documentUrl");
    }

    @Test
    void aJpegUploadIsAcceptedAndRecordedWithSizeTypeAndDigest() throws Exception {
        JsonObject urls = urls();

        Reply reply = http.putBytes(url(urls, "KTP"), Images.JPEG, "image/jpeg");

        assertThat(reply.status()).isEqualTo(200);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Images.JPEG));
        assertThat(reply.header("ETag")).isEqualTo("\"" + sha256 + "\"");
        JsonObject ktp = platform.submission(urls.getString("submissionId")).getJsonObject("documents")
                .getJsonObject("KTP");
        assertThat(ktp.getBoolean("uploaded")).isTrue();
        assertThat(ktp.getLong("size")).isEqualTo(Images.JPEG.length);
        assertThat(ktp.getString("contentType")).isEqualTo("image/jpeg");
        assertThat(ktp.getString("sha256")).isEqualTo(sha256);
        assertThat(ktp.getInteger("uploadCount")).isEqualTo(1);
    }

    @Test
    void aPngIsRecognisedByItsBytesWhateverTheDeclaredType() {
        JsonObject urls = urls();

        Reply reply = http.putBytes(url(urls, "SELFIE"), Images.PNG, "application/octet-stream");

        assertThat(reply.status()).isEqualTo(200);
        JsonObject selfie = platform.submission(urls.getString("submissionId")).getJsonObject("documents")
                .getJsonObject("SELFIE");
        assertThat(selfie.getString("contentType")).isEqualTo("image/png");
        assertThat(selfie.getString("declaredContentType")).isEqualTo("application/octet-stream");
    }

    /** What {@code curl --data-binary} declares: the bytes are still the image, not a form. */
    @Test
    void anImageDeclaredAsAFormIsStillTakenByItsBytesAndRecordedAsDeclared() {
        JsonObject urls = urls();
        // Image bytes are no form: as one, a '%' not followed by two hex digits cannot be decoded.
        byte[] jpeg = withNoFormEscape(Images.JPEG);

        Reply reply = http.putBytes(url(urls, "KTP"), jpeg, "application/x-www-form-urlencoded");
        Reply tampered = http.putBytes(url(urls, "SELFIE").replace("signature=", "signature=00"),
                withNoFormEscape(Images.PNG), "application/x-www-form-urlencoded");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(tampered.status()).isEqualTo(403);
        assertThat(tampered.body()).contains("<Code>SignatureDoesNotMatch</Code>");
        JsonObject ktp = platform.submission(urls.getString("submissionId")).getJsonObject("documents")
                .getJsonObject("KTP");
        assertThat(ktp.getString("contentType")).isEqualTo("image/jpeg");
        assertThat(ktp.getString("declaredContentType")).isEqualTo("application/x-www-form-urlencoded");
    }

    private static byte[] withNoFormEscape(byte[] image) {
        byte[] bytes = Arrays.copyOf(image, image.length + 3);
        bytes[image.length] = '%';
        bytes[image.length + 1] = 'z';
        bytes[image.length + 2] = 'z';
        return bytes;
    }

    @Test
    void somethingOtherThanJpegOrPngIsRefusedWith400() {
        Reply reply = http.putBytes(url(urls(), "KTP"), Images.PDF, "image/jpeg");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.header("Content-Type")).isEqualTo("application/xml");
        assertThat(reply.body()).contains("<Code>InvalidImage</Code>");
    }

    @Test
    void anEmptyUploadIsRefusedWith400() {
        Reply reply = http.putBytes(url(urls(), "KTP"), new byte[0], "image/jpeg");

        assertThat(reply.status()).isEqualTo(400);
    }

    @Test
    void aReUploadReplacesTheImageAndCountsTheUploads() {
        JsonObject urls = urls();
        http.putBytes(url(urls, "KTP"), Images.JPEG, "image/jpeg");

        Reply again = http.putBytes(url(urls, "KTP"), Images.PNG, "image/png");

        assertThat(again.status()).isEqualTo(200);
        JsonObject ktp = platform.submission(urls.getString("submissionId")).getJsonObject("documents")
                .getJsonObject("KTP");
        assertThat(ktp.getInteger("uploadCount")).isEqualTo(2);
        assertThat(ktp.getString("contentType")).isEqualTo("image/png");
    }

    @Test
    void aQueryWithABadEscapeIsAnsweredAt400AndKeptOutOfTheLog() throws Exception {
        URI upload = URI.create(url(urls(), "KTP"));
        String signature = upload.getQuery().replaceAll(".*signature=", "");
        URI launch = URI.create(platform.initiateFlow(platform.esignToken(), "user-objects", Platform.session(),
                Platform.sivBody("WEB_SDK")).data().getString("launchUrl"));
        String launchToken = launch.getQuery().replace("token=", "");
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getMessage() + " " + record.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger("").addHandler(capture);
        try {
            // curl's default type for --data-binary; the JDK's HTTP client refuses such URLs, so requests are raw.
            String uploaded = rawRequest("PUT", upload.getRawPath() + "?" + upload.getRawQuery() + "%ZZ",
                    "application/x-www-form-urlencoded", Images.JPEG);
            String launched = rawRequest("GET", launch.getRawPath() + "?" + launch.getRawQuery() + "%ZZ", null,
                    new byte[0]);

            assertThat(uploaded).startsWith("HTTP/1.1 400").contains("<Code>InvalidArgument</Code>");
            assertThat(launched).startsWith("HTTP/1.1 400");
            assertThat(logged).noneMatch(line -> line.contains(signature) || line.contains(launchToken));
        } finally {
            Logger.getLogger("").removeHandler(capture);
        }
    }

    /** Sends one HTTP/1.1 request as written; answers what came back before the server closed or went quiet. */
    private static String rawRequest(String method, String target, String contentType, byte[] body)
            throws IOException {
        URI base = URI.create(SANDBOX.baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + target + " HTTP/1.1\r\nHost: " + base.getAuthority()
                    + (contentType == null ? "" : "\r\nContent-Type: " + contentType)
                    + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aChunkedUploadWithoutContentLengthIsRefusedWith411LikeS3() throws Exception {
        JsonObject urls = urls();
        URI upload = URI.create(url(urls, "KTP"));
        String target = upload.getRawPath() + "?" + upload.getRawQuery();

        String chunked = rawChunkedPut(target, Images.JPEG);
        JsonObject ktp = platform.submission(urls.getString("submissionId")).getJsonObject("documents")
                .getJsonObject("KTP");
        String sized = rawRequest("PUT", target, "image/jpeg", Images.JPEG);

        assertThat(chunked).startsWith("HTTP/1.1 411").contains("application/xml")
                .contains("<Code>MissingContentLength</Code>")
                .contains("<Message>You must provide the Content-Length HTTP header.</Message>");
        assertThat(ktp.getBoolean("uploaded")).as("nothing stored").isFalse();
        assertThat(sized).as("the same bytes with their length").startsWith("HTTP/1.1 200");
    }

    /** A PUT whose body goes in chunks, without a Content-Length, as a streaming client sends it. */
    private static String rawChunkedPut(String target, byte[] body) throws IOException {
        URI base = URI.create(SANDBOX.baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("PUT " + target + " HTTP/1.1\r\nHost: " + base.getAuthority()
                    + "\r\nContent-Type: image/jpeg\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            int half = body.length / 2;
            for (byte[] chunk : List.of(Arrays.copyOfRange(body, 0, half), Arrays.copyOfRange(body, half,
                    body.length))) {
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aTamperedSignatureIsForbidden() {
        String url = url(urls(), "KTP");
        String tampered = url.substring(0, url.length() - 1) + (url.endsWith("0") ? "1" : "0");

        Reply reply = http.putBytes(tampered, Images.JPEG, "image/jpeg");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.body()).contains("<Code>SignatureDoesNotMatch</Code>");
    }

    @Test
    void aSignatureIsBoundToItsDocumentKind() {
        String ktpUrl = url(urls(), "KTP");

        Reply reply = http.putBytes(ktpUrl.replace("/KTP?", "/SELFIE?"), Images.JPEG, "image/jpeg");

        assertThat(reply.status()).isEqualTo(403);
    }

    @Test
    void aSignatureIsBoundToItsSubmission() {
        JsonObject first = urls();
        JsonObject second = urls();
        String foreign = url(first, "KTP").replace(first.getString("submissionId"), second.getString("submissionId"));

        Reply reply = http.putBytes(foreign, Images.JPEG, "image/jpeg");

        assertThat(reply.status()).isEqualTo(403);
    }

    @Test
    void aLaterExpiryCannotBeForged() {
        String url = url(urls(), "KTP");
        String expires = url.replaceAll(".*expires=(\\d+).*", "$1");

        Reply reply = http.putBytes(url.replace("expires=" + expires, "expires=" + (Long.parseLong(expires) + 60)),
                Images.JPEG, "image/jpeg");

        assertThat(reply.status()).isEqualTo(403);
    }

    /** As on real storage, the URL is used verbatim: the signature covers the whole query as sent. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"appended", "re-encoded", "upper-case", "second signature"})
    void aUrlAlteredInItsQueryDoesNotMatchItsSignature(String alteration) {
        String url = url(urls(), "KTP");
        String expires = url.replaceAll(".*expires=(\\d+).*", "$1");
        String signature = url.replaceAll(".*signature=", "");
        String altered = switch (alteration) {
            case "appended" -> url + "&extra=1";
            case "re-encoded" -> url.replace("expires=" + expires, "expires=%3" + expires.charAt(0)
                    + expires.substring(1));
            case "upper-case" -> url.replace(signature, signature.toUpperCase(Locale.ROOT));
            default -> url + "&signature=" + signature;
        };

        Reply reply = http.putBytes(altered, Images.JPEG, "image/jpeg");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.body()).contains("<Code>SignatureDoesNotMatch</Code>");
    }

    /** S3 sorts the query before checking it: the same parameters in another order are the same URL. */
    @Test
    void theSameParametersInAnotherOrderStillMatch() {
        String url = url(urls(), "KTP");
        String base = url.substring(0, url.indexOf('?'));
        String[] parameters = url.substring(url.indexOf('?') + 1).split("&");

        Reply reply = http.putBytes(base + "?" + parameters[1] + "&" + parameters[0], Images.JPEG, "image/jpeg");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    @Test
    void anUploadUrlDoesNotAllowDownloads() {
        Reply reply = http.get(url(urls(), "KTP"));

        assertThat(reply.status()).isEqualTo(403);
    }

    @Test
    void anUnsignedUploadIsForbidden() {
        String url = url(urls(), "KTP");

        Reply reply = http.putBytes(url.substring(0, url.indexOf('?')), Images.JPEG, "image/jpeg");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.body()).contains("<Code>AccessDenied</Code>");
    }

    @Test
    void anExpiredUrlIsForbiddenLikeS3() {
        SANDBOX.control().updateConfig(c -> c.withPresignedUrlTtlSeconds(1));
        String url = url(urls(), "KTP");
        long expires = Long.parseLong(URI.create(url).getQuery().replaceAll(".*expires=(\\d+).*", "$1"));

        Reply inTime = http.putBytes(url, Images.JPEG, "image/jpeg");
        Eventually.await(System::currentTimeMillis, now -> now > expires * 1_000 + 50);
        Reply late = http.putBytes(url, Images.JPEG, "image/jpeg");

        assertThat(inTime.status()).isEqualTo(200);
        assertThat(late.status()).isEqualTo(403);
        assertThat(late.body()).contains("<Code>AccessDenied</Code>").contains("Request has expired");
    }

    @Test
    void urlsSignedBeforeAResetStopWorking() {
        String url = url(urls(), "KTP");

        SANDBOX.control().reset();
        Reply reply = http.putBytes(url, Images.JPEG, "image/jpeg");

        assertThat(reply.status()).isEqualTo(403);
    }
}
