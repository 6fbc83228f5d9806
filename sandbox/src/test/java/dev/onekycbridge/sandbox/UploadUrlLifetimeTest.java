package dev.onekycbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.sandbox.support.ClockedSandbox;
import dev.onekycbridge.sandbox.support.Fast;
import dev.onekycbridge.sandbox.support.Http;
import dev.onekycbridge.sandbox.support.Images;
import dev.onekycbridge.sandbox.support.Platform;
import dev.onekycbridge.sandbox.support.Reply;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Upload URLs live as long as the platform publishes for each flow (KTP scans 600 s, registrations 432000 s), the
 * lifetime an answer states is the one the object store enforces, and a submission not confirmed within it is dead.
 */
class UploadUrlLifetimeTest {

    @Test
    void aKtpScansUploadUrlLivesTheStated600SecondsAndNoLonger() {
        try (ClockedSandbox sandbox = ClockedSandbox.start(Fast.config())) {
            Platform platform = sandbox.platform();
            JsonObject ktp = ktpScanDocument(platform);
            String url = ktp.getString("documentUrl");

            assertThat(ktp.getString("expiryInSeconds")).isEqualTo("600");
            assertThat(expires(url)).isEqualTo(sandbox.clock().instant().getEpochSecond() + 600);
            sandbox.clock().advance(Duration.ofSeconds(600));
            Reply lastSecond = upload(platform.http(), url);
            sandbox.clock().advance(Duration.ofSeconds(1));
            Reply late = upload(platform.http(), url);

            assertThat(lastSecond.status()).as(lastSecond.body()).isEqualTo(200);
            assertThat(late.status()).isEqualTo(403);
            assertThat(late.header("Content-Type")).isEqualTo("application/xml");
            assertThat(late.body()).contains("<Code>AccessDenied</Code>").contains("Request has expired");
        }
    }

    @Test
    void aRegistrationsUploadUrlsKeepTheirFiveDaysBesideIt() {
        try (ClockedSandbox sandbox = ClockedSandbox.start(Fast.config())) {
            Platform platform = sandbox.platform();
            JsonObject urls = platform.certRegUrls(platform.esignToken(), Platform.user(null)).data();
            JsonObject ktp = urls.getJsonObject("documents").getJsonObject("KTP");
            ktpScanDocument(platform);

            sandbox.clock().advance(Duration.ofSeconds(601));
            Reply afterTenMinutes = upload(platform.http(), ktp.getString("documentUrl"));
            sandbox.clock().advance(Duration.ofSeconds(432_000 - 601));
            Reply lastSecond = upload(platform.http(), ktp.getString("documentUrl"));
            sandbox.clock().advance(Duration.ofSeconds(1));
            Reply late = upload(platform.http(), ktp.getString("documentUrl"));

            assertThat(ktp.getString("expiryInSeconds")).isEqualTo("432000");
            assertThat(afterTenMinutes.status()).isEqualTo(200);
            assertThat(lastSecond.status()).isEqualTo(200);
            assertThat(late.status()).isEqualTo(403);
        }
    }

    @Test
    void theKtpScansLifetimeIsASettingOfItsOwn() {
        try (ClockedSandbox sandbox = ClockedSandbox.start(Fast.config())) {
            Platform platform = sandbox.platform();
            Reply configured = platform.configure(new JsonObject().put("coePresignedUrlTtlSeconds", 30));
            JsonObject ktp = ktpScanDocument(platform);
            JsonObject certReg = platform.certRegUrls(platform.esignToken(), Platform.user(null)).data()
                    .getJsonObject("documents").getJsonObject("KTP");

            sandbox.clock().advance(Duration.ofSeconds(31));
            Reply late = upload(platform.http(), ktp.getString("documentUrl"));

            assertThat(configured.status()).as(configured.body()).isEqualTo(200);
            assertThat(configured.json().getLong("coePresignedUrlTtlSeconds")).isEqualTo(30);
            assertThat(configured.json().getLong("presignedUrlTtlSeconds")).isEqualTo(432_000);
            assertThat(ktp.getString("expiryInSeconds")).isEqualTo("30");
            assertThat(certReg.getString("expiryInSeconds")).isEqualTo("432000");
            assertThat(late.status()).isEqualTo(403);
        }
    }

