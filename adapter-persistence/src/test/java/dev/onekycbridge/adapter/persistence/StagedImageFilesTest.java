package dev.onekycbridge.adapter.persistence;

import static dev.onekycbridge.core.contract.SubmissionFixtures.T0;
import static dev.onekycbridge.core.contract.SubmissionFixtures.at;
import static dev.onekycbridge.core.contract.SubmissionFixtures.failed;
import static dev.onekycbridge.core.contract.SubmissionFixtures.initiated;
import static dev.onekycbridge.core.contract.SubmissionFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.port.out.StoreUnavailableException;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import dev.onekycbridge.core.testing.CapturedLogs;
import dev.onekycbridge.core.testing.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staged images as files beside a SQLite database: what is on disk, and when it goes. */
class StagedImageFilesTest {
    private static final int CHUNK = JooqStagedDocuments.CHUNK_BYTES;
    /** Three chunks, the last one short. */
    private static final byte[] KTP = TestData.jpeg(2 * CHUNK + 5000);
    private static final byte[] SELFIE = TestData.png(4096);

    @TempDir
    Path folder;
    private SqliteTestDatabase database;
    private Path images;
    private PersistenceAdapter adapter;

    @BeforeEach
    void open() {
        database = SqliteTestDatabase.in(folder);
        images = folder.resolve("bridge.db.images");
        adapter = database.open(DatabaseConfig::withImageFolderBesideSqliteFile);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void eachImageIsAFileOfCiphertextWhoseKeyOnlyItsRowHoldsSealed() throws IOException {
        SubmissionId id = SubmissionId.random();
        stage(id);

        assertThat(files()).hasSize(2);
        assertThat(database.count("select count(*) from staged_document_chunks")).isZero();
        assertThat(database.count("select count(*) from staged_documents where image_key is not null "
                + "and length(content) = 0")).isEqualTo(2);
        for (Path file : files()) {
            byte[] onDisk = Files.readAllBytes(file);
            assertThat(file.getFileName().toString()).doesNotContain(id.toString());
            assertThat(ByteSearch.indexOf(onDisk, Arrays.copyOfRange(KTP, 100, 164))).isEqualTo(-1);
            assertThat(ByteSearch.indexOf(onDisk, Arrays.copyOfRange(KTP, 2 * CHUNK + 100, 2 * CHUNK + 164)))
                    .isEqualTo(-1);
            assertThat(ByteSearch.indexOf(onDisk, Arrays.copyOfRange(SELFIE, 100, 164))).isEqualTo(-1);
        }
        assertThat(read(id, DocumentKind.KTP)).isEqualTo(KTP);
        assertThat(read(id, DocumentKind.SELFIE)).isEqualTo(SELFIE);
    }

    @Test
    void theImageFolderAndItsFilesAreForTheServicesUserAlone() throws IOException {
        assumeTrue(Posix.supported(folder), "POSIX permissions");
        stage(SubmissionId.random());

        assertThat(Posix.permissions(images)).isEqualTo("rwx------");
        assertThat(files()).hasSize(2).allSatisfy(file ->
                assertThat(Posix.permissions(file)).isEqualTo("rw-------"));
    }

    @Test
    void theSaveThatTakesASubmissionPastItsUploadsDeletesTheFiles() {
        Submission created = adapter.submissionStore().insert(TestData.newCertificateRegistration(user("u-1"), T0));
        stage(created.id());
        Submission uploaded = adapter.submissionStore().save(initiated(created, "plat-1", at(1))
                .markUploaded(DocumentKind.KTP, at(2)).markUploaded(DocumentKind.SELFIE, at(3)));
        Submission attempted = adapter.submissionStore().save(uploaded.recordConfirmAttempt(at(4)));
        assertThat(files()).hasSize(2);

        adapter.submissionStore().save(attempted.confirm(at(30), at(5)));

        assertThat(files()).isEmpty();
        assertThat(database.count("select count(*) from staged_documents")).isZero();
    }

    @Test
    void aPurgeAndADiscardDeleteTheFiles() {
        Submission stored = adapter.submissionStore().save(initiated(
                adapter.submissionStore().insert(TestData.newCertificateRegistration(user("u-1"), T0)),
                "plat-1", at(1)));
        Submission finalOne = adapter.submissionStore().save(failed(stored, at(2)));
        adapter.stagedDocuments().stageAll(stored.id(), Map.of(DocumentKind.SELFIE, DocumentSource.ofBytes(SELFIE)));
        SubmissionId other = SubmissionId.random();
        stage(other);
        assertThat(files()).hasSize(3);

        adapter.submissionStore().save(finalOne.purgePersonalData(at(100)));
        assertThat(files()).hasSize(2);

        adapter.stagedDocuments().discard(other);
        assertThat(files()).isEmpty();
    }

    @Test
    void aReplacedImageLosesItsFileAndASourceFailingHalfWayLeavesTheFormerImagesAndNoNewFile() {
        SubmissionId id = SubmissionId.random();
        stage(id);
        List<Path> first = files();
        byte[] newKtp = TestData.jpeg(CHUNK + 1);

        adapter.stagedDocuments().stageAll(id, Map.of(DocumentKind.KTP, DocumentSource.ofBytes(newKtp)));

        assertThat(files()).hasSize(2).containsAnyElementsOf(first).isNotEqualTo(first);
        assertThat(read(id, DocumentKind.KTP)).isEqualTo(newKtp);
        List<Path> second = files();

        DocumentSource failing = () -> new InputStream() {
            private int left = CHUNK + 10;

            @Override
            public int read() throws IOException {
                if (left-- <= 0) {
                    throw new IOException("the upload was cut off");
                }
                return 'x';
            }
        };
        assertThatThrownBy(() -> adapter.stagedDocuments().stageAll(id, Map.of(
                DocumentKind.SELFIE, DocumentSource.ofBytes(TestData.png(100)), DocumentKind.KTP, failing)))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("cut off");

        assertThat(files()).isEqualTo(second);
        assertThat(read(id, DocumentKind.KTP)).isEqualTo(newKtp);
        assertThat(read(id, DocumentKind.SELFIE)).isEqualTo(SELFIE);
    }

    @Test
    void aFileThatCannotBeWrittenIsTheStoresFailureAndStagesNothing() throws IOException {
        SubmissionId id = SubmissionId.random();
        // What a full disk or a folder remounted read-only does to a write, and root's permissions cannot stop.
        Files.delete(images);
        Files.write(images, new byte[] {1});

        assertThatThrownBy(() -> stage(id)).isInstanceOf(StoreUnavailableException.class)
                .hasMessage("creating a staged image file failed");

        assertThat(adapter.stagedDocuments().find(id, DocumentKind.KTP)).isEmpty();
        assertThat(adapter.stagedDocuments().find(id, DocumentKind.SELFIE)).isEmpty();
    }

    @Test
    void aFileCutOffAlteredOrSwappedWithAnotherImagesFileDoesNotRead() throws IOException {
        SubmissionId id = SubmissionId.random();
        stage(id);
        Path ktp = fileOf(id, DocumentKind.KTP);
        Path selfie = fileOf(id, DocumentKind.SELFIE);
        byte[] original = Files.readAllBytes(ktp);

        // Cut off after its second chunk: the second chunk was not sealed as the last.
        int cut = 8 + 2 * (4 + 1 + 12 + CHUNK + 16);
        Files.write(ktp, Arrays.copyOf(original, cut));
        assertThatThrownBy(() -> read(id, DocumentKind.KTP)).hasRootCauseInstanceOf(IOException.class);

        byte[] altered = original.clone();
        altered[original.length - 40] ^= 1;
        Files.write(ktp, altered);
        assertThatThrownBy(() -> read(id, DocumentKind.KTP)).hasRootCauseInstanceOf(IOException.class);

        Files.copy(selfie, ktp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> read(id, DocumentKind.KTP)).hasRootCauseInstanceOf(IOException.class);
    }

    @Test
    void anImageWhoseFileIsGoneIsNotFound() throws IOException {
        SubmissionId id = SubmissionId.random();
        stage(id);
        Files.delete(fileOf(id, DocumentKind.KTP));

        assertThat(adapter.stagedDocuments().find(id, DocumentKind.KTP)).isEmpty();
        assertThat(adapter.stagedDocuments().find(id, DocumentKind.SELFIE)).isPresent();
    }

    @Test
    void anImageFolderThatIsGoneIsTheStoresOutageUntilItIsBackNotAnImageLost() throws IOException {
        SubmissionId id = SubmissionId.random();
        stage(id);
        Path moved = Files.move(images, folder.resolve("moved.images"));

        assertThatThrownBy(() -> adapter.stagedDocuments().find(id, DocumentKind.KTP))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessage("finding a staged image failed: the folder of staged images " + images
                        + " is missing or unreadable");

        Files.move(moved, images);
        DocumentSource found = adapter.stagedDocuments().find(id, DocumentKind.KTP).orElseThrow();
        assertThat(read(id, DocumentKind.KTP)).isEqualTo(KTP);
        Files.move(images, moved);
        assertThatThrownBy(found::open).as("gone between its find and its upload")
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("is missing or unreadable");
    }

    @Test
    void aRetentionPurgeWithoutTheImageFolderSaysWhy() throws IOException {
        Files.move(images, folder.resolve("moved.images"));

        assertThatThrownBy(() -> adapter.stagedDocuments().discardOrphans(Instant.now(), 10))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessage("clearing the folder of staged images failed: the folder of staged images " + images
                        + " is missing or unreadable");
    }

    @Test
    void openingWarnsOnceOfStagedImagesWhoseFilesAreNotInTheFolder() throws IOException {
        stage(SubmissionId.random());
        stage(SubmissionId.random());
        database.close();
        try (Stream<Path> listed = Files.list(images)) {
            for (Path file : listed.toList()) {
                Files.delete(file);
            }
        }

        try (CapturedLogs log = CapturedLogs.of(JooqStagedDocuments.class)) {
            database.open(DatabaseConfig::withImageFolderBesideSqliteFile);

            assertThat(log.at(java.util.logging.Level.WARNING)).containsExactly("4 staged images have no file in "
                    + images + ": their submissions fail as STAGED_DOCUMENT_MISSING; if the folder was not moved"
                    + " with the database file, stop the service and put it back");
        }
    }

    @Test
    void openingWithEveryStagedImagesFileWarnsOfNothing() {
        stage(SubmissionId.random());
        database.close();

        try (CapturedLogs log = CapturedLogs.of(JooqStagedDocuments.class)) {
            database.open(DatabaseConfig::withImageFolderBesideSqliteFile);

            assertThat(log.at(java.util.logging.Level.WARNING)).isEmpty();
        }
    }

    @Test
    void openingDeletesFilesNoRowNamesOnceTheyAreOlderThanAStagingCouldTake() throws IOException {
        SubmissionId id = SubmissionId.random();
        stage(id);
        Path orphan = images.resolve(UUID.randomUUID() + ".sealed");
        Path youngOrphan = images.resolve(UUID.randomUUID() + ".sealed");
        Path notOurs = images.resolve("notes.txt");
        Files.write(orphan, new byte[] {1, 2, 3});
        Files.write(youngOrphan, new byte[] {1, 2, 3});
        Files.write(notOurs, new byte[] {1});
        Instant old = Instant.now().minus(JooqStagedDocuments.ORPHAN_AGE).minus(Duration.ofMinutes(1));
        Files.setLastModifiedTime(orphan, FileTime.from(old));
        Files.setLastModifiedTime(fileOf(id, DocumentKind.KTP), FileTime.from(old));
        database.close();

        PersistenceAdapter reopened = database.open(DatabaseConfig::withImageFolderBesideSqliteFile);

        assertThat(orphan).doesNotExist();
        assertThat(youngOrphan).exists();
        assertThat(notOurs).exists();
        assertThat(fileOf(id, DocumentKind.KTP)).exists();
        assertThat(read(reopened, id, DocumentKind.KTP)).isEqualTo(KTP);
    }

    /**
     * The process stopped between deleting a row and its file, and started again within the hour: the sweep at
     * open leaves the file, too young; the retention purge of a later hour deletes it.
     */
    @Test
    void theRetentionPurgeDeletesFilesNoRowNamesOnceTheyAreOlderThanAStagingCouldTake() throws IOException {
        SubmissionId id = SubmissionId.random();
        stage(id);
        Path kept = fileOf(id, DocumentKind.KTP);
        Path orphan = images.resolve(UUID.randomUUID() + ".sealed");
        Path youngOrphan = images.resolve(UUID.randomUUID() + ".sealed");
        Files.write(orphan, new byte[] {1, 2, 3});
        Files.write(youngOrphan, new byte[] {1, 2, 3});
        Instant old = Instant.now().minus(JooqStagedDocuments.ORPHAN_AGE).minus(Duration.ofMinutes(1));
        Files.setLastModifiedTime(orphan, FileTime.from(old));
        Files.setLastModifiedTime(kept, FileTime.from(old));

        assertThat(adapter.stagedDocuments().discardOrphans(Instant.now().minus(Duration.ofDays(30)), 10)).isZero();

        assertThat(orphan).doesNotExist();
        assertThat(youngOrphan).exists();
        assertThat(kept).exists();
        assertThat(read(id, DocumentKind.KTP)).isEqualTo(KTP);
    }

    /**
     * A file deleted between the sweep's listing and its look at the file (its submission's images discarded
     * meanwhile, by the service beside a command that opens the store) is passed over: here, a link to nothing.
     */
    @Test
    void aFileGoneBetweenTheListingAndItsLookDoesNotStopTheSweep() throws IOException {
        Path gone = Files.createSymbolicLink(images.resolve(UUID.randomUUID() + ".sealed"),
                images.resolve("deleted-meanwhile"));
        Path orphan = images.resolve(UUID.randomUUID() + ".sealed");
        Files.write(orphan, new byte[] {1, 2, 3});
        Files.setLastModifiedTime(orphan, FileTime.from(
                Instant.now().minus(JooqStagedDocuments.ORPHAN_AGE).minus(Duration.ofMinutes(1))));

        assertThat(adapter.stagedDocuments().discardOrphans(Instant.now().minus(Duration.ofDays(30)), 10)).isZero();

        assertThat(orphan).doesNotExist();
        assertThat(Files.isSymbolicLink(gone)).isTrue();
    }

    @Test
    void aKeyRotationRewrapsEachImagesKeyAndLeavesItsFileAsItIs() throws IOException {
        SubmissionId id = SubmissionId.random();
        stage(id);
        byte[] before = Files.readAllBytes(fileOf(id, DocumentKind.KTP));
        DataKey next = TestDatabase.key("key-2", 2);

        ReencryptionReport report = adapter.reencrypt(next);

        assertThat(report.stagedImages()).isEqualTo(2);
        assertThat(Files.readAllBytes(fileOf(id, DocumentKind.KTP))).isEqualTo(before);
        assertThat(database.strings("select distinct data_key_id from staged_documents")).containsExactly("key-2");
        database.close();
        PersistenceAdapter withNewKeyOnly = database.open(
                config -> database.config(next).withImageFolderBesideSqliteFile());
        assertThat(read(withNewKeyOnly, id, DocumentKind.KTP)).isEqualTo(KTP);
    }

    @Test
    void anImageInAFileCannotBeReadWithoutTheFolder() {
        SubmissionId id = SubmissionId.random();
        stage(id);
        database.close();

        PersistenceAdapter withoutFolder = database.open();

        assertThatThrownBy(() -> withoutFolder.stagedDocuments().find(id, DocumentKind.KTP))
                .isInstanceOf(PersistenceException.class).hasMessageContaining("image folder");
    }

    @Test
    void theAdapterIsNotReadyWhileItsImageFolderIsGone() throws IOException {
        assertThat(adapter.health().details()).containsEntry("images", "writable");
        Files.delete(images);
        Files.write(images, new byte[] {1});

        assertThat(adapter.health()).isEqualTo(new StoreHealth(false, Map.of("database", "reachable",
                "migrations", "applied", "writes", "succeeding", "images",
                "failing: the folder is missing or read-only")));

        Files.delete(images);
        Files.createDirectory(images);
        assertThat(adapter.isReady()).isTrue();
    }

    @Test
    void anImageThatCouldNotBeWrittenLeavesTheFolderFailingUntilAFileCanBeWrittenThereAgain() throws IOException {
        StagedImageFiles files = StagedImageFiles.in(folder.resolve("files"));
        String unwritable = "no-such-folder/" + UUID.randomUUID();
        assertThatThrownBy(() -> files.write(unwritable, ImageKey.random(),
                new JooqStagedDocuments.ChunkContext("s-1", DocumentKind.KTP, unwritable),
                new java.io.ByteArrayInputStream(SELFIE), CHUNK))
                .isInstanceOf(PersistenceException.class);
        // The check writes a file of its own in the folder; a folder (not empty) in its place fails that write too.
        Path probe = Files.createDirectory(folder.resolve("files/.write-probe"));
        Files.write(probe.resolve("in-the-way"), new byte[] {1});

        assertThat(files.writeTrouble()).hasValueSatisfying(reason -> assertThat(reason)
                .isEqualTo("writing a staged image file failed"));
        assertThat(files.writeFailures()).isEqualTo(2);

        Files.delete(probe.resolve("in-the-way"));
        Files.delete(probe);
        assertThat(files.writeTrouble()).isEmpty();
        assertThat(files.writeFailures()).isEqualTo(2);
        assertThat(folder.resolve("files")).isEmptyDirectory();
    }

    @Test
    void anImageFolderIsForSqliteOnly() {
        assertThatThrownBy(() -> DatabaseConfig.of("jdbc:postgresql://localhost/db", TestDatabase.KEY)
                .withImageFolder(folder))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SQLite");
        DatabaseConfig postgres = DatabaseConfig.of("jdbc:postgresql://localhost/db", TestDatabase.KEY);
        assertThat(postgres.withImageFolderBesideSqliteFile()).isEqualTo(postgres);
        assertThat(DatabaseConfig.of("jdbc:sqlite:data/x.db", TestDatabase.KEY).withImageFolderBesideSqliteFile()
                .imageFolder()).isEqualTo(Path.of("data/x.db.images"));
    }

    private void stage(SubmissionId id) {
        adapter.stagedDocuments().stageAll(id, Map.of(DocumentKind.KTP, DocumentSource.ofBytes(KTP),
                DocumentKind.SELFIE, DocumentSource.ofBytes(SELFIE)));
    }

    private byte[] read(SubmissionId id, DocumentKind kind) {
        return read(adapter, id, kind);
    }

    private static byte[] read(PersistenceAdapter adapter, SubmissionId id, DocumentKind kind) {
        try (InputStream in = adapter.stagedDocuments().find(id, kind).orElseThrow().open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path fileOf(SubmissionId id, DocumentKind kind) {
        String documentId = database.strings("select document_id from staged_documents where submission_id = '"
                + id + "' and kind = '" + kind + "'").get(0);
        return images.resolve(documentId + ".sealed");
    }

    private List<Path> files() {
        try (Stream<Path> listed = Files.list(images)) {
            return listed.filter(file -> file.toString().endsWith(".sealed")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
