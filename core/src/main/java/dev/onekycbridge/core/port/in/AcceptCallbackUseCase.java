package dev.onekycbridge.core.port.in;

import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.callback.CallbackReceipt;

/**
 * Takes a callback body as received and stores it durably before anything else; the receiver answers only
 * after this returns. Applying it to its submission is {@link ProcessCallbacksUseCase}'s job.
 */
public interface AcceptCallbackUseCase {
    CallbackReceipt accept(CallbackChannel channel, String body);
}
