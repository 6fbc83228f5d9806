package dev.onekycbridge.adapter.persistence;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.SQLDataType.BIGINT;
import static org.jooq.impl.SQLDataType.INTEGER;
import static org.jooq.impl.SQLDataType.VARCHAR;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;

/**
 * Brings the schema to the version of this build, from versioned scripts on the class path
 * ({@code db/migration/V<n>__<description>.sql}, listed in {@code db/migration/migrations.txt}).
 *
 * <p>Each script is written once: it is parsed with jOOQ's parser and every statement is rendered in the
 * target database's dialect. Applied versions are recorded in {@code schema_version} with a checksum of the
 * script; a script changed after it was applied, or a database newer than this build, stops the migration.
 *
 * <p>A script listed with a dialect after its name ({@code V7__texts_of_any_length.sql postgresql}) runs on that
 * database only; elsewhere it is recorded as applied without running, so that versions mean the same everywhere.
 * A script may be followed by a step in Java ({@link #JAVA_STEPS}), for what SQL cannot do.
 *
 * <p>All pending scripts run in one transaction, under a lock: PostgreSQL's transaction-scoped advisory lock
 * (so that instances starting together migrate one after the other, and the later ones find nothing to do), or
 * SQLite's write lock ({@code BEGIN IMMEDIATE}, on the database's one writer thread). Running it again changes
 * nothing.
 */
final class Migrator {
    static final String DEFAULT_LOCATION = "db/migration/";
    /** "onekyc" in ASCII, then 1: the advisory lock of schema migrations. */
    static final long ADVISORY_LOCK_KEY = 0x6f6e_656b_7963_0001L;
    static final Duration LOCK_NOTICE = Duration.ofSeconds(5);
    private static final Duration LOCK_POLL = Duration.ofMillis(100);
    private static final System.Logger LOG = System.getLogger(Migrator.class.getName());

    private static final Pattern SCRIPT_NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");
    /** The dialects a script may be limited to, by the name that follows it in migrations.txt. */
    private static final Map<String, SQLDialect> DIALECTS = Map.of("postgresql", SQLDialect.POSTGRES,
            "sqlite", SQLDialect.SQLITE);
    private static final Table<Record> SCHEMA_VERSION = table(name("schema_version"));
    private static final Field<Integer> VERSION = field(name("version"), INTEGER);
    private static final Field<String> DESCRIPTION = field(name("description"), VARCHAR);
    private static final Field<String> SCRIPT = field(name("script"), VARCHAR);
    private static final Field<String> CHECKSUM = field(name("checksum"), VARCHAR);
    private static final Field<Long> INSTALLED_AT = field(name("installed_at"), BIGINT);

    /** One script; {@code only}: the one dialect it runs on, or null for every database. */
    record Migration(int version, String description, String script, String sql, String checksum,
                     SQLDialect only) {
        boolean runsOn(SQLDialect dialect) {
            return only == null || only == dialect;
        }
    }

    /**
     * Steps in Java that run right after the script they are named by, in the same transaction, on every database:
     * what SQL alone cannot do (read a value as the application does).
     */
    private static final Map<String, Consumer<DSLContext>> JAVA_STEPS = Map.of(
            "V13__withhold_plain_outcomes_of_purged_rows.sql", PurgedOutcomes::withhold);

    private final Database database;
    private final List<Migration> migrations;

    Migrator(Database database) {
        this(database, DEFAULT_LOCATION);
    }

    Migrator(Database database, String location) {
        this.database = database;
        this.migrations = load(location);
    }

    int latestVersion() {
        return latestVersion(migrations);
    }

    /** The version this build's scripts bring the schema to, known without a database. */
    static int buildVersion() {
        return latestVersion(load(DEFAULT_LOCATION));
    }

    private static int latestVersion(List<Migration> migrations) {
        return migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
    }

    List<Migration> migrations() {
        return migrations;
    }

    MigrationReport migrate() {
        return database.writeWithoutTimeouts("schema migration", ctx -> {
            if (database.isPostgres()) {
                awaitMigrationLock(ctx);
            }
            ctx.createTableIfNotExists(SCHEMA_VERSION)
                    .column(VERSION, INTEGER.notNull())
                    .column(DESCRIPTION, VARCHAR(200).notNull())
                    .column(SCRIPT, VARCHAR(200).notNull())
                    .column(CHECKSUM, VARCHAR(64).notNull())
                    .column(INSTALLED_AT, BIGINT.notNull())
                    .primaryKey(VERSION)
                    .execute();
            Map<Integer, String> applied = new HashMap<>();
            ctx.select(VERSION, CHECKSUM).from(SCHEMA_VERSION).fetch()
                    .forEach(row -> applied.put(row.value1(), row.value2()));
            int previous = applied.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
            if (previous > latestVersion()) {
                throw new NewerSchemaException(previous, latestVersion());
            }
            List<String> ran = new ArrayList<>();
            for (Migration migration : migrations) {
                String checksum = applied.get(migration.version());
                if (checksum != null) {
                    if (!checksum.equals(migration.checksum())) {
                        throw new MigrationException("migration " + migration.script()
                                + " was changed after it was applied; add a new migration instead");
                    }
                    continue;
                }
                if (migration.runsOn(database.dialect())) {
                    apply(ctx, migration);
                    JAVA_STEPS.getOrDefault(migration.script(), step -> { }).accept(ctx);
                }
                record(ctx, migration);
                ran.add(migration.script());
            }
            return new MigrationReport(previous, Math.max(previous, latestVersion()), ran);
        });
    }