    @Test
    void settingTheUploadUrlLifetimeSetsBothFlowsAsItDidBeforeKtpScansHadTheirOwn() {
        try (ClockedSandbox sandbox = ClockedSandbox.start(Fast.config())) {
            Platform platform = sandbox.platform();
            Reply both = platform.configure(new JsonObject().put("presignedUrlTtlSeconds", 5));
            String ktpScanTtl = ktpScanDocument(platform).getString("expiryInSeconds");
            Reply ktpScanAlone = platform.configure(new JsonObject().put("coePresignedUrlTtlSeconds", 7));
            Reply tooLong = platform.http().putJson("/_sandbox/config", new JsonObject()
                    .put("coePresignedUrlTtlSeconds", SandboxConfig.MAX_TTL_SECONDS + 1));
            Reply tooShort = platform.http().putJson("/_sandbox/config",
                    new JsonObject().put("coePresignedUrlTtlSeconds", 0));

            assertThat(both.json().getLong("coePresignedUrlTtlSeconds")).isEqualTo(5);
            assertThat(ktpScanTtl).isEqualTo("5");
            assertThat(ktpScanAlone.json().getLong("coePresignedUrlTtlSeconds")).isEqualTo(7);
            assertThat(ktpScanAlone.json().getLong("presignedUrlTtlSeconds")).isEqualTo(5);
            assertThat(tooLong.status()).isEqualTo(400);
            assertThat(tooShort.status()).isEqualTo(400);
            assertThat(SandboxConfig.defaults().withPresignedUrlTtlSeconds(9).coePresignedUrlTtlSeconds())
                    .isEqualTo(9);
        }
    }

    @Test
    void aRegistrationConfirmedAfterItsUploadUrlsExpiredIsAnsweredAsAnUnknownSubmission() {
        try (ClockedSandbox sandbox = ClockedSandbox.start(Fast.config())) {
            Platform platform = sandbox.platform();
            String user = Platform.user(null);
            String onTime = uploadedRegistration(platform, user);
            String late = uploadedRegistration(platform, user);

            sandbox.clock().advance(Duration.ofSeconds(432_000));
            String token = platform.esignToken();
            Reply lastSecond = platform.confirm(token, user, Platform.session(), Platform.confirmBody(onTime));
            sandbox.clock().advance(Duration.ofSeconds(1));
            Reply refused = platform.confirm(token, user, Platform.session(), Platform.confirmBody(late));

            assertThat(lastSecond.status()).as(lastSecond.body()).isEqualTo(200);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.firstError().getValue("code")).isEqualTo("1653");
            assertThat(refused.firstError().getString("cause"))
                    .isEqualTo("SUBMISSION_ID_DOES_NOT_BELONG_TO_CURRENT_USER");
            JsonObject view = platform.submission(late);
            assertThat(view.getString("status")).isEqualTo("INITIATED");
            assertThat(view.getInteger("confirmCount")).isZero();
        }
    }

    @Test
    void aKtpScanConfirmedAfterItsUploadUrlExpiredNoLongerExistsWhileAConfirmedOneStillConflicts() {
        try (ClockedSandbox sandbox = ClockedSandbox.start(Fast.config())) {
            Platform platform = sandbox.platform();
            String token = platform.coeUserToken(Platform.user(null));
            String confirmedSession = Platform.session();
            Reply confirmedUrls = platform.coeUrls(token, confirmedSession);
            String confirmed = confirmedUrls.data().getString("submissionId");
            platform.uploadAll(confirmedUrls.data());
            assertThat(platform.coeConfirm(token, confirmedSession, confirmed).status()).isEqualTo(200);
            String lateSession = Platform.session();
            Reply lateUrls = platform.coeUrls(token, lateSession);
            String late = lateUrls.data().getString("submissionId");
            platform.uploadAll(lateUrls.data());

            sandbox.clock().advance(Duration.ofSeconds(601));
            Reply refused = platform.coeConfirm(token, lateSession, late);
            Reply repeated = platform.coeConfirm(token, confirmedSession, confirmed);

            assertThat(refused.status()).isEqualTo(404);
            assertThat(refused.firstError().getValue("code")).isEqualTo(404);
            assertThat(refused.firstError().getString("cause")).isEqualTo("SUBMISSION_DOES_NOT_EXIST");
            assertThat(platform.submission(late).getInteger("confirmCount")).isZero();
            assertThat(repeated.status()).as("expiry ends only a submission never confirmed").isEqualTo(409);
            assertThat(repeated.firstError().getString("cause")).isEqualTo("SUBMISSION_STATE_CONFLICT");
        }
    }

    private static String uploadedRegistration(Platform platform, String user) {
        Reply urls = platform.certRegUrls(platform.esignToken(), user);
        assertThat(urls.status()).as(urls.body()).isEqualTo(200);
        platform.uploadAll(urls.data());
        return urls.data().getString("submissionId");
    }

    private static JsonObject ktpScanDocument(Platform platform) {
        Reply urls = platform.coeUrls(platform.coeUserToken(Platform.user(null)), Platform.session());
        assertThat(urls.status()).as(urls.body()).isEqualTo(200);
        return urls.data().getJsonObject("documents").getJsonObject("KTP");
    }

    private static Reply upload(Http http, String url) {
        return http.putBytes(url, Images.JPEG, "image/jpeg");
    }

    private static long expires(String url) {
        return Long.parseLong(URI.create(url).getQuery().replaceAll(".*expires=(\\d+).*", "$1"));
    }
}
