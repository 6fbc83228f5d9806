package dev.onekycbridge.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
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

    /**
     * A write asks the pool for its connection once: it fails after the pool's wait (5 s), not three (15 s). (An
     * adapter no longer opens over a server that does not answer, so the database is used as the adapter would.)
     */
    @Test
    void aWriteToAServerThatDoesNotAnswerFailsAfterOneWaitOfThePool() throws IOException {
        try (Database database = Database.open(
                DatabaseConfig.of(closedPortUrl(), TestDatabase.KEY).withMigrateOnOpen(false))) {
            long start = System.nanoTime();

            assertThatThrownBy(() -> database.write("staging documents", ctx -> ctx.selectOne().fetch()))
                    .isInstanceOf(PersistenceException.class)
                    .hasMessageContaining("staging documents failed: the database could not be reached (SQL state 08");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    /** Opened without migrating, too: a start or a command that cannot read the schema version checks nothing. */
    @Test
    void anAdapterOpenedWithoutMigratingOverAServerThatDoesNotAnswerIsNotOpened() throws IOException {
        assertThatThrownBy(() -> PersistenceAdapter.open(
                DatabaseConfig.of(closedPortUrl(), TestDatabase.KEY).withMigrateOnOpen(false)))
                .isInstanceOf(PersistenceException.class)
                .hasMessageContaining("reading the schema version failed: the database could not be reached")
                .hasMessageNotContaining("s3cret-pass");
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
