package dev.onekycbridge.core.contract;

import dev.onekycbridge.core.testing.InMemorySubmissionStore;

class InMemorySubmissionStoreContractTest extends SubmissionStoreContract {
    @Override
    protected Ports newEmptyStore() {
        InMemorySubmissionStore store = new InMemorySubmissionStore();
        return new Ports(store, store, store);
    }
}
