package dev.onekycbridge.sandbox.json;

import dev.onekycbridge.sandbox.callback.CallbackAttempt;
import dev.onekycbridge.sandbox.callback.CallbackDelivery;
import dev.onekycbridge.sandbox.model.DocumentType;
import dev.onekycbridge.sandbox.model.Submission;
import dev.onekycbridge.sandbox.objects.StoredObject;
import dev.onekycbridge.sandbox.state.RecordedRequest;
import dev.onekycbridge.sandbox.state.SandboxState;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The control API's views of submissions, callback deliveries and recorded requests. */
public final class ControlJson {

    private final SandboxState state;

    public ControlJson(SandboxState state) {
        this.state = state;
    }

    public JsonObject submission(Submission s) {
        JsonArray callbacks = new JsonArray();
        state.callbacks().forSubmission(s.id()).forEach(d -> callbacks.add(delivery(d)));
        return new JsonObject()
                .put("submissionId", s.id())
                .put("flow", s.flow().name())
                .put("clientId", s.owner().clientId())
                .put("onboardingPartner", s.owner().onboardingPartner())
                .put("userId", s.user().id())
                .put("userIdType", s.user().idType())
                .put("scenario", s.scenario().name())
                .put("status", s.status().name())
                .put("result", s.verdict() == null || s.verdict().result() == null ? null : s.verdict().result().name())
                .put("reasonCode", s.verdict() == null ? null : s.verdict().reasonCode())
                .put("processedAt", s.verdict() == null ? null : time(s.verdict().processedAt()))
                .put("registrationId", s.verdict() == null ? null : s.verdict().registrationId())
                .put("partnerSessionId", s.partnerSessionId())
                .put("sdkSessionId", s.sdkSessionId())
                .put("createdAt", time(s.createdAt()))
                .put("confirmCount", s.confirmation() == null ? 0 : s.confirmation().count())
                .put("confirmedAt", s.confirmation() == null ? null : time(s.confirmation().confirmedAt()))
                .put("confirmSessionId", s.confirmation() == null ? null : s.confirmation().partnerSessionId())
                .put("documents", documents(s))
                .put("journey", s.journey() == null ? null : new JsonObject()
                        .put("source", s.journey().source().name())
                        .put("completed", s.journey().isCompleted())
                        .put("completedAt", time(s.journey().completedAt())))
                .put("callbacks", callbacks);
    }

    public JsonObject delivery(CallbackDelivery d) {
        JsonArray attempts = new JsonArray();
        for (CallbackAttempt a : d.attempts()) {
            attempts.add(new JsonObject()
                    .put("attempt", a.number())
                    .put("at", time(a.at()))
                    .put("httpStatus", a.httpStatus())
                    .put("error", a.error())
                    .put("durationMillis", a.durationMillis()));
        }
        return new JsonObject()
                .put("deliveryId", d.id())
                .put("submissionId", d.submissionId())
                .put("channel", d.channel().key())
                .put("trigger", d.trigger().name())
                .put("status", d.status())
                .put("result", d.result())
                .put("reasonCode", d.reasonCode())
                .put("url", d.url())
                .put("method", d.method() == null ? null : d.method().name())
                .put("state", d.state().name())
                .put("createdAt", time(d.createdAt()))
                .put("attempts", attempts);
    }

    public JsonObject request(RecordedRequest r) {
        JsonObject headers = new JsonObject();
        r.headers().forEach(headers::put);
        return new JsonObject()
                .put("id", r.sequence())
                .put("at", time(r.at()))
                .put("method", r.method())
                .put("path", r.path())
                .put("host", r.host())
                .put("query", r.query())
                .put("headers", headers)
                .put("body", r.bodyIsJson() ? Json.decodeValue(r.body()) : r.body())
                .put("status", r.status());
    }

    private JsonObject documents(Submission s) {
        Map<DocumentType, StoredObject> stored = state.objects().forSubmission(s.id());
        Set<DocumentType> types = EnumSet.noneOf(DocumentType.class);
        types.addAll(s.documentReferences().keySet());
        types.addAll(stored.keySet());
        JsonObject documents = new JsonObject();
        for (DocumentType type : types) {
            StoredObject o = stored.get(type);
            JsonObject view = new JsonObject()
                    .put("documentReference", s.documentReferences().get(type))
                    .put("uploaded", o != null);
            if (o != null) {
                view.put("size", o.size())
                        .put("contentType", o.contentType())
                        .put("declaredContentType", o.declaredContentType())
                        .put("sha256", o.sha256())
                        .put("uploadCount", o.uploadCount())
                        .put("uploadedAt", time(o.uploadedAt()));
            }
            documents.put(type.name(), view);
        }
        return documents;
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
