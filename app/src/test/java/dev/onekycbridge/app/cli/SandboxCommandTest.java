package dev.onekycbridge.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.sandbox.SandboxConfig;
import dev.onekycbridge.sandbox.SandboxServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What {@code sandbox}'s options start: the sandbox itself runs until the JVM stops, so it is started here. */
class SandboxCommandTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static SandboxServer start(String... argv) {
        return SandboxServer.start(SandboxCommand.options(Args.parse(List.of(argv), Set.of())));
    }

    private static JsonObject get(String url, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return new JsonObject(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private static String presignedKtpUrl(SandboxServer sandbox) throws Exception {
        String token = get(sandbox.baseUrl() + "/v1/esign/partner/authentication", "client-id",
                SandboxConfig.DEFAULT_CLIENT_ID, "pass-key", SandboxConfig.DEFAULT_PASS_KEY)
                .getJsonObject("data").getString("token");
        return get(sandbox.baseUrl() + "/esign-partner/v1/submissions/urls?submissionType=CERT_REG",
                "x-onekyc-token", token, "x-esign-onboarding-partner", SandboxConfig.CERT_REG_PARTNER,
                "x-partner-user-id", "user-1", "x-partner-user-id-type", "TEST_USER_ID", "x-partner-session-id",
                "session-1").getJsonObject("data").getJsonObject("documents").getJsonObject("KTP")
                .getString("documentUrl");
    }

    @Test
    void theBannerGivesEachHostsBaseUrlAsTheSettingThatTakesIt() throws Exception {
        try (SandboxServer sandbox = start("--port", "0")) {
            java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
            SandboxCommand.describe(sandbox, SandboxCommand.options(Args.parse(List.of("--port", "0"), Set.of())),
                    new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
            java.util.Map<String, String> settings = new java.util.HashMap<>();
            printed.toString(java.nio.charset.StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(line -> line.startsWith("ONEKYC_"))
                    .forEach(line -> settings.put(line.substring(0, line.indexOf('=')),
                            line.substring(line.indexOf('=') + 1)));
            assertThat(settings).containsOnlyKeys("ONEKYC_AUTH_BASE_URL", "ONEKYC_COE_AUTH_BASE_URL",
                    "ONEKYC_API_BASE_URL");

            String path = "/v1/esign/partner/authentication";
            assertThat(status(settings.get("ONEKYC_AUTH_BASE_URL") + path)).isEqualTo(200);
            // The Esign token's path on another host's base URL is refused, as the platform's hosts would.
            assertThat(status(settings.get("ONEKYC_COE_AUTH_BASE_URL") + path)).isEqualTo(404);
            assertThat(status(settings.get("ONEKYC_API_BASE_URL") + path)).isEqualTo(404);
        }
    }

    @Test
    void withAPublicBaseUrlTheBannerGivesTheHostsUnderIt() throws Exception {
        try (SandboxServer sandbox = start("--port", "0")) {
            java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
            SandboxCommand.describe(sandbox, SandboxCommand.options(Args.parse(List.of("--port", "0",
                    "--public-base-url", "http://sandbox.internal:8090/"), Set.of())),
                    new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));

            assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8).lines().map(String::strip))
                    .contains("ONEKYC_AUTH_BASE_URL=http://sandbox.internal:8090/esign-token",
                            "ONEKYC_COE_AUTH_BASE_URL=http://sandbox.internal:8090/coe-token",
                            "ONEKYC_API_BASE_URL=http://sandbox.internal:8090/gateway");
        }
    }

    private static int status(String url) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).header("client-id", SandboxConfig.DEFAULT_CLIENT_ID)
                .header("pass-key", SandboxConfig.DEFAULT_PASS_KEY).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void aPublicBaseUrlIsWhatPresignedUrlsNameWhenListeningOnEveryInterface() throws Exception {
        try (SandboxServer sandbox = start("--port", "0", "--host", "0.0.0.0", "--public-base-url",
                "http://sandbox.example.test:8090/")) {
            assertThat(presignedKtpUrl(sandbox)).startsWith("http://sandbox.example.test:8090/_objects/");
        }
    }

    @Test
    void withoutAPublicBaseUrlPresignedUrlsNameTheAddressListenedOn() throws Exception {
        try (SandboxServer sandbox = start("--port", "0")) {
            assertThat(presignedKtpUrl(sandbox)).startsWith(sandbox.baseUrl() + "/_objects/");
        }
    }

    @Test
    void aPublicBaseUrlThatIsNotAnAbsoluteHttpUrlIsAUsageErrorNamingTheOptionOnly() {
        for (String url : List.of("sandbox.example.test:8090", "/sandbox", "ftp://user:s3cret@host/",
                "http://sandbox.example.test/?a=1", "http://sandbox.example.test/#top", "http://[bad")) {
            assertThatThrownBy(() -> SandboxCommand.options(Args.parse(List.of("--public-base-url", url), Set.of())))
                    .as(url)
                    .isInstanceOf(UsageException.class)
                    .hasMessageContaining("--public-base-url must be an absolute http(s) URL")
                    .hasMessageNotContaining("s3cret");
        }
    }

    /** An http(s) URL the sandbox still refuses is told with the sandbox's reason, not as if it were no URL at all. */
    @Test
    void aCallbackUrlTheSandboxRefusesIsAUsageErrorSayingWhyWithoutTheUrl() {
        assertThat(callbackRefusal("--esign-callback", "http://user:s3cret@127.0.0.1:70000/callbacks/esign"))
                .isEqualTo("--esign-callback port must be a number from 1 to 65535");
        assertThat(callbackRefusal("--coe-callback", "http://user:s3cret@127.0.0.1:0/callbacks/coe"))
                .isEqualTo("--coe-callback port must be a number from 1 to 65535");
        assertThat(callbackRefusal("--siv-callback", "http://user:s3cret@:8080/callbacks/siv"))
                .isEqualTo("--siv-callback must name a host");
        assertThat(callbackRefusal("--esign-callback", "http:///callbacks/esign"))
                .isEqualTo("--esign-callback must name a host");
    }

    /** A text that is no URL, or no http(s) one, is still told so; URI's own message would quote it. */
    @Test
    void aCallbackUrlThatIsNoHttpUrlIsAUsageErrorNamingTheOptionOnly() {
        for (String url : List.of("ftp://user:s3cret@host/cb", "localhost:8080/callbacks/esign",
                "http://user:s3cret@host/call backs", "http://[s3cret")) {
            assertThat(callbackRefusal("--esign-callback", url)).as(url)
                    .isEqualTo("--esign-callback must be an absolute http(s) URL");
        }
    }

    private static String callbackRefusal(String option, String url) {
        UsageException refusal = org.junit.jupiter.api.Assertions.assertThrows(UsageException.class,
                () -> SandboxCommand.options(Args.parse(List.of(option, url), Set.of())), url);
        assertThat(refusal.getMessage()).doesNotContain("s3cret", url);
        return refusal.getMessage();
    }
}
