package dev.onekycbridge.app.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A UTF-8 text file an operator wrote, as an editor saved it. */
public final class TextFile {
    private TextFile() {
    }

    /**
     * The file's text without the byte-order mark that some editors write first: it would become part of what the
     * file starts with (a configuration's first key, a JSON document's opening brace), which then reads as
     * something else.
     *
     * @throws CharacterCodingException when the file is not UTF-8 text
     */
    public static String read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
