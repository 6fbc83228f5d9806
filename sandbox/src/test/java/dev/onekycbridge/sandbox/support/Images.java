package dev.onekycbridge.sandbox.support;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Tiny but well-formed image bytes. */
public final class Images {

    /** A 1x1 PNG. */
    public static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    /** JPEG magic and a JFIF header; the sandbox, like an object store, checks the format, not the pixels. */
    public static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0x00, 0x10, 'J', 'F', 'I',
        'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, (byte) 0xFF, (byte) 0xD9};

    public static final byte[] PDF = "%PDF-1.4 not an image".getBytes(StandardCharsets.US_ASCII);

    private Images() {
    }
}
