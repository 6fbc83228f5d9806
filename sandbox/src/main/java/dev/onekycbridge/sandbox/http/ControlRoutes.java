package dev.onekycbridge.sandbox.http;

import dev.onekycbridge.sandbox.callback.CallbackDelivery;
import dev.onekycbridge.sandbox.engine.SandboxEngine;
import dev.onekycbridge.sandbox.json.ConfigJson;
import dev.onekycbridge.sandbox.json.ControlJson;
import dev.onekycbridge.sandbox.model.Submission;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.Set;

/** The control API under {@code /_sandbox/}: configuration, recorded requests, submissions, callbacks, reset. */
final class ControlRoutes {

    static final String PREFIX = "/_sandbox";
    private static final Set<String> CALLBACK_FIELDS = Set.of("status", "result", "reasonCode");

    private final SandboxEngine engine;
    private final ControlJson views;

    ControlRoutes(SandboxEngine engine) {
        this.engine = engine;
        this.views = new ControlJson(engine.state());
    }

    static boolean isControlPath(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    void mount(Router router) {
        router.get(PREFIX + "/health").handler(ctx -> Replies.json(ctx, 200, new JsonObject().put("status", "UP")));
        router.get(PREFIX + "/config").handler(this::config);
        router.put(PREFIX + "/config").handler(this::updateConfig);
        router.get(PREFIX + "/requests").handler(this::requests);
        router.delete(PREFIX + "/requests").handler(this::clearRequests);
        router.get(PREFIX + "/submissions").handler(this::submissions);
        router.get(PREFIX + "/submissions/:submissionId").handler(this::submission);
        router.post(PREFIX + "/submissions/:submissionId/callbacks").handler(this::callback);
        router.post(PREFIX + "/submissions/:submissionId/journey").handler(this::journey);
        router.post(PREFIX + "/tokens/expire").handler(this::expireTokens);
        router.post(PREFIX + "/reset").handler(this::reset);
    }

    private void config(RoutingContext ctx) {
        Replies.json(ctx, 200, ConfigJson.toJson(engine.state().config()));
    }

    private void updateConfig(RoutingContext ctx) {
        Optional<JsonObject> patch = Bodies.object(ctx);
        if (patch.isEmpty()) {
            Replies.controlError(ctx, 400, "expected a JSON object");
            return;
        }
        try {
            engine.state().updateConfig(current -> ConfigJson.patch(current, patch.get()));
        } catch (IllegalArgumentException invalid) {
            Replies.controlError(ctx, 400, invalid.getMessage());
            return;
        }
        config(ctx);
    }

    private void requests(RoutingContext ctx) {
        JsonArray list = new JsonArray();
        engine.state().requests().all().forEach(r -> list.add(views.request(r)));
        JsonObject counts = new JsonObject();
        engine.state().requests().counts().forEach(counts::put);
        Replies.json(ctx, 200, new JsonObject().put("requests", list).put("counts", counts));
    }

    private void clearRequests(RoutingContext ctx) {
        engine.state().requests().clear();
        ctx.response().setStatusCode(204).end();
    }

    private void submissions(RoutingContext ctx) {
        JsonArray list = new JsonArray();
        engine.state().submissions().all().forEach(s -> list.add(views.submission(s)));
        Replies.json(ctx, 200, new JsonObject().put("submissions", list));
    }

    private void submission(RoutingContext ctx) {
        found(ctx).ifPresent(s -> Replies.json(ctx, 200, views.submission(s)));
    }

    private void callback(RoutingContext ctx) {
        Optional<Submission> submission = found(ctx);
        if (submission.isEmpty()) {
            return;
        }
        JsonObject custom = null;
        if (ctx.body() != null && !ctx.body().isEmpty()) {
            try {
                if (!(Json.decodeValue(ctx.body().buffer()) instanceof JsonObject object)) {
                    Replies.controlError(ctx, 400, "expected a JSON object");
                    return;
                }
                custom = object;
            } catch (DecodeException malformed) {
                Replies.controlError(ctx, 400, "expected a JSON object");
                return;
            }
            for (String key : custom.fieldNames()) {
                if (!CALLBACK_FIELDS.contains(key)) {
                    Replies.controlError(ctx, 400, key + ": unknown field (status, result, reasonCode)");
                    return;
                }
                // getString would send a number's or an object's Java text ("{a=1}") to the partner.
                Object value = custom.getValue(key);
                if (value != null && !(value instanceof String)) {
                    Replies.controlError(ctx, 400, key + ": expected a string or null");
                    return;
                }
            }
        }
        Optional<CallbackDelivery> delivery = custom == null
                ? engine.sendCallback(submission.get())
                : sendCustom(submission.get(), custom);
        if (delivery.isEmpty()) {
            Replies.controlError(ctx, 409, "no callback URL is configured for channel "
                    + submission.get().flow().channel().key());
            return;
        }
        Replies.json(ctx, 202, views.delivery(delivery.get()));
    }

    /** Fields left out keep the submission's current values. */
    private Optional<CallbackDelivery> sendCustom(Submission s, JsonObject custom) {
        JsonObject current = new JsonObject(engine.results().callback(s).body());
        String status = custom.containsKey("status") ? custom.getString("status") : current.getString("status");
        String result = custom.containsKey("result") ? custom.getString("result") : current.getString("result");
        String reason = custom.containsKey("reasonCode") ? custom.getString("reasonCode")
                : current.getString("reasonCode");
        return engine.sendCustomCallback(s, status, result, reason);
    }

    private void journey(RoutingContext ctx) {
        Optional<Submission> submission = found(ctx);
        if (submission.isEmpty()) {
            return;
        }
        if (!engine.completeJourney(submission.get().id())) {
            Replies.controlError(ctx, 409, "not an SIV submission with a running journey");
            return;
        }
        // A reset between the journey's end and this read forgets the submission: answer as for an unknown one.
        engine.state().submissions().find(submission.get().id()).ifPresentOrElse(
                s -> Replies.json(ctx, 200, views.submission(s)),
                () -> Replies.controlError(ctx, 404, "unknown submission"));
    }

    private void expireTokens(RoutingContext ctx) {
        Replies.json(ctx, 200, new JsonObject().put("expired", engine.expireTokens()));
    }

    private void reset(RoutingContext ctx) {
        engine.reset();
        Replies.json(ctx, 200, new JsonObject().put("reset", true));
    }

    private Optional<Submission> found(RoutingContext ctx) {
        Optional<Submission> submission = engine.state().submissions().find(ctx.pathParam("submissionId"));
        if (submission.isEmpty()) {
            Replies.controlError(ctx, 404, "unknown submission");
        }
        return submission;
    }
}
