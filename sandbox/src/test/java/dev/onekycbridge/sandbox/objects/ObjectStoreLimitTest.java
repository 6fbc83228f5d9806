package dev.onekycbridge.sandbox.objects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.sandbox.model.DocumentType;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ObjectStoreLimitTest {
    private static final Instant NOW = Instant.parse("2026-12-05T06:00:00Z");

    private static byte[] image(int size, int fill) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) fill);
        return bytes;
    }

    private static StoredObject put(ObjectStore store, String submission, DocumentType type, byte[] bytes) {
        return store.put(submission, type, bytes, ImageFormat.JPEG, "image/jpeg", NOW);
    }

    @Test
    void beyondTheLimitTheOldestImagesBytesAreForgottenButTheirRecordsStay() {
        ObjectStore store = new ObjectStore(3_000);
        put(store, "s-1", DocumentType.KTP, image(1_000, 1));
        put(store, "s-1", DocumentType.SELFIE, image(1_000, 2));
        put(store, "s-2", DocumentType.KTP, image(1_000, 3));

        put(store, "s-2", DocumentType.SELFIE, image(1_000, 4));

        assertThat(store.keptBytes()).isEqualTo(3_000);
        assertThat(store.bytes("s-1", DocumentType.KTP)).isEmpty();
        assertThat(store.has("s-1", DocumentType.KTP)).isTrue();
        assertThat(store.info("s-1", DocumentType.KTP)).get().extracting(StoredObject::size).isEqualTo(1_000L);
        assertThat(store.forSubmission("s-1")).containsOnlyKeys(DocumentType.KTP, DocumentType.SELFIE);
        assertThat(store.bytes("s-1", DocumentType.SELFIE)).get().isEqualTo(image(1_000, 2));
        assertThat(store.bytes("s-2", DocumentType.SELFIE)).get().isEqualTo(image(1_000, 4));
    }

    @Test
    void aReplacedImageCountsOnceAndItsNewBytesAreTheNewest() {
        ObjectStore store = new ObjectStore(2_000);
        put(store, "s-1", DocumentType.KTP, image(1_000, 1));
        put(store, "s-1", DocumentType.SELFIE, image(1_000, 2));

        StoredObject again = put(store, "s-1", DocumentType.KTP, image(1_000, 5));
        put(store, "s-2", DocumentType.KTP, image(1_000, 6));

        assertThat(again.uploadCount()).isEqualTo(2);
        assertThat(store.keptBytes()).isEqualTo(2_000);
        // The selfie is now the oldest bytes held; the KTP's first bytes were replaced, not kept twice.
        assertThat(store.bytes("s-1", DocumentType.SELFIE)).isEmpty();
        assertThat(store.bytes("s-1", DocumentType.KTP)).get().isEqualTo(image(1_000, 5));
        assertThat(store.bytes("s-2", DocumentType.KTP)).get().isEqualTo(image(1_000, 6));
    }

    @Test
    void imagesUploadedAgainAndAgainStayWithinTheLimit() {
        ObjectStore store = new ObjectStore(2_000);
        put(store, "s-1", DocumentType.SELFIE, image(1_000, 1));

        for (int upload = 0; upload < 50; upload++) {
            put(store, "s-1", DocumentType.KTP, image(1_000, upload));
        }

        assertThat(store.keptBytes()).isEqualTo(2_000);
        assertThat(store.referencedBytes()).isEqualTo(2_000);
        assertThat(store.bytes("s-1", DocumentType.SELFIE)).get().isEqualTo(image(1_000, 1));
    }

    @Test
    void clearingForgetsEverythingAndTheCount() {
        ObjectStore store = new ObjectStore(2_000);
        put(store, "s-1", DocumentType.KTP, image(1_500, 1));

        store.clear();

        assertThat(store.keptBytes()).isZero();
        assertThat(store.has("s-1", DocumentType.KTP)).isFalse();
    }
}
