package dev.onekycbridge.core.document;

import java.util.Optional;

/** The image formats the platform accepts, recognised by their leading bytes rather than a file name. */
public enum ImageType {
    JPEG("image/jpeg"),
    PNG("image/png");

    /** Enough leading bytes to recognise every type. */
    public static final int SIGNATURE_LENGTH = 8;

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

    private final String mediaType;

    ImageType(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** Recognises the type from the first bytes of a file. */
    public static Optional<ImageType> detect(byte[] head, int length) {
        if (length >= 3 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8 && (head[2] & 0xFF) == 0xFF) {
            return Optional.of(JPEG);
        }
        if (length >= PNG_SIGNATURE.length) {
            for (int i = 0; i < PNG_SIGNATURE.length; i++) {
                if (head[i] != PNG_SIGNATURE[i]) {
                    return Optional.empty();
                }
            }
            return Optional.of(PNG);
        }
        return Optional.empty();
    }

    public static Optional<ImageType> fromMediaType(String mediaType) {
        for (ImageType type : values()) {
            if (type.mediaType.equalsIgnoreCase(mediaType)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
