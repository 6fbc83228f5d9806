package dev.onekycbridge.adapter.persistence;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The SQLite connections the pool holds, each keeping the statements prepared on it ({@link StatementCache}).
 *
 * <p>The pool hands a connection to one thread at a time and closes the statements its user left open when it
 * takes the connection back, so each kept statement is used by one thread at a time too. Closing the connection
 * (the pool retiring it) finalises its statements. PostgreSQL's driver keeps prepared statements itself.
 */
final class StatementCachingDataSource implements DataSource {
    private final DataSource sqlite;

    StatementCachingDataSource(DataSource sqlite) {
        this.sqlite = sqlite;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return keepingStatements(sqlite.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return keepingStatements(sqlite.getConnection(username, password));
    }

    private static Connection keepingStatements(Connection physical) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new KeepingStatements(physical));
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return sqlite.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        sqlite.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        sqlite.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return sqlite.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return sqlite.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : sqlite.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || sqlite.isWrapperFor(type);
    }

    /** A connection whose {@code prepareStatement(sql)} answers kept statements. */
    private static final class KeepingStatements implements InvocationHandler {
        private final Connection physical;
        private final StatementCache statements;

        KeepingStatements(Connection physical) {
            this.physical = physical;
            this.statements = new StatementCache(physical);
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            return switch (method.getName()) {
                case "prepareStatement" -> args.length == 1 ? statements.prepare((String) args[0])
                        : StatementCache.invoke(physical, method, args);
                case "close" -> {
                    statements.closeAll();
                    yield StatementCache.invoke(physical, method, args);
                }
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> StatementCache.invoke(physical, method, args);
            };
        }
    }
}
