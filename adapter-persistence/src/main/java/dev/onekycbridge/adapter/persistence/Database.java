package dev.onekycbridge.adapter.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The connection pool, the jOOQ context, and how work runs against them.
 *
 * <p>SQLite has one writer at a time. Every write here goes to the database's one {@link SqliteWriter} thread,
 * which commits the writes queued together in one transaction opened with {@code BEGIN IMMEDIATE} on a
 * connection of its own ({@link WriterConnection}), so writers queue in the JVM rather than fail on a busy
 * database; another process writing the same file is waited for up to the busy timeout. Reads run on the pool's
 * connections outside transactions and, in WAL mode, alongside the writer. PostgreSQL needs no such queue: its
 * row locks and the {@code WHERE version = ?} of a save keep concurrent writers apart, each in a transaction of
 * its own at read committed, whatever the server's default ({@link PostgresSessionLimits#READ_COMMITTED}).
 *
 * <p>Every {@link DataAccessException} leaves as a {@link PersistenceException} naming the operation.
 */
final class Database implements AutoCloseable {
    static final Duration SQLITE_BUSY_TIMEOUT = Duration.ofSeconds(10);
    /**
     * What a checkpointed WAL is cut back to: twice what the writer's own checkpoint lets it reach under steady load
     * ({@link WalCheckpointer#WRITER_CHECKPOINT_PAGES} pages of 4 KiB, about 64 MiB), so that only a burst beyond
     * that (one large transaction) is cut. A limit below it (16 MiB) cut the WAL at nearly every restart under load,
     * freeing its blocks for the next commits to allocate again: the callback intake's p99 at 1,000 requests/s went
     * from 7 to 25 ms. The checkpointer empties the WAL once writes pause ({@link WalCheckpointer}).
     */
    static final long WAL_SIZE_LIMIT_BYTES = 128L * 1024 * 1024;
    /** How long a caller waits for one of the pool's connections. */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);

    private final HikariDataSource dataSource;
    private final DSLContext dsl;
    private final SQLDialect dialect;
    private final Settings settings;
    /** SQLite only; null on PostgreSQL. */
    private final SqliteWriter sqliteWriter;
    /** SQLite only; null on PostgreSQL. */
    private final WalCheckpointer checkpointer;
    private final WriteHealth writes = new WriteHealth();

    /** SQLite only; null on PostgreSQL. Closed last: closing it drops the process's locks on the file. */
    private final DatabaseFileSync fileSync;

    /**
     * {@code sqliteSource}: where the SQLite writer opens its own connection; {@code fileSync}: its file, for the
     * checkpointer. Both null on PostgreSQL.
     */
    private Database(HikariDataSource dataSource, SQLDialect dialect, SQLiteDataSource sqliteSource,
            DatabaseFileSync fileSync) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.settings = new Settings()
                .withExecuteLogging(false)
                .withRenderSchema(false);
        this.dsl = DSL.using(dataSource, dialect, settings);
        boolean sqlite = dialect == SQLDialect.SQLITE;
        this.fileSync = fileSync;
        this.checkpointer = sqlite
                ? new WalCheckpointer(dataSource, fileSync, "onekyc-bridge-sqlite-checkpointer")
                : null;
        this.sqliteWriter = sqlite ? new SqliteWriter(new WriterConnection(sqliteSource, dialect, settings),
                "onekyc-bridge-sqlite-writer", checkpointer::committed) : null;
    }

    static Database open(DatabaseConfig config) {
        // jOOQ prints a banner and tips on first use; a service's log has no room for them.
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        SQLDialect dialect = dialectOf(config.jdbcUrl());
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("onekyc-bridge-db");
        pool.setMaximumPoolSize(config.poolSize());
        pool.setMinimumIdle(Math.min(2, config.poolSize()));
        // A caller (a readiness probe, a request) waiting for a connection learns within 5 s that the database is
        // out of reach; one whose connection stops answering, within the PostgreSQL socket timeout.
        pool.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        pool.setInitializationFailTimeout(-1);
        SQLiteDataSource sqliteSource = null;
        DatabaseFileSync fileSync = null;
        if (dialect == SQLDialect.SQLITE) {
            sqliteSource = sqliteDataSource(config.jdbcUrl());
            fileSync = DatabaseFileSync.open(sqliteFile(config.jdbcUrl()).toAbsolutePath());
            pool.setDataSource(new StatementCachingDataSource(sqliteSource));
        } else {
            LastingRefusal.check(config);
            pool.setJdbcUrl(config.jdbcUrl());
            // Also pins read committed, which optimistic locking relies on.
            PostgresSessionLimits.applyTo(pool, config.jdbcUrl());
            if (config.user() != null) {
                pool.setUsername(config.user());
            }
            if (config.password() != null) {
                pool.setPassword(config.password());
            }
        }
        return new Database(new HikariDataSource(pool), dialect, sqliteSource, fileSync);
    }

    static SQLDialect dialectOf(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SQLDialect.SQLITE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return SQLDialect.POSTGRES;
        }
        throw new IllegalArgumentException(
                "unsupported database URL: expected jdbc:sqlite:<file> or jdbc:postgresql://<host>/<database>");
    }

    /** The database file of a {@code jdbc:sqlite:} URL, which must have no options. */
    static Path sqliteFile(String jdbcUrl) {
        Path file = sqliteFileNamed(jdbcUrl);
        if (!optionsOf(jdbcUrl).isEmpty()) {
            throw new IllegalArgumentException("options in a SQLite URL are not supported: the adapter sets the "
                    + "connection's pragmas itself (WAL, synchronous NORMAL, foreign keys, busy timeout)");
        }
        return file;
    }

    /** The database file a {@code jdbc:sqlite:} URL names, whatever options follow it. */
    static Path sqliteFileNamed(String jdbcUrl) {
        String location = jdbcUrl.substring("jdbc:sqlite:".length());
        int query = location.indexOf('?');
        String path = query < 0 ? location : location.substring(0, query);
        if (path.startsWith("file:")) {
            path = path.substring("file:".length());
        }
        if (path.isBlank() || path.contains(":memory:") || optionsOf(jdbcUrl).contains("mode=memory")) {
            throw new IllegalArgumentException("an in-memory SQLite database would lose everything on restart and "
                    + "is not shared between pooled connections: give a file, e.g. " + DatabaseConfig.DEFAULT_URL);
        }
        return Path.of(path);
    }

    private static String optionsOf(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? "" : jdbcUrl.substring(query + 1);
    }

    private static SQLiteDataSource sqliteDataSource(String jdbcUrl) {
        Path file = sqliteFile(jdbcUrl).toAbsolutePath();
        try {
            OwnerOnly.createFolder(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder of the database file " + file.getParent(), e);
        }
        try {
            OwnerOnly.createFileIfMissing(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the database file " + file, e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout((int) SQLITE_BUSY_TIMEOUT.toMillis());
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        // Nothing here reads generated keys; without this the driver queries for them after every insert.
        config.setGetGeneratedKeys(false);
        // Erased values (purged personal data, discarded images) are overwritten, not left in free pages.
        config.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, "true");
        // A burst of writes (a purge) grows the WAL, which SQLite then reuses at that size for as long as the file
        // is open, with the old pages in it; cut back to this once it is checkpointed, and emptied when writes pause.
        config.setPragma(SQLiteConfig.Pragma.JOURNAL_SIZE_LIMIT, Long.toString(WAL_SIZE_LIMIT_BYTES));
        SQLiteDataSource dataSource = new PatientSqliteDataSource(config, SQLITE_BUSY_TIMEOUT);
        dataSource.setUrl("jdbc:sqlite:" + file);
        return dataSource;
    }

    /**
     * A connection of its own to the SQLite file of {@code jdbcUrl}, read-only and without the service's set-up:
     * nothing is written, and neither the file nor its folder is created. For a look at a database before the store
     * opens it.
     */
    static Connection readOnlySqliteConnection(String jdbcUrl) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout((int) SQLITE_BUSY_TIMEOUT.toMillis());
        return config.createConnection("jdbc:sqlite:" + sqliteFile(jdbcUrl).toAbsolutePath());
    }

    SQLDialect dialect() {
        return dialect;
    }

    boolean isPostgres() {
        return dialect == SQLDialect.POSTGRES;
    }

    DSLContext dsl() {
        return dsl;
    }

    HikariDataSource dataSource() {
        return dataSource;
    }

    /** SQLite only, null on PostgreSQL: the database file's syncs, for a test that counts them. */
    DatabaseFileSync fileSync() {
        return fileSync;
    }

    /** SQLite only, null on PostgreSQL: the one writer, for a test that counts its transactions. */
    SqliteWriter sqliteWriter() {
        return sqliteWriter;
    }

    /** Runs reads outside a transaction. */
    <T> T read(String operation, Function<DSLContext, T> work) {
        try {
            return work.apply(dsl);
        } catch (DataAccessException e) {
            throw failed(operation, e);
        }
    }

    /**
     * The failure, once the pool has let go of its connections if this one was lost. The pool drops the one
     * connection that failed, but lends the others it holds unchecked when they were used within the last half
     * second: after a restart, or the server's end of every session, each would fail one more caller (a step's
     * retry, the release of its lease) before the pool opened a new one.
     */
    private PersistenceException failed(String operation, DataAccessException e) {
        PersistenceException failure = translate(operation, e);
        if (isPostgres() && failure.isConnectionLost()) {
            dataSource.getHikariPoolMXBean().softEvictConnections();
        }
        return failure;
    }

    /**
     * Runs work in one transaction: all of it is committed, or none, before this returns. On SQLite the
     * transaction may hold other callers' writes too (see {@link SqliteWriter}); {@code work} must not start
     * another write, and its exceptions reach the caller as they were thrown.
     */
    <T> T write(String operation, Function<DSLContext, T> work) {
        try {
            T result = sqliteWriter != null ? sqliteWriter.write(operation, work) : transaction(operation, work);
            writes.succeeded(operation);
            return result;
        } catch (PersistenceException e) {
            writes.failed(operation, e);
            throw e;
        }
    }

    /**
     * A {@link #write} that, on SQLite, gives up once {@code patience} has passed since it was queued (see
     * {@link SqliteWriter#writeOrGiveUp}); on PostgreSQL a {@link #write}.
     */
    <T> T writeOrGiveUp(String operation, Duration patience, Function<DSLContext, T> work) {
        if (sqliteWriter == null) {
            return write(operation, work);
        }
        try {
            T result = sqliteWriter.writeOrGiveUp(operation, patience, work);
            writes.succeeded(operation);
            return result;
        } catch (PersistenceException e) {
            writes.failed(operation, e);
            throw e;
        }
    }

    /**
     * A {@link #write} that may run as long as it needs and wait for locks as long as they are held: on PostgreSQL
     * the session's limits ({@link PostgresSessionLimits}) are lifted for its transaction. For a schema migration,
     * which may rewrite large tables and waits for another instance's, and the other work of a start that reads
     * whole tables.
     */
    <T> T writeWithoutTimeouts(String operation, Function<DSLContext, T> work) {
        if (!isPostgres()) {
            return write(operation, work);
        }
        try {
            T result = transaction(operation, true, work);
            writes.succeeded(operation);
            return result;
        } catch (PersistenceException e) {
            writes.failed(operation, e);
            throw e;
        }
    }

    private <T> T transaction(String operation, Function<DSLContext, T> work) {
        return transaction(operation, false, work);
    }

    private <T> T transaction(String operation, boolean unlimited, Function<DSLContext, T> work) {
        try {
            // The connection is asked of the pool once: jOOQ's own transaction asks again, to roll back and to clean
            // up, after a request that timed out, so a database out of reach took three timeouts (15 s) to report.
            return dsl.connectionResult(connection -> {
                if (unlimited) {
                    // The pool puts the connection's own timeout back when it is returned.
                    connection.setNetworkTimeout(Runnable::run, 0);
                }
                return DSL.using(connection, dialect, settings).transactionResult(configuration -> {
                    if (unlimited) {
                        configuration.dsl().execute("select set_config('statement_timeout', '0', true), "
                                + "set_config('lock_timeout', '0', true), "
                                + "set_config('idle_in_transaction_session_timeout', '0', true)");
                    }
                    return work.apply(configuration.dsl());
                });
            });
        } catch (DataAccessException e) {
            throw failed(operation, e);
        }
    }

    /** How the latest writes went; see {@link WriteHealth}. */
    WriteHealth writes() {
        return writes;
    }

    static PersistenceException translate(String operation, DataAccessException e) {
        return translate(operation, e, telling(e));
    }

    /**
     * The SQLException that says what went wrong: SQLite's own where there is one (the pool wraps the driver's
     * refusal to open a connection in one of its own, without a state), else the first.
     */
    private static SQLException telling(Throwable e) {
        SQLException first = null;
        for (Throwable cause = e; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof org.sqlite.SQLiteException sqlite) {
                return sqlite;
            }
            if (first == null && cause instanceof SQLException sql) {
                first = sql;
            }
        }
        return first;
    }

    static PersistenceException translate(String operation, SQLException e) {
        return translate(operation, e, telling(e));
    }

    private static PersistenceException translate(String operation, Exception e, SQLException sql) {
        String state = sql == null ? null : sql.getSQLState();
        boolean constraint = isConstraintViolation(sql);
        String reason = constraint ? "a constraint was violated"
                : isPoolTimeout(sql) ? "no connection was free within " + CONNECTION_TIMEOUT.toSeconds()
                + " s (every one of the pool's was in use)"
                : isLockedByAnother(sql) ? "the database file stayed locked by another process for "
                + SQLITE_BUSY_TIMEOUT.toSeconds() + " s"
                : sql instanceof org.sqlite.SQLiteException sqlite ? sqliteTrouble(sqlite) : serverTrouble(sql);
        return new PersistenceException(operation + " failed" + (reason == null ? "" : ": " + reason)
                + (state == null ? "" : " (SQL state " + state + ")"), e, constraint, state);
    }

    /**
     * What an SQL state says about the database server, in words an operator acts on; null for other states. A
     * refused password, a database that does not exist or a full disk otherwise shows only as its code.
     */
    private static String serverTrouble(SQLException sql) {
        String state = sql == null ? null : sql.getSQLState();
        if (state == null) {
            return null;
        }
        if (state.startsWith("08") && causedBy(sql, java.net.SocketTimeoutException.class)) {
            return "the database stopped answering (no reply within the connection's socket timeout)";
        }
        if (state.equals("08004")) {
            return "the database refused the connection before the login (it asks for a password that was not given,"
                    + " or for an authentication or SSL the connection does not offer)";
        }
        if (state.startsWith("08")) {
            return "the database could not be reached";
        }
        if (state.equals("57P01")) {
            return "the database server ended the session (an operator, or its shutdown)";
        }
        if (state.equals("57P02")) {
            return "the database server ended the session after a crash of another";
        }
        if (state.equals("57P03")) {
            return "the database server takes no connections now (starting, shutting down or recovering)";
        }
        if (state.equals("53300")) {
            return "the database server has no connection left (max_connections, or the user's or database's limit)";
        }
        if (state.equals("55P03")) {
            return "another database session held a lock it needed (lock timeout)";
        }
        if (state.equals("57014")) {
            return "the statement was cancelled (statement timeout, or an operator cancelled it)";
        }
        if (state.startsWith("28")) {
            return "the database refused the user or password";
        }
        if (state.equals("3D000")) {
            return "the database named does not exist";
        }
        if (state.equals("53100")) {
            return "the database server's disk is full";
        }
        if (state.equals("25006")) {
            return "the database takes no writes (a standby, or a read-only default)";
        }
        return state.equals("42501") ? "the database user lacks a privilege" : null;
    }

    /**
     * The pool gave up waiting for a connection with every one of its own in use: it says so without an SQL state.
     * One it could not open has the state of why (08001: the server could not be reached).
     */
    private static boolean isPoolTimeout(SQLException sql) {
        return sql instanceof java.sql.SQLTransientConnectionException && sql.getSQLState() == null
                && sql.getMessage() != null && sql.getMessage().contains("request timed out");
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> kind) {
        for (Throwable cause = e; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (kind.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /**
     * What SQLite's primary result code says about the file, in words an operator acts on; null for the others.
     * SQLite creates its WAL and shared-memory files beside the database, so the folder must be writable too.
     */
    private static String sqliteTrouble(org.sqlite.SQLiteException e) {
        return switch (e.getErrorCode() & 0xff) {
            case 8 -> "the database file, or its folder, cannot be written by this process";
            case 10 -> "the disk reported an I/O error";
            case 11, 26 -> "the file is not a SQLite database, or is damaged";
            case 13 -> "the disk is full";
            case 14 -> "the database file cannot be opened (its folder must exist and be writable)";
            default -> null;
        };
    }

    /**
     * SQLite's SQLITE_BUSY (5), possibly in an extended code: the busy timeout ran out while another connection
     * held the file. This process writes through one connection, so the holder is another process (a second
     * service or command on the same file, or a tool with the file open).
     */
    private static boolean isLockedByAnother(SQLException sql) {
        return PatientSqliteDataSource.isBusy(sql);
    }

    private static boolean isConstraintViolation(SQLException sql) {
        if (sql == null) {
            return false;
        }
        if (sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
            return true;
        }
        // SQLite reports SQLITE_CONSTRAINT (19), possibly in an extended code (19 | n << 8).
        return sql instanceof org.sqlite.SQLiteException && (sql.getErrorCode() & 0xff) == 19;
    }

    @Override
    public void close() {
        if (sqliteWriter != null) {
            sqliteWriter.close();
            checkpointer.close();
        }
        dataSource.close();
        if (fileSync != null) {
            fileSync.close();
        }
    }
}
