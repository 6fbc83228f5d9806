package dev.onekycbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.adapter.persistence.DatabaseConfig;
import dev.onekycbridge.adapter.persistence.PersistenceAdapter;
import dev.onekycbridge.app.config.BridgeConfig;
import dev.onekycbridge.app.config.ConfigSource;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.testing.TestData;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BRIDGE_DB_POOL_SIZE reaches the store: the most connections its pool holds open at once. */
class DatabasePoolSizeTest {
    @TempDir
    Path folder;

    private Map<String, String> environment(String url) {
        return new HashMap<>(Map.of("BRIDGE_DB_URL", url,
                "BRIDGE_DATA_KEY", Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32))));
    }

    @Test
    void theStoreIsConfiguredWithThePoolSizeSetAndTheDefaultOtherwise() {
        Map<String, String> postgres = environment("jdbc:postgresql://db.internal:5432/onekyc");
        assertThat(storeConfig(postgres).poolSize()).isEqualTo(DatabaseConfig.DEFAULT_POOL_SIZE);

        postgres.put("BRIDGE_DB_POOL_SIZE", "48");
        assertThat(storeConfig(postgres).poolSize()).isEqualTo(48);

        Map<String, String> sqlite = environment("jdbc:sqlite:" + folder.resolve("bridge.db"));
        sqlite.put("BRIDGE_DB_POOL_SIZE", "3");
        assertThat(storeConfig(sqlite).poolSize()).isEqualTo(3);
    }

    /** One connection is enough for SQLite's readers: the writes have their own. */
    @Test
    void aStoreWithAPoolOfOneConnectionOpensAndServes() {
        Map<String, String> sqlite = environment("jdbc:sqlite:" + folder.resolve("bridge.db"));
        sqlite.put("BRIDGE_DB_POOL_SIZE", "1");

        try (PersistenceAdapter store = OneKycBridge.openStore(storeConfig(sqlite))) {
            Submission stored = store.submissionStore().insert(TestData.newCertificateRegistration(Instant.now()));

            assertThat(store.submissionStore().findById(stored.id())).isPresent();
        }
    }

    private static DatabaseConfig storeConfig(Map<String, String> environment) {
        return OneKycBridge.databaseConfig(BridgeConfig.storeOnly(ConfigSource.of(environment)));
    }
}
