package dev.onekycbridge.core.port.in;

import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.callback.CallbackReceipt;

/**
 * Takes a callback body as received and stores it durably before anything else; the receiver answers only
 * after this returns. Applying it to its submission is {@link ProcessCallbacksUseCase}'s job. It may be called
 * from many threads at once.
 *
 * <p>It stores whatever it is given: what only the HTTP receiver can do, the receiver does before calling it.
 * <ul>
 *   <li>Authenticate the platform: the request carries the callback credential the deployment configured (its
 *   {@code Authorization} value), else 401 and nothing is stored.</li>
 *   <li>Check the source address against the allowed ones, when they are configured (else 403), believing a
 *   forwarded address only from a trusted proxy.</li>
 *   <li>Bound the body's size before reading it (413 beyond the limit): this takes the body whole.</li>
 *   <li>Pass the body as it came, decoded as UTF-8, neither parsed nor re-encoded.</li>
 * </ul>
 * It answers by the receipt, and only once this has returned, so that a callback answered 200 is stored:
 * {@link CallbackReceipt.Accepted} and {@link CallbackReceipt.Duplicate} with 200,
 * {@link CallbackReceipt.Rejected} with 400 (the body is kept for audit; sending it again would not help). A
 * failure to store (a {@link dev.onekycbridge.core.port.out.StoreUnavailableException}) is answered 503, so that
 * the platform sends the callback again. adapter-web's receivers ({@code WebRouter}'s guards, then
 * {@code CallbackHandlers}) do all of this.
 */
public interface AcceptCallbackUseCase {
    CallbackReceipt accept(CallbackChannel channel, String body);
}
