package dev.onekycbridge.adapter.persistence;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/** A database for one test (class): where it is, how to open the adapter on it, and raw SQL for assertions. */
abstract class TestDatabase implements AutoCloseable {
    static final DataKey KEY = key("key-1", 1);

    private final List<PersistenceAdapter> opened = new ArrayList<>();

    /** A fixed key, different for every seed. */
    static DataKey key(String id, int seed) {
        byte[] material = new byte[DataKey.LENGTH_BYTES];
        Arrays.fill(material, (byte) seed);
        material[0] = (byte) (seed * 31);
        return DataKey.of(id, material);
    }

    abstract String url();

    DatabaseConfig config(DataKey key) {
        return DatabaseConfig.of(url(), key);
    }

    PersistenceAdapter open() {
        return open(config -> config);
    }

    PersistenceAdapter open(DataKey key) {
        return open(config -> config(key));
    }

    /** Opens an adapter (closed with this database) with the test's changes to the configuration. */
    PersistenceAdapter open(UnaryOperator<DatabaseConfig> change) {
        PersistenceAdapter adapter = PersistenceAdapter.open(change.apply(config(KEY)));
        synchronized (opened) {
            opened.add(adapter);
        }
        return adapter;
    }

    abstract Connection rawConnection() throws SQLException;

    /**
     * Makes every insert into and update of {@code table} fail as the database itself fails a write, until
     * {@link #allowWrites}: a stand-in for a full disk, which a test cannot cause.
     */
    abstract void refuseWrites(String table);

    abstract void allowWrites(String table);

    /** Empties the tables the stores write (the schema and the key checks stay). */
    void reset() {
        execute("delete from submission_history", "delete from submission_documents", "delete from submissions",
                "delete from staged_document_chunks", "delete from staged_documents", "delete from callback_inbox");
    }

    void execute(String... statements) {
        try (Connection connection = rawConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long count(String sql) {
        try (Connection connection = rawConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of the first row, as bytes. */
    byte[] bytes(String sql) {
        try (Connection connection = rawConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getBytes(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    List<String> strings(String sql) {
        List<String> values = new ArrayList<>();
        try (Connection connection = rawConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Where (table.column) a value of a table the stores write holds {@code text} in plain: a text value, or the
     * bytes of a binary one read as UTF-8.
     */
    List<String> columnsHolding(String text) {
        List<String> found = new ArrayList<>();
        for (String table : List.of("submissions", "submission_documents", "submission_history", "staged_documents",
                "staged_document_chunks", "callback_inbox")) {
            try (Connection connection = rawConnection(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("select * from " + table)) {
                while (rows.next()) {
                    for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                        Object value = rows.getObject(column);
                        String shown = value instanceof byte[] bytes
                                ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(value);
                        if (shown.contains(text)) {
                            found.add(table + "." + rows.getMetaData().getColumnName(column));
                        }
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return found;
    }

    @Override
    public void close() {
        synchronized (opened) {
            opened.forEach(PersistenceAdapter::close);
            opened.clear();
        }
    }
}
