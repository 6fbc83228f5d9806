package dev.onekycbridge.core.contract;

import dev.onekycbridge.core.port.out.CallbackInbox;
import dev.onekycbridge.core.testing.InMemoryCallbackInbox;

class InMemoryCallbackInboxContractTest extends CallbackInboxContract {
    @Override
    protected CallbackInbox newEmptyInbox() {
        return new InMemoryCallbackInbox();
    }
}
