package dev.onekycbridge.adapter.persistence;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The statements prepared on one SQLite connection, kept and handed out again by their SQL.
 *
 * <p>SQLite's JDBC driver parses the SQL again for every {@code prepareStatement}: for the short reads and writes
 * of this adapter the parse costs as much as running them. {@link #prepare} answers the statement prepared for
 * that SQL before; when its user closes it, its rows are closed and its parameters cleared. Closing the rows
 * resets the statement, which ends the read transaction it held, so a kept statement never pins an old snapshot
 * of the database or holds back a checkpoint. A statement still in use (a nested use of the same SQL) gets a
 * fresh one instead, closed as usual. Used by one thread at a time, like the connection.
 */
final class StatementCache {
    /** Distinct statements kept; the adapter's fixed SQL is a few dozen, statements jOOQ renders come and go. */
    static final int CAPACITY = 128;

    private final Connection physical;
    private final Map<String, Cached> statements = new LinkedHashMap<>(CAPACITY, 0.75f, true);

    StatementCache(Connection physical) {
        this.physical = physical;
    }

    PreparedStatement prepare(String sql) throws SQLException {
        Cached cached = statements.get(sql);
        if (cached != null && !cached.inUse && cached.statement.isClosed()) {
            // The driver finalises a statement after most errors (an I/O error, a damaged page, a read-only
            // file): handed out again, it would fail every later use of its SQL long after the fault cleared.
            statements.remove(sql);
            cached = null;
        }
        if (cached == null) {
            cached = new Cached(physical.prepareStatement(sql));
            statements.put(sql, cached);
            evictBeyondCapacity();
        } else if (cached.inUse) {
            return physical.prepareStatement(sql);
        }
        cached.inUse = true;
        return cached.view;
    }

    /** Finalises every kept statement; the connection itself is its owner's to close. */
    void closeAll() {
        statements.values().forEach(cached -> closeQuietly(cached.statement));
        statements.clear();
    }

    private void evictBeyondCapacity() {
        Iterator<Cached> eldest = statements.values().iterator();
        while (statements.size() > CAPACITY && eldest.hasNext()) {
            Cached candidate = eldest.next();
            if (!candidate.inUse) {
                eldest.remove();
                closeQuietly(candidate.statement);
            }
        }
    }

    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException ignored) {
            // A statement that cannot be finalised is gone with the connection anyway.
        }
    }

    /** Calls {@code method} on {@code target}, rethrowing what it threw rather than a reflection wrapper. */
    static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** A kept statement and the view of it its users get, whose {@code close} hands it back. */
    private static final class Cached implements InvocationHandler {
        final PreparedStatement statement;
        final PreparedStatement view;
        boolean inUse;
        /** The last query's rows: closing them resets the statement, which readies it for its next use. */
        ResultSet rows;

        Cached(PreparedStatement statement) {
            this.statement = statement;
            this.view = (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, this);
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            return switch (method.getName()) {
                case "close" -> {
                    if (inUse) {
                        inUse = false;
                        try {
                            if (rows != null) {
                                rows.close();
                            }
                            statement.clearParameters();
                        } catch (SQLException e) {
                            // Finalised by the driver after an error: closed here too, it is prepared anew.
                            closeQuietly(statement);
                        } finally {
                            rows = null;
                        }
                    }
                    yield null;
                }
                // jOOQ reads rows through execute() and getResultSet(); plain JDBC users through executeQuery().
                case "executeQuery", "getResultSet" -> rows = (ResultSet) StatementCache.invoke(statement, method,
                        args);
                case "isClosed" -> !inUse;
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> StatementCache.invoke(statement, method, args);
            };
        }
    }
}
