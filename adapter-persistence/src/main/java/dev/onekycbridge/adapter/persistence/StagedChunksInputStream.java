package dev.onekycbridge.adapter.persistence;

import static dev.onekycbridge.adapter.persistence.schema.Tables.STAGED_DOCUMENTS;
import static dev.onekycbridge.adapter.persistence.schema.Tables.STAGED_DOCUMENT_CHUNKS;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;
import org.jooq.Record3;

/**
 * A staged image read back a chunk at a time, each chunk fetched and decrypted when the reader reaches it: one
 * chunk, sealed and opened, is in memory at once. A chunk that is missing (the image was discarded or replaced
 * while it was read) fails the read with an IOException; one that was altered, moved or cut off fails to decrypt.
 */
final class StagedChunksInputStream extends InputStream {
    private static final byte[] NONE = new byte[0];

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
        Record3<Boolean, byte[], String> row = database.read("reading a staged document", ctx -> ctx
                .select(STAGED_DOCUMENT_CHUNKS.LAST_CHUNK, STAGED_DOCUMENT_CHUNKS.CONTENT,
                        STAGED_DOCUMENT_CHUNKS.DATA_KEY_ID)
                .from(STAGED_DOCUMENT_CHUNKS)
                .join(STAGED_DOCUMENTS).on(STAGED_DOCUMENTS.SUBMISSION_ID.eq(STAGED_DOCUMENT_CHUNKS.SUBMISSION_ID)
                        .and(STAGED_DOCUMENTS.KIND.eq(STAGED_DOCUMENT_CHUNKS.KIND)))
                .where(chunks.ofRow().and(chunks.ofImage()).and(STAGED_DOCUMENT_CHUNKS.CHUNK_INDEX.eq(index)))
                .fetchOne());
        if (row == null) {
            throw new IOException("chunk " + index + " of the staged " + chunks.kind() + " image of submission "
                    + chunks.submissionId() + " is missing: the image was discarded or replaced while it was read");
        }
        boolean last = row.value1();
        byte[] opened = ciphers.current().open(row.value3(), row.value2(), chunks.of(index, last));
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
