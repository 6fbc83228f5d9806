package dev.onekycbridge.adapter.persistence;

/** The core's contract for StagedDocuments against SQLite with its images as files: a new database each test. */
class SqliteImageFilesStagedDocumentsContractTest extends SqliteStagedDocumentsContractTest {
    @Override
    DatabaseConfig configure(DatabaseConfig config) {
        return config.withImageFolderBesideSqliteFile();
    }
}