    /**
     * Takes the migrations' advisory lock, saying every {@link #LOCK_NOTICE} while another session holds it: a start
     * that waits in silence looks hung, and the holder may be a query a killed instance left running.
     */
    private static void awaitMigrationLock(DSLContext ctx) {
        long started = System.nanoTime();
        long noticed = started;
        while (!Boolean.TRUE.equals(ctx.fetchValue("select pg_try_advisory_xact_lock(?)", ADVISORY_LOCK_KEY))) {
            if (System.nanoTime() - noticed >= LOCK_NOTICE.toNanos()) {
                noticed = System.nanoTime();
                long waited = Duration.ofNanos(noticed - started).toSeconds();
                LOG.log(System.Logger.Level.WARNING, () -> "waiting " + waited + " s for another session's schema"
                        + " migration (PostgreSQL advisory lock " + ADVISORY_LOCK_KEY + "; see pg_locks)");
            }
            try {
                Thread.sleep(LOCK_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MigrationException("interrupted while waiting for another session's schema migration", e);
            }
        }
    }

    /** The newest version recorded in the database: 0 where no migration has run yet. */
    int storedVersion() {
        return database.read("reading the schema version", ctx -> ctx.connectionResult(Migrator::storedVersion));
    }

    /**
     * The newest version recorded in the database {@code config} names, read without opening it as the store does:
     * a SQLite file on a read-only connection, which leaves it as it is (the store's connections would put a file
     * without a schema in WAL mode, writing its first page).
     *
     * @throws PersistenceException when the database cannot be reached or read
     */
    static int storedVersionAsIs(DatabaseConfig config) {
        if (Database.dialectOf(config.jdbcUrl()) != SQLDialect.SQLITE) {
            try (Database database = Database.open(config)) {
                return new Migrator(database).storedVersion();
            }
        }
        try (Connection connection = Database.readOnlySqliteConnection(config.jdbcUrl())) {
            return storedVersion(connection);
        } catch (SQLException e) {
            throw Database.translate("reading the schema version", e);
        }
    }

    private static int storedVersion(Connection connection) throws SQLException {
        try (ResultSet tables = connection.getMetaData().getTables(null, connection.getSchema(), "schema_version",
                null)) {
            if (!tables.next()) {
                return 0;
            }
        }
        try (Statement statement = connection.createStatement();
             ResultSet newest = statement.executeQuery("select max(version) from schema_version")) {
            // max() of no rows is null, which getInt reads as 0
            return newest.next() ? newest.getInt(1) : 0;
        }
    }

    /**
     * Writes the newest version's row over with itself: a write that changes nothing, yet needs what every write
     * needs (the write lock, room on the disk, a database that takes writes). On SQLite it waits for the write lock
     * at most {@code patience}, counted with the writes queued ahead of it: a readiness check must answer.
     *
     * @throws PersistenceException when the write fails, or does not get its turn within {@code patience}
     */
    void probeWrite(Duration patience) {
        database.writeOrGiveUp("checking that the database takes writes", patience, ctx -> ctx.update(SCHEMA_VERSION)
                .set(VERSION, VERSION)
                .where(VERSION.eq(ctx.select(max(VERSION)).from(SCHEMA_VERSION)))
                .execute());
    }

    /**
     * Whether the database has every migration of this build, and none newer.
     *
     * @throws PersistenceException when the version cannot be read: not an answer of no, which would let a start
     *     skip what it checks of an up-to-date database
     */
    boolean isUpToDate() {
        return storedVersion() == latestVersion();
    }

    private void apply(DSLContext ctx, Migration migration) {
        try {
            for (Query query : ctx.parser().parse(migration.sql()).queries()) {
                String statement = ctx.renderInlined(query);
                ctx.connection(connection -> {
                    try (Statement jdbc = connection.createStatement()) {
                        jdbc.execute(statement);
                    }
                });
            }
        } catch (org.jooq.impl.ParserException e) {
            throw new MigrationException("migration " + migration.script() + " cannot be parsed", e);
        }
    }

    private static void record(DSLContext ctx, Migration migration) {
        ctx.insertInto(SCHEMA_VERSION, VERSION, DESCRIPTION, SCRIPT, CHECKSUM, INSTALLED_AT)
                .values(migration.version(), migration.description(), migration.script(), migration.checksum(),
                        nanos(Instant.now()))
                .execute();
    }

    static List<Migration> load(String location) {
        String index = resource(location + "migrations.txt");
        List<Migration> migrations = new ArrayList<>();
        for (String line : index.split("\n")) {
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            String[] parts = entry.split("\\s+");
            String script = parts[0];
            SQLDialect only = parts.length == 1 ? null : DIALECTS.get(parts[1]);
            if (parts.length > 2 || parts.length == 2 && only == null) {
                throw new MigrationException("migration index line '" + entry + "' is not a script name, "
                        + "optionally followed by the one database it runs on (" + String.join(" or ",
                        DIALECTS.keySet().stream().sorted().toList()) + ")");
            }
            Matcher matcher = SCRIPT_NAME.matcher(script);
            if (!matcher.matches()) {
                throw new MigrationException("migration script " + script + " is not named V<n>__<description>.sql");
            }
            int version = Integer.parseInt(matcher.group(1));
            if (version != migrations.size() + 1) {
                throw new MigrationException("migration " + script + " should be version " + (migrations.size() + 1)
                        + ": versions run 1, 2, 3… without gaps");
            }
            String sql = resource(location + script).replace("\r\n", "\n");
            migrations.add(new Migration(version, matcher.group(2).replace('_', ' '), script, sql, sha256(sql),
                    only));
        }
        return List.copyOf(migrations);
    }

    private static String resource(String path) {
        try (InputStream in = Migrator.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new MigrationException("migration resource " + path + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static long nanos(Instant instant) {
        return new dev.onekycbridge.adapter.persistence.schema.EpochNanosConverter().to(instant);
    }
}
