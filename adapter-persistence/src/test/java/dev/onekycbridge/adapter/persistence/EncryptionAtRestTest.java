package dev.onekycbridge.adapter.persistence;

import static dev.onekycbridge.core.contract.SubmissionFixtures.T0;
import static dev.onekycbridge.core.contract.SubmissionFixtures.at;
import static dev.onekycbridge.core.contract.SubmissionFixtures.completedIdentityVerification;
import static dev.onekycbridge.core.contract.SubmissionFixtures.initiated;
import static dev.onekycbridge.core.contract.SubmissionFixtures.user;
import static dev.onekycbridge.core.contract.SubmissionFixtures.withIdempotencyKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.identity.Nik;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.testing.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Personal data never reaches the disk in plaintext: the SQLite file and its write-ahead log are scanned, byte
 * by byte, for every personal value the stores were given.
 */
class EncryptionAtRestTest {
    @TempDir
    Path folder;

    /** Three chunks: the last one short. */
    private static final byte[] KTP_IMAGE = TestData.jpeg(2 * JooqStagedDocuments.CHUNK_BYTES + 8192);
    private static final byte[] SELFIE_IMAGE = TestData.png(8192);

    /** What must not be found, by what it is. */
    private static Map<String, byte[]> secrets() {
        Map<String, byte[]> secrets = new LinkedHashMap<>();
        secrets.put("NIK", utf8(TestData.NIK));
        secrets.put("NIK as a number", utf8(Long.toString(new Nik(TestData.NIK).asNumber())));
        secrets.put("name", utf8(TestData.NAME));
        secrets.put("name in capitals (KTP data)", utf8(TestData.NAME.toUpperCase()));
        secrets.put("e-mail", utf8(TestData.EMAIL));
        secrets.put("phone", utf8(TestData.PHONE));
        secrets.put("date of birth", utf8(TestData.DATE_OF_BIRTH));
        secrets.put("KTP address", utf8("JL. MERDEKA NO. 1"));
        secrets.put("consent IP address", utf8("203.0.113.7"));
        secrets.put("presigned URL signature", utf8("secret-ktp"));
        secrets.put("SDK token", utf8("sdk-token-secret"));
        // A hash of a request's few personal values; in plain it could be reversed by hashing every candidate.
        secrets.put("request fingerprint", utf8("fingerprint-of-scan-key"));
        secrets.put("KTP image (head)", Arrays.copyOfRange(KTP_IMAGE, 0, 64));
        secrets.put("KTP image (middle)", Arrays.copyOfRange(KTP_IMAGE, 4000, 4064));
        int lastChunk = 2 * JooqStagedDocuments.CHUNK_BYTES;
        secrets.put("KTP image (last chunk)", Arrays.copyOfRange(KTP_IMAGE, lastChunk + 4000, lastChunk + 4064));
        secrets.put("selfie image (head)", Arrays.copyOfRange(SELFIE_IMAGE, 0, 64));
        secrets.put("selfie image (middle)", Arrays.copyOfRange(SELFIE_IMAGE, 5000, 5064));
        return secrets;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void noPersonalValueAppearsInTheDatabaseFileOrItsWriteAheadLog() throws IOException {
        SqliteTestDatabase database = SqliteTestDatabase.in(folder);
        String plainMarker = "scan-visible-user";
        try (PersistenceAdapter adapter = database.open()) {
            Submission registration = adapter.submissionStore()
                    .insert(TestData.newCertificateRegistration(user(plainMarker), T0));
            adapter.submissionStore().save(initiated(registration, "plat-scan-1", at(1)));
            adapter.submissionStore().insert(completedIdentityVerification(user("scan-siv"), T0));
            adapter.submissionStore().insert(withIdempotencyKey(user("scan-idempotent"), "scan-key", T0));
            adapter.stagedDocuments().stageAll(registration.id(), Map.of(
                    DocumentKind.KTP, DocumentSource.ofBytes(KTP_IMAGE),
                    DocumentKind.SELFIE, DocumentSource.ofBytes(SELFIE_IMAGE)));
            String callback = "{\"submissionId\":\"plat-scan-1\",\"ktpData\":{\"nik\":\"" + TestData.NIK
                    + "\",\"name\":\"" + TestData.NAME + "\",\"phone\":\"" + TestData.PHONE + "\",\"email\":\""
                    + TestData.EMAIL + "\"}}";
            adapter.callbackInbox().append(CallbackChannel.ESIGN, callback, T0);
            adapter.callbackInbox().appendRejected(CallbackChannel.ESIGN, callback + "{", T0, "malformed JSON");

            Path wal = Path.of(database.file() + "-wal");
            assertThat(wal).exists();
            byte[] live = concat(Files.readAllBytes(database.file()), Files.readAllBytes(wal));
            // The scan sees row data: a plain (non-personal) value is there.
            assertThat(ByteSearch.indexOf(live, utf8(plainMarker))).isNotNegative();
            assertNoSecretIn(live, "the database file and its WAL while open");
        }

        byte[] closed = Files.readAllBytes(database.file());
        Path wal = Path.of(database.file() + "-wal");
        byte[] everything = Files.exists(wal) ? concat(closed, Files.readAllBytes(wal)) : closed;
        assertThat(ByteSearch.indexOf(everything, utf8(plainMarker))).isNotNegative();
        assertNoSecretIn(everything, "the database file after closing");
    }

    /**
     * An erased callback body leaves no copy of its ciphertext on disk: secure_delete overwrites the bytes the
     * shorter row no longer uses, in the database file once the WAL is checkpointed (closing does it, and removes
     * the WAL).
     */
    @Test
    void anErasedCallbackBodyLeavesNoCopyOfItsCiphertextInTheDatabaseFile() throws IOException {
        SqliteTestDatabase database = SqliteTestDatabase.in(folder);
        List<byte[]> ciphertexts;
        try (PersistenceAdapter adapter = database.open()) {
            // A body that spills into overflow pages, as one with image URLs and KTP data does, and a small one.
            String large = "{\"submissionId\":\"plat-1\",\"pad\":\"" + "x".repeat(6000) + "\"}";
            long id = adapter.callbackInbox().append(CallbackChannel.SIV, large, T0).entryId();
            adapter.callbackInbox().markApplied(id, at(1));
            long small = adapter.callbackInbox().append(CallbackChannel.COE, "{\"nik\":\"" + TestData.NIK + "\"}",
                    T0).entryId();
            adapter.callbackInbox().markApplied(small, at(1));
            ciphertexts = List.of(bodyOf(database, id), bodyOf(database, small));
            assertThat(ciphertextFoundIn(fileAndWal(database), ciphertexts))
                    .as("the scan sees the ciphertext before the erasure").isNotEmpty();

            assertThat(adapter.callbackInbox().eraseSettledBodies(at(10), 10)).isEqualTo(2);
        }

        assertThat(ciphertextFoundIn(fileAndWal(database), ciphertexts)).isEmpty();
    }

    private static byte[] fileAndWal(SqliteTestDatabase database) throws IOException {
        Path wal = Path.of(database.file() + "-wal");
        byte[] file = Files.readAllBytes(database.file());
        return Files.exists(wal) ? concat(file, Files.readAllBytes(wal)) : file;
    }

    /** Where 32-byte pieces of the ciphertexts (past their format byte and nonce) are found in {@code file}. */
    private static List<String> ciphertextFoundIn(byte[] file, List<byte[]> ciphertexts) {
        List<String> found = new java.util.ArrayList<>();
        for (int body = 0; body < ciphertexts.size(); body++) {
            byte[] ciphertext = ciphertexts.get(body);
            for (int offset = 13; offset + 32 <= ciphertext.length; offset += 256) {
                if (ByteSearch.indexOf(file, Arrays.copyOfRange(ciphertext, offset, offset + 32)) >= 0) {
                    found.add("body " + body + " at " + offset);
                }
            }
        }
        return found;
    }

    private static byte[] bodyOf(SqliteTestDatabase database, long id) {
        try (var connection = database.rawConnection(); var statement = connection.createStatement();
             var row = statement.executeQuery("select body from callback_inbox where id = " + id)) {
            row.next();
            return row.getBytes(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertNoSecretIn(byte[] bytes, String where) {
        List<String> found = secrets().entrySet().stream()
                .filter(secret -> ByteSearch.indexOf(bytes, secret.getValue()) >= 0)
                .map(Map.Entry::getKey)
                .toList();
        assertThat(found).as("personal values in plaintext in " + where).isEmpty();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
