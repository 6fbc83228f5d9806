package dev.onekycbridge.adapter.persistence;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A 256-bit key for personal data at rest, and the id stored beside every value it encrypts so that keys can
 * rotate. The key material never appears in {@link #toString()}.
 */
public final class DataKey {
    /** AES-256: 32 bytes. */
    public static final int LENGTH_BYTES = 32;
    private static final int MAX_ID_LENGTH = 64;

    private final String id;
    private final byte[] material;

    private DataKey(String id, byte[] material) {
        if (id == null || id.isBlank() || id.length() > MAX_ID_LENGTH
                || !id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException(
                    "a data key id is 1 to " + MAX_ID_LENGTH + " visible ASCII characters without spaces");
        }
        Objects.requireNonNull(material, "material");
        if (material.length != LENGTH_BYTES) {
            throw new IllegalArgumentException("a data key is " + LENGTH_BYTES + " bytes (256 bits), not "
                    + material.length);
        }
        this.id = id;
        this.material = material.clone();
    }

    public static DataKey of(String id, byte[] material) {
        return new DataKey(id, material);
    }

    /** A key given as base64 of 32 bytes, as in {@code BRIDGE_DATA_KEY}. */
    public static DataKey fromBase64(String id, String base64) {
        if (base64 == null || base64.isBlank()) {
            throw new IllegalArgumentException("the data key is empty");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the data key is not valid base64");
        }
        try {
            return new DataKey(id, decoded);
        } finally {
            Arrays.fill(decoded, (byte) 0);
        }
    }

    public String id() {
        return id;
    }

    /** A copy of the key bytes. */
    byte[] material() {
        return material.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DataKey that && id.equals(that.id) && MessageDigest.isEqual(material, that.material);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "DataKey[id=" + id + ", material=***]";
    }
}
