package dev.onekycbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.adapter.persistence.PersistenceAdapter;
import dev.onekycbridge.app.config.BridgeConfig;
import dev.onekycbridge.app.config.ConfigSource;
import dev.onekycbridge.app.e2e.TestDatabase;
import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code db vacuum}: on SQLite, the space the purge erased given back to the file system. */
class DbVacuumCommandTest {
    private static final String KEY = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));
    private static final int SETTLED_CALLBACKS = 3000;

    @TempDir
    Path folder;

    private final CommandLine cli = new CommandLine();

    private Path file() {
        return folder.resolve("bridge.db");
    }

    private Map<String, String> environment() {
        return Map.of("BRIDGE_DB_URL", "jdbc:sqlite:" + file(), "BRIDGE_DATA_KEY", KEY);
    }

    /** The database file with its WAL. */
    private long onDisk() throws IOException {
        Path wal = Path.of(file() + "-wal");
        return Files.size(file()) + (Files.exists(wal) ? Files.size(wal) : 0);
    }

    @Test
    void afterAPurgeTheFileShrinksAndWhatIsLeftIsReadAsBefore() throws IOException {
        Submission kept;
        String padding = "x".repeat(2000);
        try (PersistenceAdapter store = OneKycBridge.openStore(BridgeConfig.storeOnly(ConfigSource.of(
                environment())))) {
            kept = store.submissionStore().insert(TestData.newCertificateRegistration(TestData.partnerUser("u-1"),
                    Instant.now()));
            Instant received = Instant.now().minusSeconds(3600);
            for (int i = 0; i < SETTLED_CALLBACKS; i++) {
                store.callbackInbox().appendRejected(CallbackChannel.COE, "{\"n\":" + i + ",\"pad\":\"" + padding
                        + "\"}", received, "malformed JSON");
            }
        }
        assertThat(cli.run(environment(), "purge", "--older-than", "PT1M")).as(cli.err()).isZero();
        assertThat(cli.out()).contains(SETTLED_CALLBACKS + " callback body(ies) erased");
        long purged = onDisk();
        assertThat(purged).as("the purge erases, but the file keeps its pages")
                .isGreaterThan(SETTLED_CALLBACKS * 2000L);

        assertThat(cli.run(environment(), "db", "vacuum")).as(cli.err()).isZero();

        assertThat(cli.out()).contains("SQLite " + file().toAbsolutePath() + ": vacuumed, ", " MiB -> ",
                "(the file with its WAL)");
        assertThat(onDisk()).isLessThan(purged / 4);
        assertThat(cli.run(environment(), "status", kept.id().toString())).as(cli.err()).isZero();
        assertThat(cli.out()).contains("status       CREATED");
        try (PersistenceAdapter store = OneKycBridge.openStore(BridgeConfig.storeOnly(ConfigSource.of(
                environment())))) {
            assertThat(store.submissionStore().findById(kept.id())).contains(kept);
        }
    }

    @Test
    void onPostgresqlNothingIsDoneAndTheCommandSaysWhy() {
        try (TestDatabase database = TestDatabase.postgres()) {
            Map<String, String> environment = Map.of("BRIDGE_DB_URL", database.url(), "BRIDGE_DATA_KEY",
                    database.dataKey());
            assertThat(cli.run(environment, "db", "migrate")).as(cli.err()).isZero();

            assertThat(cli.run(environment, "db", "vacuum")).as(cli.err()).isZero();

            assertThat(cli.out()).contains("PostgreSQL", "nothing to do: autovacuum makes the space");
        }
    }
}
