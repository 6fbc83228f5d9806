package dev.onekycbridge.adapter.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.Objects;

/**
 * A staged image read back a chunk at a time, each chunk fetched and decrypted when the reader reaches it: one
 * chunk, sealed and opened, is in memory at once. A chunk that is missing (the image was discarded or replaced
 * while it was read) fails the read with an IOException; one that was altered, moved or cut off fails to decrypt.
 */
final class StagedChunksInputStream extends InputStream {
    private static final byte[] NONE = new byte[0];
    /** One chunk of the image, only while the image's row is still this staging. */
    private static final String CHUNK = "SELECT c.last_chunk, c.content, c.data_key_id FROM staged_document_chunks c"
            + " JOIN staged_documents d ON d.submission_id = c.submission_id AND d.kind = c.kind"
            + " WHERE c.submission_id = ? AND c.kind = ? AND c.chunk_index = ? AND d.document_id = ?";

    private record Chunk(boolean last, byte[] content, String keyId) {
    }

    private final Database database;
    private final Ciphers ciphers;
    private final JooqStagedDocuments.ChunkContext chunks;
    private byte[] chunk = NONE;
    private int position;
    private int nextIndex;
    private boolean ended;

    StagedChunksInputStream(Database database, Ciphers ciphers, JooqStagedDocuments.ChunkContext chunks) {
        this.database = database;
        this.ciphers = ciphers;
        this.chunks = chunks;
    }

    @Override
    public int read() throws IOException {
        return hasMore() ? chunk[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        if (!hasMore()) {
            return -1;
        }
        int n = Math.min(length, chunk.length - position);
        System.arraycopy(chunk, position, buffer, offset, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        return chunk.length - position;
    }

    @Override
    public void close() {
        forgetChunk();
        ended = true;
    }

    /** Whether a byte is ready, fetching chunks (the last may be empty) until one is or the image ends. */
    private boolean hasMore() throws IOException {
        while (position == chunk.length) {
            if (ended) {
                return false;
            }
            fetchNextChunk();
        }
        return true;
    }

    private void fetchNextChunk() throws IOException {
        int index = nextIndex;
        Chunk row = database.read("reading a staged document", ctx -> ctx.connectionResult(connection -> {
            try (PreparedStatement select = connection.prepareStatement(CHUNK)) {
                select.setString(1, chunks.submissionId());
                select.setString(2, chunks.kind().name());
                select.setInt(3, index);
                select.setString(4, chunks.documentId());
                try (ResultSet found = select.executeQuery()) {
                    return found.next() ? new Chunk(found.getBoolean(1), found.getBytes(2), found.getString(3)) : null;
                }
            }
        }));
        if (row == null) {
            throw new IOException("chunk " + index + " of the staged " + chunks.kind() + " image of submission "
                    + chunks.submissionId() + " is missing: the image was discarded or replaced while it was read");
        }
        boolean last = row.last();
        byte[] opened = ciphers.current().open(row.keyId(), row.content(), chunks.of(index, last));
        forgetChunk();
        chunk = opened;
        position = 0;
        nextIndex = index + 1;
        ended = last;
    }

    private void forgetChunk() {
        Arrays.fill(chunk, (byte) 0);
        chunk = NONE;
        position = 0;
    }
}
