package dev.onekycbridge.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.submission.SubmissionId;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A database that cannot be used is named as such, in words, and without the URL's secrets. */
class DatabaseReachabilityTest {
    @Test
    void aServerThatDoesNotAnswerIsNamedUnreachable() throws IOException {
        String url = closedPortUrl();

        assertThatThrownBy(() -> PersistenceAdapter.open(DatabaseConfig.of(url, TestDatabase.KEY)))
                .isInstanceOf(PersistenceException.class)
                .hasMessageContaining("the database could not be reached (SQL state 08")
                .hasMessageNotContaining("s3cret-pass");
    }

    /** A write asks the pool for its connection once: it fails after the pool's wait (5 s), not three (15 s). */
    @Test
    void aWriteToAServerThatDoesNotAnswerFailsAfterOneWaitOfThePool() throws IOException {
        try (PersistenceAdapter adapter = PersistenceAdapter.open(
                DatabaseConfig.of(closedPortUrl(), TestDatabase.KEY).withMigrateOnOpen(false))) {
            long start = System.nanoTime();

            assertThatThrownBy(() -> adapter.stagedDocuments().stageAll(SubmissionId.random(),
                    Map.of(DocumentKind.KTP, DocumentSource.ofBytes(new byte[] {1, 2, 3}))))
                    .isInstanceOf(PersistenceException.class)
                    .hasMessageContaining("staging documents failed: the database could not be reached (SQL state 08");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    private static String closedPortUrl() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        return "jdbc:postgresql://127.0.0.1:" + closedPort + "/db?user=u&password=s3cret-pass&connectTimeout=2";
    }

    /** Waiting heals no such refusal: it is reported at once, not after the pool's retries (15 s before). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a refused password          | password=[^&]*       | password=not-the-password | the database refused the user or password (SQL state 28",
            "a database that is not there | (//[^/]+/)[^?]*     | $1no_such_database_here   | the database named does not exist (SQL state 3D000)",
            "no password at all           | &?password=[^&]*     | ''                        | it asks for a password that was not given, or for an authentication or SSL the connection does not offer) (SQL state 08004)"})
    void aServerThatRefusesIsNamedWithItsReasonAtOnce(String what, String pattern, String replacement,
                                                      String message) {
        String url = postgresUrl().replaceFirst(pattern, replacement);
        long start = System.nanoTime();

        assertThatThrownBy(() -> PersistenceAdapter.open(DatabaseConfig.of(url, TestDatabase.KEY)))
                .isInstanceOf(PersistenceException.class)
                .hasMessageContaining(message)
                .hasMessageNotContaining("not-the-password");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aPasswordGivenApartFromTheUrlIsRefusedAtOnceAndNotShown() {
        String url = postgresUrl().replaceFirst("&?password=[^&]*", "");
        long start = System.nanoTime();

        assertThatThrownBy(() -> PersistenceAdapter.open(
                DatabaseConfig.of(url, TestDatabase.KEY).withCredentials(null, "not-the-password")))
                .isInstanceOf(PersistenceException.class)
                .hasMessageContaining("the database refused the user or password (SQL state 28")
                .hasMessageNotContaining("not-the-password");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    private static String postgresUrl() {
        PostgresTestDatabase database = PostgresTestDatabase.createIfAvailable(DatabaseReachabilityTest.class);
        PostgresTestDatabase.skipIfMissing(database);
        database.close(); // only the server's URL is wanted, not a schema of its own
        return System.getenv(PostgresTestDatabase.URL_VARIABLE);
    }
}
