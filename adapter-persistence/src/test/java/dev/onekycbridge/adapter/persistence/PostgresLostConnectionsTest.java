package dev.onekycbridge.adapter.persistence;

import static dev.onekycbridge.core.contract.SubmissionFixtures.T0;
import static dev.onekycbridge.core.contract.SubmissionFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.testing.TestData;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server ends every session of the pool at once (a restart, {@code pg_terminate_backend}): the call in hand
 * fails, and the next one is served on a new connection instead of on another the server has ended.
 */
class PostgresLostConnectionsTest {
    /**
     * HikariCP's setting (a system property, read as each pool is made) for how long after its last use a
     * connection is lent again without a check: 500 ms by default, which the bug needed the pool's connections to be
     * within. An hour here, for the pool this test opens only, so that they stay within it however slowly the
     * machine runs the steps between their use and the calls under test.
     */
    private static final String ALIVE_BYPASS_WINDOW = "com.zaxxer.hikari.aliveBypassWindowMs";

    /** Names this test's sessions, so that ending them ends no other client's of the shared server. */
    private final String application = "bridge-lost-connections-" + UUID.randomUUID();
    private PostgresTestDatabase database;

    @BeforeEach
    void createSchema() {
        database = PostgresTestDatabase.createOrSkip(PostgresLostConnectionsTest.class);
    }

    @AfterEach
    void dropSchema() {
        if (database != null) {
            database.close();
        }
    }

    /** Before, each connection used within the pool's last half second failed one more caller in turn. */
    @Test
    void afterTheServerEndedThePoolsSessionsTheNextCallGetsANewConnection() throws Exception {
        String url = database.url() + "&ApplicationName=" + application;
        PersistenceAdapter adapter = openWithoutChecksOfRecentlyUsedConnections(url);
        Submission stored = adapter.submissionStore().insert(TestData.newCertificateRegistration(user("u-1"), T0));
        List<Connection> inUse = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            inUse.add(adapter.database().dataSource().getConnection());
        }
        for (Connection connection : inUse) {
            connection.close(); // all four used just now: the pool lends them again unchecked
        }

        try (Connection admin = database.rawConnection(); Statement statement = admin.createStatement()) {
            statement.execute("select pg_terminate_backend(pid) from pg_stat_activity where application_name = '"
                    + application + "'");
            while (count(statement, "select count(*) from pg_stat_activity where application_name = '"
                    + application + "'") > 0) {
                Thread.sleep(5);
            }
        }

        assertThatThrownBy(() -> adapter.submissionStore().findById(stored.id()))
                .isInstanceOf(PersistenceException.class)
                .hasMessageStartingWith("finding a submission failed");
        assertThat(adapter.submissionStore().findById(stored.id())).isPresent();
        assertThat(adapter.submissionStore().save(stored.scheduleAt(T0.plusSeconds(60))).version())
                .isGreaterThan(stored.version());
    }

    private PersistenceAdapter openWithoutChecksOfRecentlyUsedConnections(String url) {
        String previous = System.getProperty(ALIVE_BYPASS_WINDOW);
        System.setProperty(ALIVE_BYPASS_WINDOW, "3600000");
        try {
            return database.open(config -> DatabaseConfig.of(url, TestDatabase.KEY));
        } finally {
            if (previous == null) {
                System.clearProperty(ALIVE_BYPASS_WINDOW);
            } else {
                System.setProperty(ALIVE_BYPASS_WINDOW, previous);
            }
        }
    }

    private static long count(Statement statement, String sql) throws Exception {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
