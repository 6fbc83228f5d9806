package dev.onekycbridge.core.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentSourceTest {
    @TempDir
    Path directory;

    private static byte[] readAll(DocumentSource source) throws IOException {
        try (InputStream in = source.open()) {
            return in.readAllBytes();
        }
    }

    @Test
    void bytesCanBeReadMoreThanOnce() throws IOException {
        var source = DocumentSource.ofBytes(new byte[] {1, 2, 3});

        assertThat(readAll(source)).containsExactly(1, 2, 3);
        assertThat(readAll(source)).containsExactly(1, 2, 3);
    }

    @Test
    void bytesAreCopiedSoLaterChangesDoNotLeakIn() throws IOException {
        byte[] bytes = {1, 2, 3};
        var source = DocumentSource.ofBytes(bytes);

        bytes[0] = 9;

        assertThat(readAll(source)).containsExactly(1, 2, 3);
    }

    @Test
    void aFileIsReadFromDiskEachTimeItIsOpened() throws IOException {
        Path file = Files.write(directory.resolve("ktp.jpg"), new byte[] {4, 5});
        var source = DocumentSource.ofFile(file);

        assertThat(readAll(source)).containsExactly(4, 5);
        assertThat(readAll(source)).containsExactly(4, 5);
    }

    @Test
    void aMissingFileFailsWhenOpenedNotWhenNamed() {
        var source = DocumentSource.ofFile(directory.resolve("missing.jpg"));

        assertThatThrownBy(source::open).isInstanceOf(NoSuchFileException.class);
    }
}
