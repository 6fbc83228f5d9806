package dev.onekycbridge.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Pooled SQLite connections keep their prepared statements, and a kept statement never pins a snapshot. */
class StatementCachingDataSourceTest {
    private static final String SELECT = "select text from note order by id";

    @TempDir
    Path folder;

    private SQLiteDataSource sqlite;
    private Connection reader;
    private Connection other;

    @BeforeEach
    void open() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite = new SQLiteDataSource(config);
        sqlite.setUrl("jdbc:sqlite:" + folder.resolve("reads.db"));
        other = sqlite.getConnection();
        try (Statement create = other.createStatement()) {
            create.execute("create table note (id integer primary key, text varchar(20) not null)");
            create.execute("insert into note (id, text) values (1, 'one'), (2, 'two')");
        }
        reader = new StatementCachingDataSource(sqlite).getConnection();
    }

    @AfterEach
    void close() throws SQLException {
        reader.close();
        other.close();
    }

    @Test
    void theSameSqlOnTheSameConnectionGetsTheStatementPreparedBefore() throws SQLException {
        PreparedStatement first = reader.prepareStatement(SELECT);
        first.close();

        assertThat(reader.prepareStatement(SELECT)).isSameAs(first);
    }

    /**
     * SQLite's driver finalises a statement after an error such as a type mismatch (or an I/O error, a damaged
     * page, a read-only file): the SQL gets a new statement next time, not the dead one for ever.
     */
    @Test
    void aStatementTheDriverFinalisedAfterAnErrorIsPreparedAnewForItsSql() throws SQLException {
        try (Statement create = other.createStatement()) {
            create.execute("create table counted (id integer primary key)");
        }
        String insert = "insert into counted (id) values (?)";
        PreparedStatement failing = reader.prepareStatement(insert);
        failing.setString(1, "not a number");
        assertThatThrownBy(failing::executeUpdate).isInstanceOf(SQLException.class);
        failing.close();

        try (PreparedStatement again = reader.prepareStatement(insert)) {
            again.setLong(1, 7);
            assertThat(again.executeUpdate()).isEqualTo(1);
        }
        try (PreparedStatement third = reader.prepareStatement(insert)) {
            third.setLong(1, 8);
            assertThat(third.executeUpdate()).isEqualTo(1);
        }
    }

    @Test
    void rowsLeftHalfReadDoNotKeepTheConnectionOnAnOldSnapshot() throws SQLException {
        try (PreparedStatement select = reader.prepareStatement(SELECT)) {
            ResultSet rows = select.executeQuery();
            rows.next();
        }
        insert(3, "three");

        assertThat(count()).isEqualTo(3);
    }

    @Test
    void rowsReadAsJooqReadsThemAreResetToo() throws SQLException {
        try (PreparedStatement select = reader.prepareStatement(SELECT)) {
            select.execute();
            select.getResultSet().next();
        }
        insert(3, "three");

        assertThat(count()).isEqualTo(3);
        assertThat(checkpointBlocked()).as("a full checkpoint waits for no reader").isZero();
    }

    @Test
    void aJooqFetchOfOneRowLeavesNothingOpen() throws SQLException {
        String first = DSL.using(reader).resultQuery(SELECT).fetchAny().get(0, String.class);
        insert(3, "three");

        assertThat(first).isEqualTo("one");
        assertThat(DSL.using(reader).fetchCount(DSL.table("note"))).isEqualTo(3);
        assertThat(checkpointBlocked()).isZero();
    }

    @Test
    void closingTheConnectionFinalisesItsStatements() throws SQLException {
        PreparedStatement kept = reader.prepareStatement(SELECT);
        kept.close();
        PreparedStatement prepared = kept.unwrap(PreparedStatement.class);
        assertThat(prepared.isClosed()).isFalse();

        reader.close();

        assertThat(prepared.isClosed()).isTrue();
    }

    @Test
    void aPoolHandsTheKeptStatementsOutWithItsConnection() throws SQLException {
        try (Database database = Database.open(DatabaseConfig.of("jdbc:sqlite:" + folder.resolve("pool.db"),
                TestDatabase.KEY).withPoolSize(1))) {
            Object first;
            try (Connection pooled = database.dataSource().getConnection();
                 PreparedStatement select = pooled.prepareStatement("select 1")) {
                first = select.unwrap(PreparedStatement.class);
            }
            try (Connection pooled = database.dataSource().getConnection();
                 PreparedStatement select = pooled.prepareStatement("select 1")) {
                assertThat(select.unwrap(PreparedStatement.class)).isSameAs(first);
            }
        }
    }

    private void insert(int id, String text) throws SQLException {
        try (PreparedStatement insert = other.prepareStatement("insert into note (id, text) values (?, ?)")) {
            insert.setInt(1, id);
            insert.setString(2, text);
            insert.executeUpdate();
        }
    }

    private int count() throws SQLException {
        try (PreparedStatement select = reader.prepareStatement("select count(*) from note");
             ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** The first column of {@code PRAGMA wal_checkpoint(TRUNCATE)}: 1 when a reader held the checkpoint back. */
    private int checkpointBlocked() throws SQLException {
        try (Statement checkpoint = other.createStatement();
             ResultSet result = checkpoint.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            result.next();
            return result.getInt(1);
        }
    }
}
