package dev.onekycbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.adapter.persistence.PersistenceAdapter;
import dev.onekycbridge.app.config.BridgeConfig;
import dev.onekycbridge.app.config.ConfigSource;
import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.testing.TestData;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data key rotation done with the command line, on a SQLite file: the new key in BRIDGE_DATA_KEY with the old
 * one in BRIDGE_PREVIOUS_DATA_KEYS, {@code db reencrypt}, then the old key removed.
 */
class KeyRotationCommandsTest {
    private static final String OLD_KEY = randomKey();
    private static final String NEW_KEY = randomKey();

    @TempDir
    Path folder;

    private final CommandLine cli = new CommandLine();
    private Submission stored;

    private static String randomKey() {
        return Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));
    }

    private Map<String, String> environment(String key, String previous) {
        return previous == null
                ? Map.of("BRIDGE_DB_URL", "jdbc:sqlite:" + folder.resolve("bridge.db"), "BRIDGE_DATA_KEY", key)
                : Map.of("BRIDGE_DB_URL", "jdbc:sqlite:" + folder.resolve("bridge.db"), "BRIDGE_DATA_KEY", key,
                        "BRIDGE_PREVIOUS_DATA_KEYS", previous);
    }

    private int run(Map<String, String> environment, String... argv) {
        return cli.run(environment, argv);
    }

    private String out() {
        return cli.out();
    }

    private String err() {
        return cli.err();
    }

    @BeforeEach
    void storeUnderTheOldKey() {
        try (PersistenceAdapter store = OneKycBridge.openStore(BridgeConfig.storeOnly(ConfigSource.of(
                environment(OLD_KEY, null))))) {
            stored = store.submissionStore().insert(TestData.newCertificateRegistration(
                    TestData.partnerUser("u-1"), Instant.now()));
            store.callbackInbox().append(CallbackChannel.SIV, "{\"nik\":\"" + TestData.NIK + "\"}", Instant.now());
        }
        // The new key goes in, the old one stays to read what it wrote: the service starts (and records the new key).
        assertThat(run(environment(NEW_KEY, OLD_KEY), "status", stored.id().toString())).as(err()).isZero();
    }

    @Test
    void afterReencryptingTheOldKeyCanGoAndEverythingIsStillRead() {
        assertThat(run(environment(NEW_KEY, OLD_KEY), "db", "reencrypt")).as(err()).isZero();

        assertThat(out()).contains("re-encrypted under data key k", "1 submission(s)", "0 document URL(s)",
                "0 staged image(s)", "1 callback(s)").doesNotContain(TestData.NIK, TestData.NAME, NEW_KEY, OLD_KEY);
        assertThat(run(environment(NEW_KEY, OLD_KEY), "db", "reencrypt")).isZero();
        assertThat(out()).contains("nothing was under another key");

        assertThat(run(environment(NEW_KEY, null), "status", stored.id().toString())).as(err()).isZero();
        assertThat(out()).contains("status       CREATED");
    }

    @Test
    void aValueThatCannotBeDecryptedIsNamedByTableAndRowWhileTheOthersMoveAndTheCommandFails() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("bridge.db"));
             Statement statement = connection.createStatement()) {
            // The old key's submission damaged: its stored bytes no longer decrypt.
            statement.executeUpdate("update submissions set personal = zeroblob(length(personal)) where id = '"
                    + stored.id() + "'");
        }

        int code = run(environment(NEW_KEY, OLD_KEY), "db", "reencrypt");

        assertThat(code).isEqualTo(Main.FAILED);
        assertThat(out()).contains("0 submission(s)", "1 callback(s)").doesNotContain("Every stored value");
        assertThat(err()).contains("1 stored value(s) could not be decrypted", "submissions " + stored.id())
                .doesNotContain(TestData.NIK, TestData.NAME, OLD_KEY, NEW_KEY);
    }

    @Test
    void aRollbackToTheOldKeyAloneAsksForTheNewKeyRatherThanAReencryption() {
        assertThat(run(environment(NEW_KEY, OLD_KEY), "db", "reencrypt")).as(err()).isZero();

        int code = run(environment(OLD_KEY, null), "status", stored.id().toString());

        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(err()).contains("cannot start", "BRIDGE_DATA_KEY / BRIDGE_PREVIOUS_DATA_KEYS",
                "encrypted under data key 'k", "came into use after the current key",
                "configure it too, as the current key or as a previous key")
                .doesNotContain("re-encrypt", OLD_KEY, NEW_KEY, TestData.NIK);
        assertThat(run(environment(OLD_KEY, NEW_KEY), "status", stored.id().toString())).as(err()).isZero();
    }

    @Test
    void removingTheOldKeyWithoutReencryptingRefusesTheStartNamingTheKeySettings() {
        int code = run(environment(NEW_KEY, null), "status", stored.id().toString());

        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(err()).contains("cannot start", "BRIDGE_DATA_KEY / BRIDGE_PREVIOUS_DATA_KEYS",
                "still encrypted under data key 'k", "re-encrypt").doesNotContain(OLD_KEY, NEW_KEY, TestData.NIK);
    }
}
