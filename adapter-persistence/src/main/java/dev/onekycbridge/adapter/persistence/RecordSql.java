package dev.onekycbridge.adapter.persistence;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import org.jooq.Converter;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

/**
 * SQL over a fixed list of a table's columns, written once from the generated schema and run with plain JDBC;
 * each value is bound through its column's converter. For the writes of every driver step: on SQLite they run on
 * the database's one writer thread, where building and rendering a statement of thirty columns with jOOQ cost
 * several times executing it. The SQL is valid in both dialects (PostgreSQL, and SQLite since 3.24, share
 * {@code ON CONFLICT … DO UPDATE} and {@code excluded}).
 */
final class RecordSql {
    private RecordSql() {
    }

    /** {@code INSERT INTO table (c1, …) VALUES (?, …)}. */
    static String insert(Table<?> table, List<? extends Field<?>> columns) {
        return "INSERT INTO " + table.getName() + " (" + names(columns) + ") VALUES ("
                + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
    }

    /** An insert that, on a conflict of {@code key}, sets every other column to the inserted value. */
    static String upsert(Table<?> table, List<? extends Field<?>> columns, List<? extends Field<?>> key) {
        return insert(table, columns) + " ON CONFLICT (" + names(key) + ") DO UPDATE SET " + columns.stream()
                .filter(c -> !key.contains(c))
                .map(c -> c.getName() + " = excluded." + c.getName())
                .collect(Collectors.joining(", "));
    }

    /** {@code c1 = ?, c2 = ?, …}, for an {@code UPDATE}. */
    static String assignments(List<? extends Field<?>> columns) {
        return columns.stream().map(c -> c.getName() + " = ?").collect(Collectors.joining(", "));
    }

    /** Binds the record's values of {@code columns} from parameter {@code first} on; returns the next index. */
    static int bind(PreparedStatement statement, int first, Record record, List<? extends Field<?>> columns)
            throws SQLException {
        int index = first;
        for (Field<?> column : columns) {
            bind(statement, index++, column, record.get(column));
        }
        return index;
    }

    /** Binds plain values (ids, texts) from parameter {@code first} on, in order. */
    static void bindAll(PreparedStatement statement, int first, List<?> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            statement.setObject(first + i, values.get(i));
        }
    }

    /** Binds one value of {@code column}'s type, as the database stores it. */
    @SuppressWarnings("unchecked")
    static void bind(PreparedStatement statement, int index, Field<?> column, Object value) throws SQLException {
        // A null goes as setObject(null): PostgreSQL then takes the type from the column, whatever it is.
        statement.setObject(index, ((Converter<Object, Object>) column.getConverter()).to(value));
    }

    /** {@code SELECT c1, … FROM table} with the columns prefixed by {@code alias}. */
    static String select(Table<?> table, String alias, List<? extends Field<?>> columns) {
        return "SELECT " + columns(alias, columns) + " FROM " + table.getName() + " " + alias;
    }

    /** {@code alias.c1, alias.c2, …}. */
    static String columns(String alias, List<? extends Field<?>> columns) {
        return columns.stream().map(c -> alias + "." + c.getName()).collect(Collectors.joining(", "));
    }

    /** {@code (?, ?, …)} with {@code count} parameters, for an {@code IN}. */
    static String parameters(int count) {
        return "(" + String.join(", ", java.util.Collections.nCopies(count, "?")) + ")";
    }

    /** Reads {@code columns} into {@code into} from the row's columns {@code first}, {@code first + 1}, …. */
    static <R extends Record> R read(ResultSet row, int first, R into, List<? extends Field<?>> columns)
            throws SQLException {
        int index = first;
        for (Field<?> column : columns) {
            into.set(uncheckedField(column), read(row, index++, column));
        }
        into.changed(false);
        return into;
    }

    /** One value of {@code column}'s type from the row's column {@code index}. */
    @SuppressWarnings("unchecked")
    static Object read(ResultSet row, int index, Field<?> column) throws SQLException {
        Converter<Object, Object> converter = (Converter<Object, Object>) column.getConverter();
        Class<?> stored = converter.fromType();
        Object value;
        if (stored == Long.class) {
            long number = row.getLong(index);
            value = row.wasNull() ? null : number;
        } else if (stored == Integer.class) {
            int number = row.getInt(index);
            value = row.wasNull() ? null : number;
        } else if (stored == String.class) {
            value = row.getString(index);
        } else if (stored == byte[].class) {
            value = row.getBytes(index);
        } else if (stored == Boolean.class) {
            boolean flag = row.getBoolean(index);
            value = row.wasNull() ? null : flag;
        } else {
            value = row.getObject(index, stored);
        }
        return converter.from(value);
    }

    @SuppressWarnings("unchecked")
    private static Field<Object> uncheckedField(Field<?> column) {
        return (Field<Object>) column;
    }

    private static String names(List<? extends Field<?>> columns) {
        return columns.stream().map(Field::getName).collect(Collectors.joining(", "));
    }
}
