package dev.onekycbridge.adapter.persistence;

import dev.onekycbridge.core.document.Document;
import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.submission.HistoryEntry;
import dev.onekycbridge.core.submission.SubmissionSnapshot;
import dev.onekycbridge.core.submission.SubmissionStatus;
import java.util.List;
import java.util.Map;

/** The status, documents and history a submission's rows hold at one version: what a save compares itself with. */
record StoredState(SubmissionStatus status, Map<DocumentKind, Document> documents, List<HistoryEntry> history) {
    StoredState {
        documents = Map.copyOf(documents);
        history = List.copyOf(history);
    }

    static StoredState of(SubmissionSnapshot snapshot) {
        return new StoredState(snapshot.status(), snapshot.documents(), snapshot.history());
    }

    /** Whether {@code later} keeps this history as it is and only adds to it. */
    boolean isPrefixOf(List<HistoryEntry> later) {
        return later.size() >= history.size() && later.subList(0, history.size()).equals(history);
    }
}
