package dev.onekycbridge.core.contract;

import dev.onekycbridge.core.port.out.StagedDocuments;
import dev.onekycbridge.core.testing.InMemoryStagedDocuments;

class InMemoryStagedDocumentsContractTest extends StagedDocumentsContract {
    @Override
    protected StagedDocuments newEmptyStagedDocuments() {
        return new InMemoryStagedDocuments();
    }
}
