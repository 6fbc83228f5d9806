package dev.onekycbridge.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.core.document.DocumentKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Sealing an image before its write: what is kept where, and for how long. */
class SealedChunksTest {
    private static final int CHUNK = 1024;
    private static final DataCipher CIPHER = DataCipher.of(TestDatabase.KEY, List.of());
    private static final JooqStagedDocuments.ChunkContext CHUNKS =
            new JooqStagedDocuments.ChunkContext("s-1", DocumentKind.SELFIE, "d-1");

    @Test
    void eachChunkIsSealedForItsPlaceAndHandedOverInOrder() throws Exception {
        byte[] image = image(2 * CHUNK + 7, (byte) 'x');
        List<String> seen = new ArrayList<>();
        ByteArrayOutputStreamWithOpen opened = new ByteArrayOutputStreamWithOpen();

        try (SealedChunks sealed = SealedChunks.seal(CIPHER, CHUNKS, new ByteArrayInputStream(image), CHUNK)) {
            sealed.forEach((index, last, chunk) -> {
                seen.add(index + (last ? " last" : ""));
                opened.write(CIPHER.open(chunk.keyId(), chunk.bytes(), CHUNKS.of(index, last)));
            });
            assertThat(sealed.count()).isEqualTo(3);
        }

        assertThat(seen).containsExactly("0", "1", "2 last");
        assertThat(opened.toByteArray()).isEqualTo(image);
    }

    /**
     * The temporary file has no name once it is open: a process killed while it holds one leaves nothing behind in
     * the temporary folder. It is read here through the process's open files.
     */
    @Test
    void anImageOfOneChunkStaysInMemoryAndOneOfMoreGoesToANamelessTemporaryFileOfCiphertextClosedOnClose()
            throws Exception {
        List<Path> before = spools();
        try (SealedChunks small = SealedChunks.seal(CIPHER, CHUNKS, new ByteArrayInputStream(image(CHUNK, (byte) 'a')),
                CHUNK)) {
            assertThat(openSpools()).isEmpty();
        }

        byte[] plain = image(3 * CHUNK, (byte) 'p');
        SealedChunks large = SealedChunks.seal(CIPHER, CHUNKS, new ByteArrayInputStream(plain), CHUNK);
        assertThat(spools()).as("no name in the temporary folder").isEqualTo(before);
        assertThat(openSpools()).hasSize(1);
        byte[] onDisk = Files.readAllBytes(openSpools().get(0));
        assertThat(onDisk).hasSizeGreaterThan(2 * CHUNK);
        assertThat(ByteSearch.indexOf(onDisk, Arrays.copyOf(plain, 64))).as("no plaintext in the file")
                .isEqualTo(-1);
        for (int reading = 0; reading < 2; reading++) {
            ByteArrayOutputStreamWithOpen opened = new ByteArrayOutputStreamWithOpen();
            large.forEach((index, last, chunk) ->
                    opened.write(CIPHER.open(chunk.keyId(), chunk.bytes(), CHUNKS.of(index, last))));
            assertThat(opened.toByteArray()).as("reading %d", reading).isEqualTo(plain);
        }

        large.close();

        assertThat(openSpools()).isEmpty();
    }

    @Test
    void aSourceThatFailsHalfWayLeavesNoTemporaryFile() {
        List<Path> before = spools();
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(image(2 * CHUNK, (byte) 'f')),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("the upload broke off");
                    }
                });

        assertThatThrownBy(() -> SealedChunks.seal(CIPHER, CHUNKS, failing, CHUNK))
                .isInstanceOf(IOException.class).hasMessage("the upload broke off");
        assertThat(spools()).isEqualTo(before);
    }

    private static byte[] image(int length, byte fill) {
        byte[] image = new byte[length];
        Arrays.fill(image, fill);
        return image;
    }

    /** This process's open temporary files of sealed images whose names are gone, as /proc/self/fd shows them. */
    private static List<Path> openSpools() throws IOException {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.filter(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    return target.contains("onekyc-bridge-staging-") && target.endsWith(" (deleted)");
                } catch (IOException e) {
                    return false; // the listing's own descriptor, closed since
                }
            }).toList();
        }
    }

    /** The temporary files of sealed images in the temporary folder, whichever staging made them. */
    static List<Path> spools() {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(path -> path.getFileName().toString().startsWith("onekyc-bridge-staging-")).sorted()
                    .toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }


    /** A byte sink whose write does not declare IOException, for use in a lambda. */
    private static final class ByteArrayOutputStreamWithOpen extends java.io.ByteArrayOutputStream {
        @Override
        public void write(byte[] bytes) {
            write(bytes, 0, bytes.length);
        }
    }
}
