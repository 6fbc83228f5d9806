package dev.onekycbridge.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.sandbox.Faults;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteEndToEndTest extends EndToEndScenarios {
    private TestDatabase database;
    @TempDir
    Path temporary;

    @Override
    TestDatabase newDatabase() {
        database = TestDatabase.sqlite();
        return database;
    }

    @Override
    Map<String, String> settings() {
        return Map.of("BRIDGE_UPLOADS_DIR", temporary.resolve("uploads").toString());
    }

    @Test
    void receivedImagesWaitInTheConfiguredUploadsDirectoryWhichOnlyTheServicesUserMayRead() throws IOException {
        Path uploads = temporary.resolve("uploads");
        String id = bridge.registered(user(null));

        assertThat(bridge.awaitFinal(id).getString("status")).isEqualTo("COMPLETED");
        assertThat(uploads).isDirectory();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(uploads))).isEqualTo("rwx------");
        try (Stream<Path> left = Files.list(uploads)) {
            // The lock that keeps a second instance off the directory stays while the service runs.
            assertThat(left.filter(p -> !p.getFileName().toString().equals(".onekyc-bridge.lock")))
                    .as("each request's files are deleted when it is answered").isEmpty();
        }
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

    @Test
    void anImageFileDamagedOnDiskFailsItsSubmissionAtOnceAndNothingOfItReachesThePlatform() throws IOException {
        Path images = Path.of(database.url().substring("jdbc:sqlite:".length()) + ".images");
        // The platform is down, so the driver waits to retry while the images sit on disk.
        bridge.sandbox.control().updateConfig(c -> c.withFaults(Faults.none().withErrorRate(1.0, 503)));
        String id = bridge.registered(user(null));
        List<Path> files;
        try (Stream<Path> listed = Files.list(images)) {
            files = listed.toList();
        }
        assertThat(files).hasSize(2);
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length - 20] ^= 1;
            Files.write(file, bytes);
        }

        bridge.sandbox.control().updateConfig(c -> c.withFaults(Faults.none()));
        JsonObject done = bridge.awaitFinal(id);

        assertThat(done.getString("status")).isEqualTo("FAILED");
        assertThat(done.getJsonObject("failure").getString("cause")).isEqualTo("STAGED_DOCUMENT_UNREADABLE");
        try (Stream<Path> left = Files.list(images)) {
            assertThat(left).as("the damaged images are discarded").isEmpty();
        }
        assertThat(bridge.sandboxSubmissions()).allSatisfy(platform ->
                assertThat(((JsonObject) platform).getInteger("confirmCount")).isZero());
    }
}
