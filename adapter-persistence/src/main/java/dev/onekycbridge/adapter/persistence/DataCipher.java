package dev.onekycbridge.adapter.persistence;

import dev.onekycbridge.core.port.out.StoredDataUnreadableException.Kind;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encryption of personal values at rest: AES-256-GCM with a random 96-bit nonce per value and associated data
 * that binds each value to its table, column, row and key id, so that a ciphertext copied to another row or
 * column does not decrypt. Also keyed MACs (HMAC-SHA256) for finding equal values without decrypting.
 *
 * <p>Both keys are derived from the configured data key, one per purpose. Values are written under the current
 * key; any key of the ring reads what it wrote. Thread-safe.
 *
 * <p>A sealed value is {@code [format 0x01][nonce, 12 bytes][ciphertext and 16-byte tag]}; the key id is kept
 * in the row beside it.
 */
final class DataCipher {
    private static final byte FORMAT_V1 = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String AAD_PREFIX = "onekyc-bridge/v1|";

    private record Keys(String id, SecretKey encryption, SecretKey mac) {
    }

    /** A sealed value and the id of the key that sealed it. */
    record Sealed(String keyId, byte[] bytes) {
    }

    /**
     * Looked up once per thread: {@code getInstance} searches the providers each time, which cost more than
     * sealing a callback. Each use initialises the instance afresh (with a new nonce when encrypting).
     */
    private static final ThreadLocal<Cipher> AES_GCM = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    });
    private static final ThreadLocal<Mac> HMAC_SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    });

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Keys> ring;
    private final Keys current;

    private DataCipher(Map<String, Keys> ring, Keys current) {
        this.ring = ring;
        this.current = current;
    }

    static DataCipher of(DataKey current, List<DataKey> previous) {
        Map<String, Keys> ring = new LinkedHashMap<>();
        Keys currentKeys = derive(current);
        ring.put(current.id(), currentKeys);
        for (DataKey key : previous) {
            ring.putIfAbsent(key.id(), derive(key));
        }
        return new DataCipher(Map.copyOf(ring), currentKeys);
    }

    /** This ring with {@code key} as the current key; the former keys still read. */
    DataCipher rotatedTo(DataKey key) {
        Keys keys = derive(key);
        Keys known = ring.get(key.id());
        if (known != null && !Arrays.equals(known.encryption().getEncoded(), keys.encryption().getEncoded())) {
            throw new IllegalArgumentException("a different data key with the id " + key.id() + " is configured");
        }
        Map<String, Keys> next = new LinkedHashMap<>(ring);
        next.put(key.id(), keys);
        return new DataCipher(Map.copyOf(next), keys);
    }

    String currentKeyId() {
        return current.id();
    }

    boolean knows(String keyId) {
        return ring.containsKey(keyId);
    }

    /**
     * Encrypts under the current key.
     *
     * @param context what the value is and where it lives, e.g. {@code submissions.personal|<id>}
     */
    Sealed seal(byte[] plaintext, String context) {
        return seal(plaintext, 0, plaintext.length, context);
    }

    /** Encrypts {@code length} bytes of {@code plaintext} from {@code offset}: a chunk of a buffer, not copied. */
    Sealed seal(byte[] plaintext, int offset, int length, String context) {
        return new Sealed(current.id(), sealWith(current.encryption(), aad(context, current.id()), plaintext, offset,
                length, random));
    }

    Sealed seal(String plaintext, String context) {
        return seal(plaintext.getBytes(StandardCharsets.UTF_8), context);
    }

    /**
     * Decrypts a value sealed under {@code keyId} for {@code context}.
     *
     * <p>A start refuses a configured key whose id the database knows with other material ({@link KeyManagement}),
     * so a value its configured key does not open (or not in the format at all) is damaged: altered, copied from
     * another row, or restored from another database. Telling that from a key not configured here matters to the
     * callers: another instance, or a later try, reads the one, but never the other.
     *
     * @throws DataKeyMismatchException of {@link Kind#KEY_NOT_CONFIGURED} when the key is not in the ring, of
     *         {@link Kind#DAMAGED} when it is and does not open the value; the message names the key id and the
     *         context (table, column and ids), never a value
     */
    byte[] open(String keyId, byte[] sealed, String context) {
        Keys keys = ring.get(keyId);
        if (keys == null) {
            throw new DataKeyMismatchException("the data key does not match: stored data was encrypted under data key '"
                    + keyId + "', which is not configured", keyId);
        }
        if (sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != FORMAT_V1) {
            throw damaged(keyId, context, "is not in a known encrypted format");
        }
        try {
            return openWith(keys.encryption(), aad(context, keyId), sealed);
        } catch (AEADBadTagException e) {
            // The tag covers the associated data too: a value moved to another row or column fails here as well.
            throw damaged(keyId, context, "does not decrypt under it: the value was altered, or copied from another"
                    + " row or database, or the data key does not match (another key with that id encrypted it)");
        }
    }

    /**
     * A value its configured key opens that does not parse (its JSON, a URL, a value the core refuses): damaged as
     * well, since no instance reads it either. Only the failure's class is named: its message may quote the value.
     */
    static DataKeyMismatchException notParsed(String keyId, String context, RuntimeException failure) {
        return damaged(keyId, context, "decrypts under it but does not parse (" + failure.getClass().getName() + ")");
    }

    private static DataKeyMismatchException damaged(String keyId, String context, String why) {
        return new DataKeyMismatchException("stored data in " + context + " under data key '" + keyId
                + "', which is configured, " + why, keyId, Kind.DAMAGED);
    }

    /**
     * AES-256-GCM under {@code key} with a random nonce: {@code [format][nonce][ciphertext and tag]}. Shared with
     * {@link ImageKey}, whose keys are not derived from the data key.
     */
    static byte[] sealWith(SecretKey key, byte[] aad, byte[] plaintext, int offset, int length, SecureRandom random) {
        Objects.checkFromIndexSize(offset, length, plaintext.length);
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = AES_GCM.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            byte[] sealed = new byte[1 + NONCE_BYTES + cipher.getOutputSize(length)];
            sealed[0] = FORMAT_V1;
            System.arraycopy(nonce, 0, sealed, 1, NONCE_BYTES);
            cipher.doFinal(plaintext, offset, length, sealed, 1 + NONCE_BYTES);
            return sealed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * The plaintext of what {@link #sealWith} sealed under {@code key} with {@code aad}.
     *
     * @throws AEADBadTagException when it was not, or was altered, or is not in the format at all
     */
    static byte[] openWith(SecretKey key, byte[] aad, byte[] sealed) throws AEADBadTagException {
        if (sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != FORMAT_V1) {
            throw new AEADBadTagException("not in a known encrypted format");
        }
        try {
            Cipher cipher = AES_GCM.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
            cipher.updateAAD(aad);
            return cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    String openString(String keyId, byte[] sealed, String context) {
        return new String(open(keyId, sealed, context), StandardCharsets.UTF_8);
    }

    /** HMAC-SHA256 (hex) of the data under the MAC key derived from the current key. */
    String mac(byte[] data) {
        return mac(current, data);
    }

    /** The MAC of the data under every key of the ring, the current key's first. */
    List<String> macsUnderEveryKey(byte[] data) {
        List<String> macs = new ArrayList<>();
        macs.add(mac(current, data));
        for (Keys keys : ring.values()) {
            if (keys != current) {
                macs.add(mac(keys, data));
            }
        }
        return macs;
    }

    private static String mac(Keys keys, byte[] data) {
        try {
            Mac mac = HMAC_SHA256.get();
            mac.init(keys.mac());
            return HexFormat.of().formatHex(mac.doFinal(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    static byte[] aad(String context, String keyId) {
        return (AAD_PREFIX + context + "|" + keyId).getBytes(StandardCharsets.UTF_8);
    }

    /** One key per purpose, so that the encryption key is never used as a MAC key. */
    private static Keys derive(DataKey key) {
        byte[] material = key.material();
        try {
            Mac kdf = Mac.getInstance("HmacSHA256");
            kdf.init(new SecretKeySpec(material, "HmacSHA256"));
            byte[] encryption = kdf.doFinal(label("aes-256-gcm"));
            byte[] mac = kdf.doFinal(label("hmac-sha256"));
            return new Keys(key.id(), new SecretKeySpec(encryption, "AES"), new SecretKeySpec(mac, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    private static byte[] label(String purpose) {
        return ("onekyc-bridge data key/" + purpose).getBytes(StandardCharsets.US_ASCII);
    }
}
