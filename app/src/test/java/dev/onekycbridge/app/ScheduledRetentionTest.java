package dev.onekycbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.adapter.persistence.PersistenceAdapter;
import dev.onekycbridge.app.config.BridgeConfig;
import dev.onekycbridge.app.config.ConfigSource;
import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.submission.Failure;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import dev.onekycbridge.core.submission.TransitionSource;
import dev.onekycbridge.core.testing.TestData;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The running service purges personal data older than BRIDGE_PURGE_AFTER by itself, with no external cron. */
class ScheduledRetentionTest {
    @TempDir
    Path folder;

    private Map<String, String> settings() {
        String unused = "http://127.0.0.1:9";
        return Map.ofEntries(Map.entry("BRIDGE_DB_URL", "jdbc:sqlite:" + folder.resolve("bridge.db")),
                Map.entry("BRIDGE_DATA_KEY", Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32))),
                Map.entry("BRIDGE_HTTP_PORT", "0"), Map.entry("BRIDGE_HTTP_HOST", "127.0.0.1"),
                Map.entry("BRIDGE_UPLOADS_DIR", folder.resolve("uploads").toString()),
                Map.entry("BRIDGE_PURGE_AFTER", "P30D"),
                Map.entry("ONEKYC_API_BASE_URL", unused), Map.entry("ONEKYC_AUTH_BASE_URL", unused),
                Map.entry("ONEKYC_COE_AUTH_BASE_URL", unused), Map.entry("ONEKYC_CLIENT_ID", "c"),
                Map.entry("ONEKYC_PASS_KEY", "p"), Map.entry("ONEKYC_ONBOARDING_PARTNER", "X-BE-CERT_REG"));
    }

    private static Submission finished(PersistenceAdapter store, String userId, Instant at) {
        Submission created = store.submissionStore().insert(TestData.newCertificateRegistration(
                TestData.partnerUser(userId), at));
        return store.submissionStore().save(created.fail(new Failure("400", "rejected"), TransitionSource.DRIVER, at));
    }

    @Test
    void theServicePurgesFinalSubmissionsAndSettledCallbacksOlderThanTheRetentionAndKeepsRecentOnes()
            throws Exception {
        BridgeConfig config = BridgeConfig.from(ConfigSource.of(settings()));
        Instant longAgo = Instant.now().minus(Duration.ofDays(40));
        SubmissionId old;
        SubmissionId recent;
        long oldCallback;
        try (PersistenceAdapter store = OneKycBridge.openStore(config)) {
            old = finished(store, "old", longAgo).id();
            recent = finished(store, "recent", Instant.now()).id();
            oldCallback = store.callbackInbox().append(CallbackChannel.SIV,
                    "{\"submissionId\":\"plat-1\",\"ktpData\":{\"nik\":\"" + TestData.NIK + "\"}}", longAgo).entryId();
            store.callbackInbox().markApplied(oldCallback, longAgo);
        }

        try (RunningService service = RunningService.start(config, null,
                builder -> builder.purgeEvery(Duration.ofMillis(200)))) {
            awaitPurged(service, old);

            assertThat(service.bridge().submissions().getSubmission(recent).orElseThrow().input()).isPresent();
        }
        assertThat(count("select count(*) from callback_inbox where length(body) = 0 and body_erased_at is not null"
                + " and id = " + oldCallback)).isEqualTo(1);
    }

    private static void awaitPurged(RunningService service, SubmissionId id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (service.bridge().submissions().getSubmission(id).orElseThrow().input().isPresent()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the running service did not purge the old submission in 30 s");
            }
            Thread.sleep(50);
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("bridge.db"));
             Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
