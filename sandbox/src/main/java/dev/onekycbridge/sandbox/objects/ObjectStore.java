package dev.onekycbridge.sandbox.objects;

import dev.onekycbridge.sandbox.model.DocumentType;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The images behind presigned URLs, in memory. */
public final class ObjectStore {

    private record Key(String submissionId, DocumentType type) {
    }

    private record Entry(StoredObject info, byte[] bytes) {
    }

    private final Map<Key, Entry> objects = new ConcurrentHashMap<>();

    /** Stores (or replaces) a document; the bytes must already be known to be an image. */
    public StoredObject put(String submissionId, DocumentType type, byte[] bytes, ImageFormat format,
            String declaredContentType, Instant now) {
        Entry entry = objects.compute(new Key(submissionId, type), (key, previous) -> {
            int count = previous == null ? 1 : previous.info().uploadCount() + 1;
            StoredObject info = new StoredObject(bytes.length, format.contentType(), declaredContentType,
                    sha256(bytes), now, count);
            return new Entry(info, bytes.clone());
        });
        return entry.info();
    }

    public Optional<StoredObject> info(String submissionId, DocumentType type) {
        return Optional.ofNullable(objects.get(new Key(submissionId, type))).map(Entry::info);
    }

    public Optional<byte[]> bytes(String submissionId, DocumentType type) {
        return Optional.ofNullable(objects.get(new Key(submissionId, type))).map(e -> e.bytes().clone());
    }

    public boolean has(String submissionId, DocumentType type) {
        return objects.containsKey(new Key(submissionId, type));
    }

    public Map<DocumentType, StoredObject> forSubmission(String submissionId) {
        Map<DocumentType, StoredObject> found = new EnumMap<>(DocumentType.class);
        objects.forEach((key, entry) -> {
            if (key.submissionId().equals(submissionId)) {
                found.put(key.type(), entry.info());
            }
        });
        return found;
    }

    public void clear() {
        objects.clear();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
