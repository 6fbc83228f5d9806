package dev.onekycbridge.adapter.persistence;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key of one staged image file: random, used for that image alone, and kept only in the image's row, sealed
 * under the data key. Deleting the row (SQLite overwrites what it deletes) leaves the file's ciphertext with no key
 * anywhere, even where the file's blocks outlive its deletion on disk.
 */
final class ImageKey {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int KEY_BYTES = 32;
    /** Binds each sealing to this kind of key, apart from anything the data key seals. */
    private static final String KEY_ID = "image";

    private final SecretKeySpec key;

    private ImageKey(byte[] material) {
        this.key = new SecretKeySpec(material, "AES");
        Arrays.fill(material, (byte) 0);
    }

    static ImageKey random() {
        byte[] material = new byte[KEY_BYTES];
        RANDOM.nextBytes(material);
        return new ImageKey(material);
    }

    /** The key sealed under the data key's current key, bound to {@code context} (the image's row). */
    DataCipher.Sealed wrap(DataCipher cipher, String context) {
        byte[] material = key.getEncoded();
        try {
            return cipher.seal(material, context);
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    /** A key {@link #wrap wrapped} for {@code context}. */
    static ImageKey unwrap(DataCipher cipher, String keyId, byte[] wrapped, String context) {
        byte[] material = cipher.open(keyId, wrapped, context);
        if (material.length != KEY_BYTES) {
            Arrays.fill(material, (byte) 0);
            throw new IllegalStateException("a staged image's key has " + material.length + " bytes, not "
                    + KEY_BYTES);
        }
        return new ImageKey(material);
    }

    /** Encrypts {@code length} bytes of {@code plaintext} from {@code offset} for {@code context}. */
    byte[] seal(byte[] plaintext, int offset, int length, String context) {
        return DataCipher.sealWith(key, DataCipher.aad(context, KEY_ID), plaintext, offset, length, RANDOM);
    }

    /**
     * Decrypts what {@link #seal} sealed for {@code context}.
     *
     * @throws IOException when it was altered, moved or sealed under another key
     */
    byte[] open(byte[] sealed, String context) throws IOException {
        try {
            return DataCipher.openWith(key, DataCipher.aad(context, KEY_ID), sealed);
        } catch (AEADBadTagException e) {
            throw new IOException("a chunk of a staged image file does not decrypt: the file was altered, "
                    + "cut off or belongs to another image");
        }
    }
}
