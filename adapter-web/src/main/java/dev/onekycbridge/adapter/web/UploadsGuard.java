package dev.onekycbridge.adapter.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs just before a multipart body is read, for what Vert.x's body handler (5.0) leaves open.
 *
 * <ul>
 *   <li>A body without a {@code Content-Length} (chunked) is refused with 411. With a length, the body handler
 *       refuses a body over the limit before it reads a byte; without one it finds out only part-way, and a client
 *       could go on sending parts for as long as it likes.</li>
 *   <li>A request that fails while its body is read (a part that declares a size over the limit, a part that
 *       cannot be written): the body handler deletes the uploads it has at that moment, once, but goes on turning
 *       the later parts into files. Once the request has ended and been answered, every upload of a failed request
 *       is cancelled (Vert.x then deletes its file) or deleted.</li>
 *   <li>The uploads directory: the body handler creates it with default permissions if it is missing (a
 *       temporary-file cleaner may have removed it, and another user may have made it again). Before each body it
 *       must still be a directory of the service's user, closed to others; if not, it is made again or checked
 *       as at start-up, and the request is refused (500) if it cannot be made private.</li>
 * </ul>
 */
final class UploadsGuard implements Handler<RoutingContext> {
    private final Path directory;
    private final Blocking blocking;
    /**
     * The directory's owner, the service's user, once {@link UploadsDirectory#prepare} has proven it (empty on a
     * file system without POSIX permissions); null before.
     */
    private volatile Optional<UserPrincipal> owner;

    UploadsGuard(Path directory, Blocking blocking) {
        this.directory = directory;
        this.blocking = blocking;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH) == null) {
            ctx.fail(new ProblemException(Problem.Kind.LENGTH_REQUIRED.problem(
                    "a multipart body must be sent with a Content-Length")));
            return;
        }
        AtomicInteger untilBothEnded = new AtomicInteger(2);
        Runnable discardIfFailed = () -> {
            if (untilBothEnded.decrementAndGet() == 0 && ctx.failed()) {
                discardUploads(ctx);
            }
        };
        ctx.request().end().onComplete(ended -> discardIfFailed.run());
        ctx.addEndHandler(answered -> discardIfFailed.run());

        // One lstat on the event loop (the body handler makes one itself); the full check runs on a worker the first
        // time, and whenever the directory is no longer as it left it.
        Optional<UserPrincipal> known = owner;
        if (known != null && UploadsDirectory.isStillPrivate(directory, known.orElse(null))) {
            ctx.next();
            return;
        }
        ctx.request().pause();
        blocking.run(() -> UploadsDirectory.prepare(directory)).onSuccess(proven -> {
            owner = Optional.ofNullable(proven);
            ctx.next();
        }).onFailure(error -> {
            ctx.request().resume(); // nothing reads the body: let Vert.x drop it
            ctx.fail(error);
        });
    }

    private static void discardUploads(RoutingContext ctx) {
        for (FileUpload upload : ctx.fileUploads()) {
            boolean cancelled;
            try {
                cancelled = upload.cancel();
            } catch (IllegalStateException e) {
                cancelled = false; // Vert.x 5.0 throws when the upload's file is already written and closed
            }
            if (!cancelled) {
                upload.delete();
            }
        }
    }
}
