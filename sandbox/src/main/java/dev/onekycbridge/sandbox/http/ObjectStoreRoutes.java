package dev.onekycbridge.sandbox.http;

import dev.onekycbridge.sandbox.model.DocumentType;
import dev.onekycbridge.sandbox.model.Submission;
import dev.onekycbridge.sandbox.objects.ImageFormat;
import dev.onekycbridge.sandbox.objects.Links;
import dev.onekycbridge.sandbox.objects.StoredObject;
import dev.onekycbridge.sandbox.state.SandboxState;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * The object store behind presigned URLs, answering like S3: XML errors, 403 for a bad or expired signature, 411 for
 * an upload without Content-Length.
 * A URL is bound to its method, submission, document kind and whole query (the expiry) by the signature.
 */
final class ObjectStoreRoutes {

    static final String PATH = Links.OBJECTS_PREFIX + ":submissionId/:documentType";

    private final SandboxState state;

    ObjectStoreRoutes(SandboxState state) {
        this.state = state;
    }

    void mount(Router router) {
        router.put(PATH).handler(this::upload);
        router.get(PATH).handler(this::download);
    }

    private void upload(RoutingContext ctx) {
        // S3-style storage takes sized uploads only: a chunked PUT (no Content-Length) is refused whatever its URL.
        if (ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH) == null) {
            Replies.storageError(ctx, 411, "MissingContentLength", "You must provide the Content-Length HTTP header.");
            return;
        }
        Optional<Target> target = authorize(ctx, "PUT");
        if (target.isEmpty()) {
            return;
        }
        byte[] bytes = ctx.body() == null || ctx.body().isEmpty() ? new byte[0] : ctx.body().buffer().getBytes();
        Optional<ImageFormat> format = ImageFormat.detect(bytes);
        if (format.isEmpty()) {
            Replies.storageError(ctx, 400, "InvalidImage", "Only JPEG or PNG images are accepted.");
            return;
        }
        StoredObject stored = state.objects().put(target.get().submissionId(), target.get().type(), bytes,
                format.get(), FormTypeGuard.declared(ctx), state.now());
        ctx.response().setStatusCode(200).putHeader("ETag", "\"" + stored.sha256() + "\"").end();
    }

    private void download(RoutingContext ctx) {
        Optional<Target> target = authorize(ctx, "GET");
        if (target.isEmpty()) {
            return;
        }
        Optional<byte[]> bytes = state.objects().bytes(target.get().submissionId(), target.get().type());
        Optional<StoredObject> info = state.objects().info(target.get().submissionId(), target.get().type());
        if (bytes.isEmpty() || info.isEmpty()) {
            Replies.storageError(ctx, 404, "NoSuchKey", "The specified key does not exist.");
            return;
        }
        ctx.response().setStatusCode(200).putHeader("Content-Type", info.get().contentType())
                .putHeader("ETag", "\"" + info.get().sha256() + "\"").end(Buffer.buffer(bytes.get()));
    }

    private record Target(String submissionId, DocumentType type) {
    }

    /** Checks signature, expiry and that the document belongs to a known submission; answers the error itself. */
    private Optional<Target> authorize(RoutingContext ctx, String method) {
        String signature = ctx.queryParams().get("signature");
        Long expires = parseLong(ctx.queryParams().get("expires"));
        if (signature == null || expires == null) {
            Replies.storageError(ctx, 403, "AccessDenied",
                    "Query-string authentication requires the expires and signature parameters.");
            return Optional.empty();
        }
        if (!state.signer().verify(method, ctx.request().path(), ctx.request().query())) {
            Replies.storageError(ctx, 403, "SignatureDoesNotMatch",
                    "The request signature we calculated does not match the signature you provided.");
            return Optional.empty();
        }
        if (state.now().toEpochMilli() > expires * 1_000) {
            Replies.storageError(ctx, 403, "AccessDenied", "Request has expired.");
            return Optional.empty();
        }
        String submissionId = ctx.pathParam("submissionId");
        Optional<DocumentType> type = DocumentType.parse(ctx.pathParam("documentType"));
        Optional<Submission> submission = state.submissions().find(submissionId);
        if (type.isEmpty() || submission.isEmpty()) {
            Replies.storageError(ctx, 404, "NoSuchKey", "The specified key does not exist.");
            return Optional.empty();
        }
        return Optional.of(new Target(submissionId, type.get()));
    }

    private static Long parseLong(String text) {
        try {
            return text == null ? null : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
