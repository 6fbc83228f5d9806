package dev.onekycbridge.adapter.persistence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * One connection to PostgreSQL before the pool starts, so that a server that refuses this service for good is
 * reported at once. The pool retries a failed connection until its timeout runs out, whatever the server answered:
 * a wrong password, a database that does not exist or a missing privilege would wait that long to be reported, and
 * waiting heals none of them. Any other failure (a server not reachable yet) is left to the pool, which keeps
 * trying.
 */
final class LastingRefusal {
    /** As long as the pool waits for a connection; the URL's own {@code connectTimeout}, if any, wins. */
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private LastingRefusal() {
    }

    /** Throws a {@link PersistenceException} naming the refusal (never the password) if the server refuses. */
    static void check(DatabaseConfig config) {
        Properties properties = new Properties();
        properties.setProperty("connectTimeout", String.valueOf(TIMEOUT.toSeconds()));
        properties.setProperty("loginTimeout", String.valueOf(TIMEOUT.toSeconds()));
        if (config.user() != null) {
            properties.setProperty("user", config.user());
        }
        if (config.password() != null) {
            properties.setProperty("password", config.password());
        }
        try (Connection connection = DriverManager.getConnection(config.jdbcUrl(), properties)) {
            connection.isValid(1);
        } catch (SQLException e) {
            if (isLasting(e.getSQLState())) {
                throw Database.translate("connecting to the database", e);
            }
        }
    }

    /**
     * A refused user or password (28…), a login the server asks for and the connection cannot make (08004: no
     * password given, say), a database that does not exist, a privilege the user lacks.
     */
    static boolean isLasting(String state) {
        return state != null && (state.startsWith("28") || state.equals("08004") || state.equals("3D000")
                || state.equals("42501"));
    }
}
