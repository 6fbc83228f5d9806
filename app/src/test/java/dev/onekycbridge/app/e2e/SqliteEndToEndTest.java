package dev.onekycbridge.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SqliteEndToEndTest extends EndToEndScenarios {
    private TestDatabase database;

    @Override
    TestDatabase newDatabase() {
        database = TestDatabase.sqlite();
        return database;
    }

    @Test
    void theImagesWaitAsFilesBesideTheDatabaseAndAreGoneOnceThePlatformHasThem() throws IOException {
        Path images = Path.of(database.url().substring("jdbc:sqlite:".length()) + ".images");
        String id = bridge.registered(user(null));

        JsonObject done = bridge.awaitFinal(id);

        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(bridge.sandboxSubmission(done.getString("submissionId")).getJsonObject("documents")
                .fieldNames()).contains("KTP", "SELFIE");
        assertThat(images).isDirectory();
        try (Stream<Path> left = Files.list(images)) {
            assertThat(left).isEmpty();
        }
    }
}
