package dev.onekycbridge.core.testing;

import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.port.out.StagedDocuments;
import dev.onekycbridge.core.submission.SubmissionId;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** Staged images in memory. */
public final class InMemoryStagedDocuments implements StagedDocuments {
    private record Key(SubmissionId id, DocumentKind kind) {
    }

    private final Map<Key, byte[]> images = new ConcurrentHashMap<>();
    private final Map<Key, Instant> stagedAt = new ConcurrentHashMap<>();
    private final Set<Key> damaged = ConcurrentHashMap.newKeySet();
    private final Clock clock;
    private final Predicate<SubmissionId> isStored;

    /** Images that are never orphans: every submission counts as stored. */
    public InMemoryStagedDocuments() {
        this(Clock.systemUTC(), id -> true);
    }

    /** Images staged at {@code clock}'s time, orphans when {@code isStored} says their submission is not. */
    public InMemoryStagedDocuments(Clock clock, Predicate<SubmissionId> isStored) {
        this.clock = clock;
        this.isStored = isStored;
    }

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
        Instant now = clock.instant();
        read.keySet().forEach(key -> stagedAt.put(key, now));
        this.images.putAll(read);
    }

    @Override
    public Optional<DocumentSource> find(SubmissionId id, DocumentKind kind) {
        Key key = new Key(id, kind);
        byte[] image = images.get(key);
        if (image != null && damaged.contains(key)) {
            // As a store's stream does on a chunk that fails authentication: half the image, then an IOException.
            return Optional.of(() -> new SequenceInputStream(new ByteArrayInputStream(image, 0, image.length / 2),
                    new InputStream() {
                        @Override
                        public int read() throws IOException {
                            throw new IOException("a chunk of the staged image failed authentication");
                        }
                    }));
        }
        return Optional.ofNullable(image).map(DocumentSource::ofBytes);
    }

    /** From now on the image reads back as damaged: its stream fails half-way. */
    public void damage(SubmissionId id, DocumentKind kind) {
        damaged.add(new Key(id, kind));
    }

    @Override
    public void discard(SubmissionId id) {
        images.keySet().removeIf(key -> key.id().equals(id));
        stagedAt.keySet().removeIf(key -> key.id().equals(id));
    }

    @Override
    public synchronized int discardOrphans(Instant stagedBefore, int limit) {
        List<SubmissionId> orphans = stagedAt.entrySet().stream()
                .filter(staged -> staged.getValue().isBefore(stagedBefore))
                .map(staged -> staged.getKey().id())
                .distinct()
                .filter(id -> !isStored.test(id))
                .limit(limit)
                .toList();
        orphans.forEach(this::discard);
        return orphans.size();
    }

    public int count() {
        return images.size();
    }
}
