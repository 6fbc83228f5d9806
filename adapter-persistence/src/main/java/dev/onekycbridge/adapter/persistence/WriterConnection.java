package dev.onekycbridge.adapter.persistence;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * The SQLite writer's own connection: opened once and kept, with the statements prepared on it kept too
 * ({@link StatementCache}).
 *
 * <p>A write used to borrow any pooled connection, whose page cache the previous commit (on another connection)
 * had made stale, and to prepare its statements afresh: SQLite parsed the same SQL for every callback stored.
 * Transactions are SQLite's own statements ({@code BEGIN IMMEDIATE}, savepoints, {@code COMMIT}), prepared
 * once like the rest. Only the writer's thread uses it.
 */
final class WriterConnection implements AutoCloseable {
    private final DataSource source;
    private final SQLDialect dialect;
    private final Settings settings;
    private Connection physical;
    private StatementCache statements;
    private Connection shared;
    private DSLContext dsl;
    private boolean inTransaction;
    /** The connection's busy timeout as last set here; -1 until then (the data source's). */
    private long busyTimeoutMillis = -1;

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

    /** Begins a write transaction, waiting at most {@code lockWaitMillis} for another process's lock on the file. */
    void begin(long lockWaitMillis) throws SQLException {
        open();
        if (lockWaitMillis != busyTimeoutMillis) {
            try (var statement = physical.createStatement()) {
                statement.execute("PRAGMA busy_timeout = " + lockWaitMillis);
            }
            busyTimeoutMillis = lockWaitMillis;
        }
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
        try (PreparedStatement statement = statements.prepare(sql)) {
            statement.execute();
        }
    }

    private void open() throws SQLException {
        if (physical != null) {
            return;
        }
        Connection opened = source.getConnection();
        try (var statement = opened.createStatement()) {
            // Only the writer commits; its commits leave the copying back to the checkpointer (WalCheckpointer).
            statement.execute("PRAGMA wal_autocheckpoint = " + WalCheckpointer.WRITER_CHECKPOINT_PAGES);
        } catch (SQLException | RuntimeException e) {
            opened.close();
            throw e;
        }
        physical = opened;
        statements = new StatementCache(physical);
        shared = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new SharedConnection());
        dsl = DSL.using(shared, dialect, settings);
    }

    @Override
    public void close() {
        if (physical != null) {
            statements.closeAll();
            statements = null;
            try {
                physical.close();
            } catch (SQLException ignored) {
                // Closing is all that is left to do with it.
            }
            physical = null;
            shared = null;
            dsl = null;
            inTransaction = false;
            busyTimeoutMillis = -1;
        }
    }

    /** The connection as the writes see it: statements from the cache, and closing it is the writer's business. */
    private final class SharedConnection implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            return switch (method.getName()) {
                case "prepareStatement" -> args.length == 1 ? statements.prepare((String) args[0])
                        : StatementCache.invoke(physical, method, args);
                case "close" -> null;
                case "isClosed" -> physical == null || physical.isClosed();
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> StatementCache.invoke(physical, method, args);
            };
        }
    }
}
