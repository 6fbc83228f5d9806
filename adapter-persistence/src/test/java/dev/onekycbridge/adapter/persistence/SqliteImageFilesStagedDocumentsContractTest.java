package dev.onekycbridge.adapter.persistence;

import dev.onekycbridge.core.contract.StagedDocumentsContract;
import dev.onekycbridge.core.port.out.StagedDocuments;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The core's contract for StagedDocuments against SQLite with its images as files: a new database each test. */
class SqliteImageFilesStagedDocumentsContractTest extends StagedDocumentsContract {
    @TempDir
    Path folder;
    private SqliteTestDatabase database;

    @Override
    protected StagedDocuments newEmptyStagedDocuments() {
        database = SqliteTestDatabase.in(folder);
        PersistenceAdapter adapter = database.open(config -> config.withImageFolderBesideSqliteFile());
        return adapter.stagedDocuments();
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
