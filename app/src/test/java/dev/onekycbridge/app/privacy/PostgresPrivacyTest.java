package dev.onekycbridge.app.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The flows of {@link PrivacyFlows} on PostgreSQL (a fresh schema in the database of
 * {@code BRIDGE_TEST_POSTGRES_URL}), with every logger at DEBUG: no log line holds a personal value, a token or a
 * secret of the run, and neither does any value of any column of any table of the schema, read over JDBC (bytea
 * as raw bytes, everything else as text) while a registration waits before upload with its images staged in the
 * database, and again once every flow has finished. Without the variable it is skipped with a message, and fails
 * in CI ({@code CI=true}), as the end-to-end tests do.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresPrivacyTest {
    static final String POSTGRES_URL_VARIABLE = "BRIDGE_TEST_POSTGRES_URL";

    private String base;
    private String schema;
    private PrivacyScan scan;
    private TableScan whileHeld;
    private TableScan afterwards;

    /** What one read of every value of the schema found, and how many rows each table.column had. */
    private record TableScan(List<PersonalDataScanner.Finding> findings,
                             List<PersonalDataScanner.Finding> probeFindings, Map<String, Integer> rows,
                             int valuesRead) {
    }

    @BeforeAll
    void runTheFlows() throws SQLException {
        base = System.getenv(POSTGRES_URL_VARIABLE);
        if (base == null || base.isBlank()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(POSTGRES_URL_VARIABLE + " must be set in CI: the PostgreSQL tests must run");
            }
            System.out.println("PostgreSQL privacy scan skipped with no " + POSTGRES_URL_VARIABLE);
            Assumptions.abort("PostgreSQL privacy scan skipped: set " + POSTGRES_URL_VARIABLE);
        }
        schema = "privacy_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (Connection connection = DriverManager.getConnection(base);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        // The scanner is complete only once the flows have ended (their tokens and signatures): the values read
        // while a registration was held are scanned then.
        List<Object[]> heldValues = new ArrayList<>();
        scan = PrivacyScan.run(url, bridge -> heldValues.addAll(readEveryValue()), bridge -> { });
        whileHeld = scanned(heldValues);
        afterwards = scanned(readEveryValue());
        System.out.printf("privacy scan (PostgreSQL): %d log lines (%d DEBUG events), %d values looked for in %d"
                        + " forms, in %d stored values while a registration was held and %d afterwards%n",
                scan.logLines.size(), scan.debugEvents, scan.scanner.size(), scan.scanner.forms(),
                whileHeld.valuesRead(), afterwards.valuesRead());
    }

    /** Every value of every column of every table of the schema, each with where it is: table.column. */
    private List<Object[]> readEveryValue() {
        List<Object[]> values = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(base)) {
            List<String[]> columns = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT table_name, column_name FROM"
                    + " information_schema.columns WHERE table_schema = ? ORDER BY table_name, ordinal_position")) {
                query.setString(1, schema);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        columns.add(new String[] {rows.getString(1), rows.getString(2)});
                    }
                }
            }
            assertThat(columns).as("columns of the schema").isNotEmpty();
            for (String[] column : columns) {
                String where = column[0] + "." + column[1];
                try (Statement statement = connection.createStatement();
                     ResultSet rows = statement.executeQuery("SELECT \"" + column[1] + "\" FROM " + schema + ".\""
                             + column[0] + "\"")) {
                    while (rows.next()) {
                        values.add(new Object[] {where, rows.getObject(1)});
                    }
                }
            }
        } catch (SQLException e) {
            throw new AssertionError("could not read the schema: " + e, e);
        }
        return values;
    }

    /** The values scanned (bytea as raw bytes, everything else as text), and the rows of each column counted. */
    private TableScan scanned(List<Object[]> values) {
        List<PersonalDataScanner.Finding> findings = new ArrayList<>();
        List<PersonalDataScanner.Finding> probeFindings = new ArrayList<>();
        Map<String, Integer> rows = new TreeMap<>();
        int valuesRead = 0;
        for (Object[] row : values) {
            String where = (String) row[0];
            Object value = row[1];
            rows.merge(where, 1, Integer::sum);
            if (value == null) {
                continue;
            }
            valuesRead++;
            if (value instanceof byte[] bytes) {
                findings.addAll(scan.scanner.scanBytes(bytes, where));
                probeFindings.addAll(scan.probe.scanBytes(bytes, where));
            } else {
                String text = value.toString();
                findings.addAll(scan.scanner.scanText(text, where));
                findings.addAll(scan.scanner.scanBytes(text.getBytes(StandardCharsets.UTF_8), where));
                probeFindings.addAll(scan.probe.scanText(text, where));
            }
        }
        return new TableScan(findings, probeFindings, rows, valuesRead);
    }

    @AfterAll
    void dropTheSchema() {
        if (schema == null) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(base);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA " + schema + " CASCADE");
        } catch (SQLException e) {
            // A leftover schema is harmless; the database is a test database.
        }
    }

    @Test
    void noLogLineHoldsPersonalDataATokenOrASecret() {
        assertThat(scan.debugEvents).isPositive();
        scan.scanner.assertNoneIn(scan.logLines, "log");
    }

    @Test
    void theFailurePathsRanAndLoggedUnderTheCapture() {
        assertThat(scan.failurePathsNotLogged()).isEmpty();
    }

    @Test
    void theTableScanFindsWhatTheDatabaseHoldsInPlaintext() {
        assertThat(whileHeld.probeFindings()).isNotEmpty();
        assertThat(afterwards.probeFindings()).isNotEmpty();
    }

    @Test
    void theHeldRegistrationsImagesWereStagedInTheDatabaseWhenItWasScanned() {
        assertThat(whileHeld.rows()).as("rows per column while held")
                .hasEntrySatisfying("staged_documents.kind", rows -> assertThat(rows).isGreaterThanOrEqualTo(2))
                .hasEntrySatisfying("staged_document_chunks.content",
                        rows -> assertThat(rows).isGreaterThanOrEqualTo(2));
    }

    @Test
    void noStoredValueHoldsAPersonalValueTokenOrSecretInPlaintextWhileARegistrationIsHeld() {
        assertThat(whileHeld.findings()).isEmpty();
    }

    @Test
    void noStoredValueHoldsAPersonalValueTokenOrSecretInPlaintext() {
        assertThat(afterwards.findings()).isEmpty();
    }
}
