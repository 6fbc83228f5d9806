package dev.onekycbridge.adapter.persistence;

import dev.onekycbridge.adapter.persistence.schema.EpochNanosConverter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Test side: every row of a service's callback inbox, read over JDBC, with its body opened by the store's own
 * cipher under the data key the test gave the service. The inbox port has no way to list entries (they are
 * claimed, not read back), and nothing but the sealed body says which callback an entry is: this class lives in
 * the store's package to use {@link DataCipher} and the body's context as the store seals it, rather than a copy
 * of either. Read-only: it never writes to the database.
 */
public final class CallbackInboxRows {
    private static final String ROWS = "SELECT id, channel, body, data_key_id, received_at, state, body_erased_at"
            + " FROM callback_inbox ORDER BY id";
    private static final EpochNanosConverter NANOS = new EpochNanosConverter();

    private CallbackInboxRows() {
    }

    /**
     * One entry of the inbox.
     *
     * @param body the callback as received, or null when the retention purge erased it
     */
    public record Row(long id, String channel, String state, Instant receivedAt, String body) {
        @Override
        public String toString() {
            return "Row[" + id + ", " + channel + ", " + state + ", " + receivedAt + ", "
                    + (body == null ? "erased" : "body of " + body.length() + " chars") + "]";
        }
    }

    /**
     * The inbox's rows, oldest first.
     *
     * @param jdbcUrl the service's {@code BRIDGE_DB_URL} (SQLite or PostgreSQL, credentials in the URL)
     * @param dataKey the service's {@code BRIDGE_DATA_KEY}, base64
     */
    public static List<Row> read(String jdbcUrl, String dataKey) {
        Map<String, DataCipher> ciphers = new HashMap<>();
        List<Row> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
            if (jdbcUrl.startsWith("jdbc:sqlite:")) {
                try (Statement pragma = connection.createStatement()) {
                    // The service may be writing: wait for its lock as the service itself would.
                    pragma.execute("PRAGMA busy_timeout = " + Database.SQLITE_BUSY_TIMEOUT.toMillis());
                }
            }
            try (PreparedStatement select = connection.prepareStatement(ROWS);
                 ResultSet found = select.executeQuery()) {
                while (found.next()) {
                    long id = found.getLong("id");
                    String keyId = found.getString("data_key_id");
                    found.getLong("body_erased_at");
                    boolean erased = !found.wasNull();
                    String body = null;
                    if (!erased) {
                        DataCipher cipher = ciphers.computeIfAbsent(keyId,
                                key -> DataCipher.of(DataKey.fromBase64(key, dataKey), List.of()));
                        body = cipher.openString(keyId, found.getBytes("body"), JooqCallbackInbox.context(id));
                    }
                    rows.add(new Row(id, found.getString("channel"), found.getString("state"),
                            NANOS.from(found.getLong("received_at")), body));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the callback inbox: " + e.getMessage(), e);
        }
        return rows;
    }
}
