package dev.onekycbridge.core.document;

import java.io.IOException;
import java.io.InputStream;

/** Image bytes that can be read more than once, such as an uploaded file or a staged copy. */
@FunctionalInterface
public interface DocumentSource {
    InputStream open() throws IOException;

    static DocumentSource ofBytes(byte[] bytes) {
        byte[] copy = bytes.clone();
        return () -> new java.io.ByteArrayInputStream(copy);
    }

    static DocumentSource ofFile(java.nio.file.Path path) {
        return () -> java.nio.file.Files.newInputStream(path);
    }
}
