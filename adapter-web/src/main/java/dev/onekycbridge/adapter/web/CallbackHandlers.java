package dev.onekycbridge.adapter.web;

import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.callback.CallbackReceipt;
import dev.onekycbridge.core.port.in.AcceptCallbackUseCase;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;

/**
 * The platform's callbacks, one receiver per flow. By the time a handler runs the guards have checked the
 * source, the authorization, the size and the content type. The raw body goes to the core, which stores it
 * durably before anything else; 200 is sent only after that returned, so a callback answered 200 is never lost.
 * If storing fails, 503 asks the platform to send it again.
 */
final class CallbackHandlers {
    private static final String OK = "{\"status\":\"ok\"}";

    private final AcceptCallbackUseCase acceptCallback;
    private final Blocking blocking;

    CallbackHandlers(AcceptCallbackUseCase acceptCallback, Blocking blocking) {
        this.acceptCallback = acceptCallback;
        this.blocking = blocking;
    }

    void esign(RoutingContext ctx) {
        accept(ctx, CallbackChannel.ESIGN);
    }

    void coe(RoutingContext ctx) {
        accept(ctx, CallbackChannel.COE);
    }

    void siv(RoutingContext ctx) {
        accept(ctx, CallbackChannel.SIV);
    }

    private void accept(RoutingContext ctx, CallbackChannel channel) {
        // UTF-8 whatever charset the type names: the platform's messages are JSON, which has no other (RFC 8259).
        // Decoded with the declared one, an unknown name failed every try and a foreign one damaged ktpData's names.
        String body = ctx.body().available() && ctx.body().buffer() != null
                ? ctx.body().buffer().toString(StandardCharsets.UTF_8) : "";
        blocking.run(() -> acceptCallback.accept(channel, body))
                .onSuccess(receipt -> answer(ctx, receipt))
                .onFailure(error -> ctx.fail(503, error));
    }

    private static void answer(RoutingContext ctx, CallbackReceipt receipt) {
        if (receipt instanceof CallbackReceipt.Rejected rejected) {
            Problem.Kind.CALLBACK_REJECTED.problem(rejected.reason()).send(ctx);
            return;
        }
        ctx.response()
                .setStatusCode(200)
                .putHeader("Content-Type", MediaTypes.JSON)
                .end(OK);
    }
}
