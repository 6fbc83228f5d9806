package dev.onekycbridge.core.testing;

import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.port.out.StagedDocuments;
import dev.onekycbridge.core.submission.SubmissionId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Staged images in memory. */
public final class InMemoryStagedDocuments implements StagedDocuments {
    private record Key(SubmissionId id, DocumentKind kind) {
    }

    private final Map<Key, byte[]> images = new ConcurrentHashMap<>();

    /** Reads every image before storing any: a source that fails leaves the images as they were. */
    @Override
    public void stageAll(SubmissionId id, Map<DocumentKind, DocumentSource> images) {
        Map<Key, byte[]> read = new HashMap<>();
        images.forEach((kind, source) -> {
            try (InputStream in = source.open()) {
                read.put(new Key(id, kind), in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        this.images.putAll(read);
    }

    @Override
    public Optional<DocumentSource> find(SubmissionId id, DocumentKind kind) {
        return Optional.ofNullable(images.get(new Key(id, kind))).map(DocumentSource::ofBytes);
    }

    @Override
    public void discard(SubmissionId id) {
        images.keySet().removeIf(key -> key.id().equals(id));
    }

    public int count() {
        return images.size();
    }
}
