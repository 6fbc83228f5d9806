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
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * The SQLite writer's own connection: opened once and kept, with the statements prepared on it kept too.
 *
 * <p>A write used to borrow any pooled connection, whose page cache the previous commit (on another connection)
 * had made stale, and to prepare its statements afresh: SQLite parsed the same SQL for every callback stored.
 * Here {@code prepareStatement(sql)} answers the statement prepared for that SQL before, its parameters cleared
 * when its user closes it; a statement still in use (a nested use of the same SQL) gets a fresh one instead.
 * Transactions are SQLite's own statements ({@code BEGIN IMMEDIATE}, savepoints, {@code COMMIT}), prepared
 * once like the rest. Only the writer's thread uses it.
 */
final class WriterConnection implements AutoCloseable {
    /** Distinct statements kept; the writer's fixed SQL is a few dozen, statements jOOQ renders come and go. */
    static final int CACHED_STATEMENTS = 128;

    private final DataSource source;
    private final SQLDialect dialect;
    private final Settings settings;
    private Connection physical;
    private Connection shared;
    private DSLContext dsl;
    private boolean inTransaction;
    private final Map<String, Cached> statements = new LinkedHashMap<>(CACHED_STATEMENTS, 0.75f, true);

    WriterConnection(DataSource source, SQLDialect dialect, Settings settings) {
        this.source = source;
        this.dialect = dialect;
        this.settings = settings;
    }

    /** The context the writes run with: its connection is this one, its statements the cached ones. */
    DSLContext dsl() throws SQLException {
        open();
        return dsl;
    }

    void begin() throws SQLException {
        run("BEGIN IMMEDIATE");
        inTransaction = true;
    }

    void commit() throws SQLException {
        run("COMMIT");
        inTransaction = false;
    }

    /**
     * Undoes the open transaction, if any. When even that fails the connection is closed, and the next write
     * opens a new one: SQLite undoes whatever a closed connection left uncommitted.
     */
    void rollback() {
        if (physical == null || !inTransaction) {
            return;
        }
        try {
            run("ROLLBACK");
            inTransaction = false;
        } catch (SQLException | RuntimeException e) {
            close();
        }
    }

    void savepoint() throws SQLException {
        run("SAVEPOINT write");
    }

    void releaseSavepoint() throws SQLException {
        run("RELEASE write");
    }

    void rollbackToSavepoint() throws SQLException {
        run("ROLLBACK TO write");
        run("RELEASE write");
    }

    private void run(String sql) throws SQLException {
        open();
        try (PreparedStatement statement = prepare(sql)) {
            statement.execute();
        }
    }

    private void open() throws SQLException {
        if (physical != null) {
            return;
        }
        physical = source.getConnection();
        try (var statement = physical.createStatement()) {
            // Only the writer commits; its commits leave the copying back to the checkpointer (WalCheckpointer).
            statement.execute("PRAGMA wal_autocheckpoint = " + WalCheckpointer.WRITER_CHECKPOINT_PAGES);
        }
        shared = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new SharedConnection());
        dsl = DSL.using(shared, dialect, settings);
    }

    @Override
    public void close() {
        statements.values().forEach(cached -> closeQuietly(cached.statement));
        statements.clear();
        if (physical != null) {
            try {
                physical.close();
            } catch (SQLException ignored) {
                // Closing is all that is left to do with it.
            }
            physical = null;
            shared = null;
            dsl = null;
            inTransaction = false;
        }
    }

    private PreparedStatement prepare(String sql) throws SQLException {
        Cached cached = statements.get(sql);
        if (cached == null) {
            cached = new Cached(physical.prepareStatement(sql));
            statements.put(sql, cached);
            evictBeyondLimit();
        } else if (cached.inUse) {
            return physical.prepareStatement(sql);
        }
        cached.inUse = true;
        return cached.view;
    }

    private void evictBeyondLimit() {
        Iterator<Cached> eldest = statements.values().iterator();
        while (statements.size() > CACHED_STATEMENTS && eldest.hasNext()) {
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

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** The connection as the writes see it: statements from the cache, and closing it is the writer's business. */
    private final class SharedConnection implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            return switch (method.getName()) {
                case "prepareStatement" -> args.length == 1 ? prepare((String) args[0])
                        : WriterConnection.invoke(physical, method, args);
                case "close" -> null;
                case "isClosed" -> physical == null || physical.isClosed();
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> WriterConnection.invoke(physical, method, args);
            };
        }
    }

    /** A kept statement and the view of it its users get, whose {@code close} hands it back. */
    private static final class Cached implements InvocationHandler {
        final PreparedStatement statement;
        final PreparedStatement view;
        boolean inUse;
        /** The last query's rows: a closed statement's rows are closed, which readies it for its next use. */
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
                        if (rows != null) {
                            rows.close();
                            rows = null;
                        }
                        statement.clearParameters();
                    }
                    yield null;
                }
                case "executeQuery" -> rows = (ResultSet) WriterConnection.invoke(statement, method, args);
                case "isClosed" -> !inUse;
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> WriterConnection.invoke(statement, method, args);
            };
        }
    }
}
