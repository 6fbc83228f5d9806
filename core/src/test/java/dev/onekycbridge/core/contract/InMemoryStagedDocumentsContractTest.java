package dev.onekycbridge.core.contract;

import dev.onekycbridge.core.port.out.StagedDocuments;
import dev.onekycbridge.core.port.out.SubmissionStore;
import dev.onekycbridge.core.testing.InMemoryStagedDocuments;
import dev.onekycbridge.core.testing.InMemorySubmissionStore;
import java.time.Clock;

class InMemoryStagedDocumentsContractTest extends StagedDocumentsContract {
    private InMemorySubmissionStore submissions;

    @Override
    protected StagedDocuments newEmptyStagedDocuments() {
        InMemorySubmissionStore store = new InMemorySubmissionStore();
        submissions = store;
        return new InMemoryStagedDocuments(Clock.systemUTC(), id -> store.findById(id).isPresent());
    }

    @Override
    protected SubmissionStore submissionsBeside() {
        return submissions;
    }
}
