package dev.onekycbridge.sandbox.objects;

import dev.onekycbridge.sandbox.model.DocumentType;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The images behind presigned URLs, in memory. Only the newest {@link #DEFAULT_MAX_BYTES} of image bytes are
 * kept: beyond that the oldest images' bytes are forgotten, so that a sandbox that runs for days (or under a
 * benchmark) does not run out of memory. A forgotten image still counts as uploaded (its record stays: size,
 * digest, uploads), only its download answers that there is no such key.
 */
public final class ObjectStore {
    /** Image bytes kept at most. */
    public static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;

    private record Key(String submissionId, DocumentType type) {
    }

    /** An object's record, and its bytes until they are forgotten (null then). */
    private record Entry(Key key, StoredObject info, byte[] bytes) {
    }

    private final long maxBytes;
    private final Map<Key, Entry> objects = new HashMap<>();
    /** Entries holding bytes, oldest first; keyed so that a replaced or forgotten one leaves at once. */
    private final LinkedHashMap<Key, Entry> byAge = new LinkedHashMap<>();
    private long keptBytes;

    public ObjectStore() {
        this(DEFAULT_MAX_BYTES);
    }

    ObjectStore(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Stores (or replaces) a document; the bytes must already be known to be an image. */
    public StoredObject put(String submissionId, DocumentType type, byte[] bytes, ImageFormat format,
            String declaredContentType, Instant now) {
        // Digest and copy outside the lock: other uploads need not wait for them.
        String digest = sha256(bytes);
        byte[] copy = bytes.clone();
        synchronized (this) {
            Key key = new Key(submissionId, type);
            Entry previous = objects.get(key);
            int count = previous == null ? 1 : previous.info().uploadCount() + 1;
            StoredObject info = new StoredObject(copy.length, format.contentType(), declaredContentType, digest,
                    now, count);
            if (previous != null && previous.bytes() != null) {
                keptBytes -= previous.bytes().length;
                // Dropped from the age queue too, or the replaced bytes would stay reachable beyond the limit.
                byAge.remove(key);
            }
            Entry entry = new Entry(key, info, copy);
            objects.put(key, entry);
            byAge.put(key, entry);
            keptBytes += copy.length;
            forgetOldestBeyondLimit();
            return info;
        }
    }

    private void forgetOldestBeyondLimit() {
        Iterator<Entry> oldestFirst = byAge.values().iterator();
        while (keptBytes > maxBytes && oldestFirst.hasNext()) {
            Entry oldest = oldestFirst.next();
            oldestFirst.remove();
            objects.put(oldest.key(), new Entry(oldest.key(), oldest.info(), null));
            keptBytes -= oldest.bytes().length;
        }
    }

    public synchronized Optional<StoredObject> info(String submissionId, DocumentType type) {
        return Optional.ofNullable(objects.get(new Key(submissionId, type))).map(Entry::info);
    }

    /** The image's bytes; empty if it was never uploaded or its bytes were forgotten. */
    public synchronized Optional<byte[]> bytes(String submissionId, DocumentType type) {
        return Optional.ofNullable(objects.get(new Key(submissionId, type))).map(Entry::bytes)
                .map(byte[]::clone);
    }

    public synchronized boolean has(String submissionId, DocumentType type) {
        return objects.containsKey(new Key(submissionId, type));
    }

    public synchronized Map<DocumentType, StoredObject> forSubmission(String submissionId) {
        Map<DocumentType, StoredObject> found = new EnumMap<>(DocumentType.class);
        for (DocumentType type : DocumentType.values()) {
            Entry entry = objects.get(new Key(submissionId, type));
            if (entry != null) {
                found.put(type, entry.info());
            }
        }
        return found;
    }

    /** Forgets the documents of these submissions, records and bytes. */
    public synchronized void forget(Set<String> submissionIds) {
        for (String submissionId : submissionIds) {
            for (DocumentType type : DocumentType.values()) {
                Key key = new Key(submissionId, type);
                objects.remove(key);
                Entry withBytes = byAge.remove(key);
                if (withBytes != null) {
                    keptBytes -= withBytes.bytes().length;
                }
            }
        }
    }

    /** Forgets the bytes of these submissions' documents and keeps their records, as the size limit does. */
    public synchronized void forgetBytes(Set<String> submissionIds) {
        for (String submissionId : submissionIds) {
            for (DocumentType type : DocumentType.values()) {
                Entry withBytes = byAge.remove(new Key(submissionId, type));
                if (withBytes != null) {
                    objects.put(withBytes.key(), new Entry(withBytes.key(), withBytes.info(), null));
                    keptBytes -= withBytes.bytes().length;
                }
            }
        }
    }

    /** Documents recorded, with or without their bytes. */
    public synchronized int size() {
        return objects.size();
    }

    /** Image bytes held now. */
    synchronized long keptBytes() {
        return keptBytes;
    }

    /** Image bytes the store still refers to, whether counted or not: what it really keeps in memory. */
    synchronized long referencedBytes() {
        return byAge.values().stream().mapToLong(entry -> entry.bytes().length).sum();
    }

    public synchronized void clear() {
        objects.clear();
        byAge.clear();
        keptBytes = 0;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
