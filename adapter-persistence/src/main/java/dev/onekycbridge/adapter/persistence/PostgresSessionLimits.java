package dev.onekycbridge.adapter.persistence;

import com.zaxxer.hikari.HikariConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How long the pool's PostgreSQL sessions may wait, so that a database that stops answering (a frozen network, a
 * primary gone) or a lock another session holds fails a request or a step instead of holding its thread without
 * end. Without them a read on a dead socket waited for the kernel, minutes, and a write behind another session's
 * lock as long as the lock lasted.
 *
 * <p>The server ends a statement that runs past {@link #STATEMENT_TIMEOUT} (57014) or waits past
 * {@link #LOCK_TIMEOUT} for a lock (55P03), and a session idle in its transaction past
 * {@link #IDLE_IN_TRANSACTION_TIMEOUT}, whose locks would otherwise stay held. A server that does not answer at
 * all cannot cancel anything: the driver gives up reading after {@link #SOCKET_TIMEOUT}, above the statement
 * timeout so that a slow statement is cancelled by the server, which keeps the connection, before the driver drops
 * it; TCP keep-alive finds a peer that vanished while the connection was idle.
 *
 * <p>Each is a default: the JDBC URL's own ({@code socketTimeout=…}, {@code tcpKeepAlive=…}, or
 * {@code options=-c lock_timeout=…} for the server's settings) wins. A schema migration lifts them for its own
 * transaction ({@link Database#writeWithoutTimeouts}). Each session is also pinned to read committed
 * ({@link #READ_COMMITTED}), which the URL cannot change.
 */
final class PostgresSessionLimits {
    static final Duration LOCK_TIMEOUT = Duration.ofSeconds(3);
    static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(15);
    static final Duration IDLE_IN_TRANSACTION_TIMEOUT = Duration.ofSeconds(60);
    /**
     * The isolation of every transaction, whatever the server's, database's, role's or URL's default. The store's
     * optimistic locking relies on it: a save blocked behind another session's update of its row then finds its
     * version gone and is stale. Under repeatable read or serializable (which regulated shops set with
     * {@code ALTER DATABASE … SET default_transaction_isolation}) it failed to serialize instead (40001), as did a
     * claim ({@code FOR UPDATE SKIP LOCKED}) or an {@code INSERT … ON CONFLICT DO NOTHING} meeting a concurrent
     * write: a database out of reach to the callers (a failed attempt, a parked callback, a 503). Set in each new
     * session rather than with the pool's own isolation setting, which the pool applies only where its first
     * session's default differed.
     */
    static final String READ_COMMITTED = "read committed";

    /** A server setting named in the URL's {@code options}: {@code -c name=value} or {@code --name=value}. */
    private static final Pattern OPTION = Pattern.compile("(?:-c\\s*|--)([A-Za-z_.]+)\\s*=");

    private PostgresSessionLimits() {
    }

    /** Sets the limits the URL does not set itself on the pool that connects to it. */
    static void applyTo(HikariConfig pool, String jdbcUrl) {
        Properties url = urlProperties(jdbcUrl);
        if (url.getProperty("socketTimeout") == null) {
            pool.addDataSourceProperty("socketTimeout", String.valueOf(SOCKET_TIMEOUT.toSeconds()));
        }
        if (url.getProperty("tcpKeepAlive") == null) {
            pool.addDataSourceProperty("tcpKeepAlive", "true");
        }
        String settings = Stream.concat(Stream.of(Map.entry("default_transaction_isolation", READ_COMMITTED)),
                        serverSettings(url.getProperty("options")).entrySet().stream())
                .map(setting -> "set_config('" + setting.getKey() + "', '" + setting.getValue() + "', false)")
                .collect(Collectors.joining(", "));
        pool.setConnectionInitSql("select " + settings);
    }

    /** The server settings to give each new session: those the URL's {@code options} leave unset. */
    static Map<String, String> serverSettings(String urlOptions) {
        Set<String> named = urlOptions == null ? Set.of() : OPTION.matcher(urlOptions).results()
                .map(option -> option.group(1).toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("statement_timeout", STATEMENT_TIMEOUT.toMillis() + "ms");
        settings.put("lock_timeout", LOCK_TIMEOUT.toMillis() + "ms");
        settings.put("idle_in_transaction_session_timeout", IDLE_IN_TRANSACTION_TIMEOUT.toMillis() + "ms");
        settings.keySet().removeAll(named);
        return settings;
    }

    /** What the URL sets, as the driver reads it (decoded); empty for a URL the driver cannot read. */
    private static Properties urlProperties(String jdbcUrl) {
        Properties properties = org.postgresql.Driver.parseURL(jdbcUrl, new Properties());
        return properties == null ? new Properties() : properties;
    }
}
