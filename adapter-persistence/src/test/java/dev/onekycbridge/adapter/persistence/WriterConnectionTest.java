package dev.onekycbridge.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** The writer's own connection: statements prepared once and handed out again, transactions as statements. */
class WriterConnectionTest {
    @TempDir
    Path folder;

    private WriterConnection writer;
    private Connection connection;

    @BeforeEach
    void open() throws SQLException {
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + folder.resolve("writer.db"));
        writer = new WriterConnection(source, SQLDialect.SQLITE, new Settings());
        connection = writer.dsl().configuration().connectionProvider().acquire();
        try (PreparedStatement create = connection.prepareStatement(
                "create table note (id integer primary key, text varchar(20) not null)")) {
            create.execute();
        }
    }

    @AfterEach
    void close() {
        writer.close();
    }

    @Test
    void theSameSqlGetsTheStatementPreparedBeforeWithItsParametersCleared() throws SQLException {
        PreparedStatement first = connection.prepareStatement("insert into note (id, text) values (?, ?)");
        first.setInt(1, 1);
        first.setString(2, "one");
        first.executeUpdate();
        first.close();

        PreparedStatement second = connection.prepareStatement("insert into note (id, text) values (?, ?)");
        assertThat(second).isSameAs(first);
        second.setInt(1, 2);
        // The text is not bound again: the cleared parameter is null, which the column refuses.
        assertThatThrownBy(second::executeUpdate).isInstanceOf(SQLException.class).hasMessageContaining("NOT NULL");
        second.setString(2, "two");
        second.executeUpdate();
        second.close();

        assertThat(texts()).containsExactly("one", "two");
    }

    @Test
    void aStatementStillInUseIsNotHandedOutAgain() throws SQLException {
        insert(1, "one");
        insert(2, "two");
        List<String> pairs = new ArrayList<>();
        try (PreparedStatement outer = connection.prepareStatement("select text from note order by id");
             ResultSet outerRows = outer.executeQuery()) {
            while (outerRows.next()) {
                try (PreparedStatement inner = connection.prepareStatement("select text from note order by id");
                     ResultSet innerRows = inner.executeQuery()) {
                    assertThat(inner).isNotSameAs(outer);
                    while (innerRows.next()) {
                        pairs.add(outerRows.getString(1) + "/" + innerRows.getString(1));
                    }
                }
            }
        }
        assertThat(pairs).containsExactly("one/one", "one/two", "two/one", "two/two");
    }

    @Test
    void aQueryLeftHalfReadIsReadFromTheStartWhenItsStatementIsUsedAgain() throws SQLException {
        insert(1, "one");
        insert(2, "two");
        try (PreparedStatement select = connection.prepareStatement("select text from note order by id")) {
            ResultSet rows = select.executeQuery();
            rows.next();
        }
        assertThat(texts()).containsExactly("one", "two");
    }

    @Test
    void moreDistinctStatementsThanTheCacheKeepsStillWork() throws SQLException {
        for (int i = 0; i < StatementCache.CAPACITY * 2; i++) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into note (id, text) values (?, 'n" + i + "')")) {
                insert.setInt(1, i);
                insert.executeUpdate();
            }
        }
        assertThat(texts()).hasSize(StatementCache.CAPACITY * 2);
    }

    @Test
    void aRolledBackTransactionLeavesNothingAndASavepointUndoesOnlyItsOwnPart() throws SQLException {
        writer.begin(Database.SQLITE_BUSY_TIMEOUT.toMillis());
        insert(1, "undone");
        writer.rollback();

        writer.begin(Database.SQLITE_BUSY_TIMEOUT.toMillis());
        insert(2, "kept");
        writer.savepoint();
        insert(3, "undone");
        writer.rollbackToSavepoint();
        writer.savepoint();
        insert(4, "kept too");
        writer.releaseSavepoint();
        writer.commit();

        assertThat(texts()).containsExactly("kept", "kept too");
    }

    @Test
    void closingTheConnectionAsItsUsersDoLeavesItOpenForTheWriter() throws SQLException {
        connection.close();
        insert(1, "still open");
        assertThat(texts()).containsExactly("still open");
    }

    private void insert(int id, String text) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("insert into note (id, text) values (?, ?)")) {
            insert.setInt(1, id);
            insert.setString(2, text);
            insert.executeUpdate();
        }
    }

    private List<String> texts() throws SQLException {
        List<String> texts = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("select text from note order by id");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                texts.add(rows.getString(1));
            }
        }
        return texts;
    }
}
