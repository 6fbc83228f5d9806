package dev.onekycbridge.core.service;

import dev.onekycbridge.core.port.in.GetSubmissionUseCase;
import dev.onekycbridge.core.port.in.ListSubmissionsUseCase;
import dev.onekycbridge.core.port.out.SubmissionCatalog;
import dev.onekycbridge.core.port.out.SubmissionPage;
import dev.onekycbridge.core.port.out.SubmissionQuery;
import dev.onekycbridge.core.port.out.SubmissionStore;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import java.util.Optional;

/** Reads submissions for the partner API and the command line. */
public final class SubmissionQueryService implements GetSubmissionUseCase, ListSubmissionsUseCase {
    private final SubmissionStore store;
    private final SubmissionCatalog catalog;

    public SubmissionQueryService(SubmissionStore store, SubmissionCatalog catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    @Override
    public Optional<Submission> getSubmission(SubmissionId id) {
        return store.findById(id);
    }

    @Override
    public SubmissionPage listSubmissions(SubmissionQuery query) {
        return catalog.list(query);
    }
}
