package dev.onekycbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.sandbox.engine.Housekeeping;
import dev.onekycbridge.sandbox.model.DocumentType;
import dev.onekycbridge.sandbox.state.SandboxState;
import dev.onekycbridge.sandbox.support.ClockedSandbox;
import dev.onekycbridge.sandbox.support.Eventually;
import dev.onekycbridge.sandbox.support.Fast;
import dev.onekycbridge.sandbox.support.Platform;
import dev.onekycbridge.sandbox.support.Reply;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A sandbox that runs for days on its own clock keeps only what callers can still reach. */
class LongRunTest {

    @Test
    void expiredTokensAreForgottenAndStillRefusedAsBefore() {
        try (ClockedSandbox sandbox = ClockedSandbox.start(Fast.config().withTokenTtlSeconds(60))) {
            Platform platform = sandbox.platform();
            List<String> stale = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                stale.add(platform.esignToken());
            }

            sandbox.clock().advance(Duration.ofSeconds(60).plus(Housekeeping.INTERVAL));
            String fresh = platform.esignToken();

            assertThat(state(sandbox).tokens().size()).isEqualTo(1);
            Reply refused = platform.certRegUrls(stale.get(0), "user-1");
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.firstError().getString("cause")).isEqualTo("UNAUTHORIZED");
            assertThat(platform.certRegUrls(fresh, "user-1").status()).isEqualTo(200);
        }
    }

    @Test
    void settledSubmissionsGoAfterTheRetentionWithTheirDocumentsAndCallbackRecords() {
        try (ClockedSandbox sandbox = ClockedSandbox.start(Fast.config().withRetentionSeconds(3_600))) {
            Platform platform = sandbox.platform();
            List<String> ids = new ArrayList<>();
            String certRegUser = Platform.user(null);
            ids.add(platform.startCertReg(certRegUser));
            for (int i = 0; i < 9; i++) {
                ids.add(platform.startCertReg(Platform.user(i % 2 == 0 ? null : "DUKCAPIL_REJECTED")));
            }
            String partial = platform.startCertReg(Platform.user("PARTIAL_ONLY"));
            for (int i = 0; i < 5; i++) {
                ids.add(platform.startKtpScan(Platform.user(null)));
            }
            ids.forEach(id -> awaitStatus(platform, id, "COMPLETED"));
            awaitStatus(platform, partial, "PARTIALLY_COMPLETED");
            assertThat(state(sandbox).submissions().size()).isEqualTo(16);
            assertThat(state(sandbox).objects().size()).isEqualTo(10 * 2 + 2 + 5);
            assertThat(state(sandbox).callbacks().size()).isEqualTo(6 * 2 + 4 + 1 + 5);

            sandbox.clock().advance(Duration.ofSeconds(3_600).plus(Housekeeping.INTERVAL));
            String token = platform.esignToken();

            assertThat(state(sandbox).submissions().size()).isZero();
            assertThat(state(sandbox).objects().size()).isZero();
            assertThat(state(sandbox).callbacks().size()).isZero();
            Reply details = platform.esignDetails(token, certRegUser);
            assertThat(details.status()).as("as for a user without submissions").isEqualTo(404);
            assertThat(details.firstError().getString("code")).isEqualTo("1514");
        }
    }

    @Test
    void withinTheRetentionDetailsStatusPollsAndConfirmReplaysAnswerAsBefore() {
        try (ClockedSandbox sandbox = ClockedSandbox.start(Fast.config().withRetentionSeconds(3_600))) {
            Platform platform = sandbox.platform();
            String user = Platform.user(null);
            String token = platform.esignToken();
            Reply urls = platform.certRegUrls(token, user);
            String certReg = urls.data().getString("submissionId");
            platform.uploadAll(urls.data());
            String session = Platform.session();
            JsonObject confirm = Platform.confirmBody(certReg);
            assertThat(platform.confirm(token, user, session, confirm).status()).isEqualTo(200);
            String coeUser = Platform.user(null);
            String coeToken = platform.coeUserToken(coeUser);
            String ktpScan = platform.startKtpScanWith(coeToken);
            awaitStatus(platform, certReg, "COMPLETED");
            awaitStatus(platform, ktpScan, "COMPLETED");

            sandbox.clock().advance(Duration.ofSeconds(3_600).minus(Housekeeping.INTERVAL));
            String fresh = platform.esignToken();

            assertThat(platform.esignDetails(fresh, user).data().getString("status")).isEqualTo("COMPLETED");
            assertThat(platform.confirm(fresh, user, session, confirm).status()).as("a replayed confirm")
                    .isEqualTo(200);
            assertThat(platform.confirm(fresh, user, Platform.session(), confirm).status()).as("another confirm")
                    .isEqualTo(409);
            assertThat(platform.coeStatus(coeToken, ktpScan).data().getString("status")).isEqualTo("COMPLETED");
            assertThat(platform.submission(certReg).getInteger("confirmCount")).isEqualTo(2);
            assertThat(state(sandbox).objects().size()).isEqualTo(3);
        }
    }

    @Test
    void aUsersLatestSubmissionStaysWhileAnOlderOneOfTheirsIsKeptAndAnAbandonedOneGoesAfterItsUrlsExpire() {
        SandboxConfig config = Fast.config().withRetentionSeconds(3_600).withPresignedUrlTtlSeconds(86_400);
        try (ClockedSandbox sandbox = ClockedSandbox.start(config)) {
            Platform platform = sandbox.platform();
            String user = Platform.user(null);
            Reply abandoned = platform.certRegUrls(platform.esignToken(), user);
            assertThat(abandoned.status()).isEqualTo(200);
            String latest = platform.startCertReg(user);
            awaitStatus(platform, latest, "COMPLETED");

            sandbox.clock().advance(Duration.ofSeconds(3_600).plus(Housekeeping.INTERVAL));
            Reply details = platform.esignDetails(platform.esignToken(), user);

            assertThat(details.data().getString("submissionId")).isEqualTo(latest);
            assertThat(details.data().getString("status")).isEqualTo("COMPLETED");
            assertThat(state(sandbox).submissions().size()).isEqualTo(2);

            sandbox.clock().advance(Duration.ofSeconds(86_400));
            Reply gone = platform.esignDetails(platform.esignToken(), user);

            assertThat(gone.status()).isEqualTo(404);
            assertThat(state(sandbox).submissions().size()).isZero();
            assertThat(state(sandbox).objects().size()).isZero();
        }
    }

    @Test
    void anUnconfirmedSubmissionIsKeptWhileTheUrlsItWasGivenWorkEvenAfterTheTtlSettingShrinks() {
        SandboxConfig config = Fast.config().withRetentionSeconds(3_600).withPresignedUrlTtlSeconds(86_400);
        try (ClockedSandbox sandbox = ClockedSandbox.start(config)) {
            Platform platform = sandbox.platform();
            String user = Platform.user(null);
            Reply urls = platform.certRegUrls(platform.esignToken(), user);
            String submissionId = urls.data().getString("submissionId");
            platform.configure(new JsonObject().put("presignedUrlTtlSeconds", 60));

            sandbox.clock().advance(Duration.ofSeconds(60 + 3_600).plus(Housekeeping.INTERVAL));
            String token = platform.esignToken();

            assertThat(state(sandbox).submissions().find(submissionId)).as("its URLs work for a day").isPresent();
            platform.uploadAll(urls.data());
            Reply confirmed = platform.confirm(token, user, Platform.session(), Platform.confirmBody(submissionId));
            assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        }
    }

    @Test
    void coeDetailsBySessionNeverFallBackToAnOlderKtpScanOfThatSessionKeptLonger() {
        SandboxConfig config = Fast.config().withRetentionSeconds(3_600).withPresignedUrlTtlSeconds(86_400);
        try (ClockedSandbox sandbox = ClockedSandbox.start(config)) {
            Platform platform = sandbox.platform();
            String user = Platform.user(null);
            String userToken = platform.coeUserToken(user);
            String session = Platform.session();
            Reply abandoned = platform.coeUrls(userToken, session);
            assertThat(abandoned.status()).isEqualTo(200);
            Reply urls = platform.coeUrls(userToken, session);
            String latest = urls.data().getString("submissionId");
            platform.uploadAll(urls.data());
            assertThat(platform.coeConfirm(userToken, session, latest).status()).isEqualTo(200);
            awaitStatus(platform, latest, "COMPLETED");

            sandbox.clock().advance(Duration.ofSeconds(3_600).plus(Housekeeping.INTERVAL));
            Reply details = platform.coeDetails(platform.coePartnerToken(), user, "x-partner-session-id", session);

            assertThat(details.data().getString("submissionId")).isEqualTo(latest);
            assertThat(details.data().getString("status")).isEqualTo("COMPLETED");

            sandbox.clock().advance(Duration.ofSeconds(86_400));
            Reply gone = platform.coeDetails(platform.coePartnerToken(), user, "x-partner-session-id", session);

            assertThat(gone.status()).as("as for a session never used").isEqualTo(400);
            assertThat(gone.firstError().getString("code")).isEqualTo("1552");
            assertThat(state(sandbox).submissions().size()).isZero();
        }
    }

    @Test
    void aConfirmedCertRegsImageBytesGoOnceItsUploadUrlsExpireWhileAKtpScanStaysDownloadable() {
        try (ClockedSandbox sandbox = ClockedSandbox.start(Fast.config().withPresignedUrlTtlSeconds(600))) {
            Platform platform = sandbox.platform();
            String certReg = platform.startCertReg(Platform.user(null));
            String coeUser = Platform.user(null);
            String ktpScan = platform.startKtpScan(coeUser);
            awaitStatus(platform, certReg, "COMPLETED");
            awaitStatus(platform, ktpScan, "COMPLETED");

            sandbox.clock().advance(Duration.ofSeconds(600).plus(Housekeeping.INTERVAL));
            Reply details = platform.coeDetails(platform.coePartnerToken(), coeUser, "x-submission-id", ktpScan);

            assertThat(state(sandbox).objects().bytes(certReg, DocumentType.KTP)).isEmpty();
            assertThat(state(sandbox).objects().bytes(certReg, DocumentType.SELFIE)).isEmpty();
            JsonObject ktp = platform.submission(certReg).getJsonObject("documents").getJsonObject("KTP");
            assertThat(ktp.getBoolean("uploaded")).as("the record stays").isTrue();
            assertThat(ktp.getLong("size")).isPositive();
            String imageUrl = details.data().getJsonObject("submissionDetails").getJsonObject("imageUrls")
                    .getString("KTP");
            assertThat(platform.http().get(imageUrl).status()).isEqualTo(200);
        }
    }

    @Test
    void anSivTokenGoesWithItsSubmissionSinceTheLaunchPageNeedsBoth() {
        try (ClockedSandbox sandbox = ClockedSandbox.start(Fast.config().withRetentionSeconds(3_600))) {
            Platform platform = sandbox.platform();
            Reply initiated = platform.initiateFlow(platform.esignToken(), Platform.user(null), Platform.session(),
                    Platform.sivBody("SDK"));
            assertThat(initiated.status()).as(initiated.body()).isEqualTo(200);
            String sivToken = initiated.data().getString("token");
            String submissionId = state(sandbox).submissions().all().get(0).id();
            awaitStatus(platform, submissionId, "COMPLETED");

            sandbox.clock().advance(Duration.ofSeconds(3_600).plus(Housekeeping.INTERVAL));
            platform.esignToken();

            assertThat(state(sandbox).submissions().size()).isZero();
            assertThat(state(sandbox).tokens().size()).as("the new Esign token only").isEqualTo(1);
            assertThat(platform.http().get("/_sandbox/web-sdk/launch?token=" + sivToken).status()).isEqualTo(401);
        }
    }

    @Test
    void aRetentionTooLongForTheCalendarKeepsSubmissionsAndFailsNoRequest() {
        try (ClockedSandbox sandbox = ClockedSandbox.start(Fast.config())) {
            Platform platform = sandbox.platform();
            Reply configured = platform.configure(new JsonObject().put("retentionSeconds", Long.MAX_VALUE));
            assertThat(configured.status()).as(configured.body()).isEqualTo(200);
            String user = Platform.user(null);
            String token = platform.esignToken();
            String certReg = platform.startCertReg(user);
            awaitStatus(platform, certReg, "COMPLETED");
            assertThat(platform.certRegUrls(token, Platform.user(null)).status()).isEqualTo(200);

            sandbox.clock().advance(Housekeeping.INTERVAL);

            Reply details = platform.esignDetails(token, user);
            assertThat(details.status()).as("the request that runs the sweep").isEqualTo(200);
            assertThat(details.data().getString("submissionId")).isEqualTo(certReg);
            assertThat(state(sandbox).submissions().size()).isEqualTo(2);
        }
    }

    private static void awaitStatus(Platform platform, String submissionId, String status) {
        Eventually.await(() -> platform.submission(submissionId).getString("status"), status::equals);
    }

    private static SandboxState state(ClockedSandbox sandbox) {
        return sandbox.engine().state();
    }
}
