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
 *   <li>The uploads are cleaned up here, not by the body handler. Its own clean-up, when a part declares a size
 *       over the limit, cancels each upload so far: one whose file is being closed throws (a SEVERE log line and
 *       no answer), and one still being written fails the request with 500 before the 413 is given. So this guard
 *       claims that clean-up, which runs once per request, before any part arrives (it finds no upload then and
 *       does nothing later). The body handler also goes on turning the parts after a refusal into files. Once the
 *       request has been read to its end and the response has ended, every upload is stopped and its file
 *       deleted, whether the request was answered, refused or abandoned.</li>
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
        ctx.cancelAndCleanupFileUploads();
        // Once the request has been read and the response has ended, whatever became of them: a handler has
        // answered (or given up on a client that went away), and a file it still holds open stays readable to it.
        AtomicInteger untilBothEnded = new AtomicInteger(2);
        Runnable discardWhenDone = () -> {
            if (untilBothEnded.decrementAndGet() == 0) {
                discardUploads(ctx);
            }
        };
        ctx.request().end().onComplete(ended -> discardWhenDone.run());
        ctx.addEndHandler(response -> discardWhenDone.run());

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

    /**
     * Stops the uploads still being written, then deletes every upload's file: a finished upload's cancel leaves
     * its file alone, and deleting one that is gone already changes nothing.
     */
    private static void discardUploads(RoutingContext ctx) {
        for (FileUpload upload : ctx.fileUploads()) {
            try {
                upload.cancel();
            } catch (IllegalStateException e) {
                // Vert.x 5.0 throws when the upload's file is written and being closed: the delete below does it.
            }
            upload.delete();
        }
    }
}
