package dev.onekycbridge.app.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Comparator;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh database for one test: a SQLite file in a temporary folder, or a new schema in PostgreSQL. Public for the
 * soaks, which run on the same PostgreSQL.
 */
public abstract class TestDatabase implements AutoCloseable {
    static final String POSTGRES_URL_VARIABLE = "BRIDGE_TEST_POSTGRES_URL";

    private final String dataKey = randomKey();

    public abstract String url();

    public String dataKey() {
        return dataKey;
    }

    @Override
    public void close() {
    }

    static TestDatabase sqlite() {
        try {
            Path folder = Files.createTempDirectory("onekyc-e2e-");
            return new TestDatabase() {
                @Override
                public String url() {
                    return "jdbc:sqlite:" + folder.resolve("bridge.db");
                }

                /** Deletes the folder, the database file and its images: close it once nothing has it open. */
                @Override
                public void close() {
                    deleteTemporaryFolder(folder);
                }

                @Override
                public String toString() {
                    return "SQLite";
                }
            };
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A new schema in the PostgreSQL of BRIDGE_TEST_POSTGRES_URL; skipped (or failed in CI) without it. */
    public static TestDatabase postgres() {
        String base = System.getenv(POSTGRES_URL_VARIABLE);
        if (base == null || base.isBlank()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(POSTGRES_URL_VARIABLE + " must be set in CI: the PostgreSQL tests must run");
            }
            System.out.println("PostgreSQL end-to-end tests skipped with no " + POSTGRES_URL_VARIABLE);
            Assumptions.abort("PostgreSQL end-to-end tests skipped: set " + POSTGRES_URL_VARIABLE);
        }
        String schema = "e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
                .toLowerCase(Locale.ROOT);
        try (Connection connection = DriverManager.getConnection(base);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new AssertionError("cannot create a schema in the test PostgreSQL: " + e.getMessage(), e);
        }
        String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new TestDatabase() {
            @Override
            public String url() {
                return url;
            }

            @Override
            public void close() {
                try (Connection connection = DriverManager.getConnection(base);
                     Statement statement = connection.createStatement()) {
                    statement.execute("DROP SCHEMA " + schema + " CASCADE");
                } catch (SQLException e) {
                    // A leftover schema is harmless; the database is a test database.
                }
            }

            @Override
            public String toString() {
                return "PostgreSQL";
            }
        };
    }

    /**
     * Deletes a test's temporary folder and all in it, as far as it can: what is left behind fails no test, and
     * the system's cleaner removes it in time.
     */
    static void deleteTemporaryFolder(Path folder) {
        if (folder == null || !Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // Left behind; the rest still goes.
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // Left behind (a file may vanish while the folder is walked).
        }
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
