package dev.onekycbridge.adapter.persistence;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * A staged image read back from its chunks in the database. A chunk that is missing (the image was discarded or
 * replaced while it was read) fails the read with an IOException; one that was altered, moved or cut off fails to
 * decrypt.
 */
final class StagedChunksInputStream extends OpenedChunksInputStream {
    /** One chunk of the image, only while the image's row is still this staging. */
    private static final String CHUNK = "SELECT c.last_chunk, c.content, c.data_key_id FROM staged_document_chunks c"
            + " JOIN staged_documents d ON d.submission_id = c.submission_id AND d.kind = c.kind"
            + " WHERE c.submission_id = ? AND c.kind = ? AND c.chunk_index = ? AND d.document_id = ?";

    private record Row(boolean last, byte[] content, String keyId) {
    }

    private final Database database;
    private final Ciphers ciphers;
    private final JooqStagedDocuments.ChunkContext chunks;

    StagedChunksInputStream(Database database, Ciphers ciphers, JooqStagedDocuments.ChunkContext chunks) {
        this.database = database;
        this.ciphers = ciphers;
        this.chunks = chunks;
    }

    @Override
    protected Chunk fetch(int index) throws IOException {
        Row row = database.read("reading a staged document", ctx -> ctx.connectionResult(connection -> {
            try (PreparedStatement select = connection.prepareStatement(CHUNK)) {
                select.setString(1, chunks.submissionId());
                select.setString(2, chunks.kind().name());
                select.setInt(3, index);
                select.setString(4, chunks.documentId());
                try (ResultSet found = select.executeQuery()) {
                    return found.next() ? new Row(found.getBoolean(1), found.getBytes(2), found.getString(3)) : null;
                }
            }
        }));
        if (row == null) {
            throw new IOException("chunk " + index + " of the staged " + chunks.kind() + " image of submission "
                    + chunks.submissionId() + " is missing: the image was discarded or replaced while it was read");
        }
        return new Chunk(ciphers.current().open(row.keyId(), row.content(), chunks.of(index, row.last())),
                row.last());
    }
}
