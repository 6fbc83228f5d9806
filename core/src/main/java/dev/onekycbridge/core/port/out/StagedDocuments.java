package dev.onekycbridge.core.port.out;

import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.submission.SubmissionId;
import java.util.Optional;

/**
 * Images kept (encrypted) from acceptance until the platform has them, then discarded: the bridge holds
 * personal images no longer than it needs them.
 */
public interface StagedDocuments {
    /** Stores the image, streaming it from its source; staging the same kind again replaces it. */
    void stage(SubmissionId id, DocumentKind kind, DocumentSource source);

    /** The staged image, readable more than once, or empty when it was discarded. */
    Optional<DocumentSource> find(SubmissionId id, DocumentKind kind);

    /** Discards every staged image of the submission. */
    void discard(SubmissionId id);
}
