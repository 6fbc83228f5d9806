package dev.onekycbridge.adapter.web;

import dev.onekycbridge.core.validation.FieldError;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs just before a multipart body is read, for what Vert.x's body handler (5.0) leaves open.
 *
 * <ul>
 *   <li>A body declared larger than the request limit is refused with 413 before it is read and its connection
 *       closed, as the body handler would refuse it, but before the disk is asked: a body larger than the free disk
 *       is too large, not a sign of a disk too full.</li>
 *   <li>A body that would leave less than the {@link DiskReserve} free on the disks it is written to is refused with
 *       503 before it is read ({@link DiskRoom}); it counts against that room until the request ends.</li>
 *   <li>A body without a {@code Content-Length} (chunked) is refused with 411. With a length, the body handler
 *       refuses a body over the limit before it reads a byte; without one it finds out only part-way, and a client
 *       could go on sending parts for as long as it likes.</li>
 *   <li>The uploads are cleaned up here, not by the body handler. Its own clean-up, when a part declares a size
 *       over the limit, cancels each upload so far: one whose file is being closed throws (a SEVERE log line and
 *       no answer), and one still being written fails the request with 500 before the 413 is given. So this guard
 *       claims that clean-up, which runs once per request, before any part arrives (it finds no upload then and
 *       does nothing later). The body handler also goes on turning the parts after a refusal into files. Once the
 *       request has been read to its end (or its connection has closed) and the response has ended, every
 *       upload is stopped and its file deleted, whether the request was answered, refused, abandoned or cut off
 *       for arriving too slowly ({@link RequestDeadlines}).</li>
 *   <li>The uploads directory: the body handler creates it with default permissions if it is missing (a
 *       temporary-file cleaner may have removed it, and another user may have made it again). Before each body it
 *       must still be a directory of the service's user, closed to others; if not, it is made again or checked
 *       as at start-up, and the request is refused (500) if it cannot be made private. The body waits unread
 *       meanwhile, on a worker that may be long in coming: that wait is not counted against the client's pace
 *       ({@link RequestDeadlines}).</li>
 *   <li>A body that ends inside a file part (its closing boundary never came) leaves that upload open for ever,
 *       and the body handler, which waits for every upload to end, would never answer. Once the whole body has
 *       arrived, the uploads have {@link #UNFINISHED_PART_GRACE_MILLIS} to be written out; a request whose body
 *       handler has not handed on by then is refused with 400.</li>
 * </ul>
 */
final class UploadsGuard implements Handler<RoutingContext> {
    private static final System.Logger LOG = System.getLogger(UploadsGuard.class.getName());
    /**
     * How long the uploads of a body read to its end may take to be written out (normally a few milliseconds:
     * the pipe to each file holds little) before the body is taken to have ended inside a part.
     */
    static final long UNFINISHED_PART_GRACE_MILLIS = 5_000;
    private static final String BODY_READ = "onekyc-bridge.multipart-read";
    private static final String UNFINISHED_PART_TIMER = "onekyc-bridge.unfinished-part-timer";
    private static final String CHECKING_DIRECTORY = "onekyc-bridge.checking-uploads-directory";

    private final Path directory;
    private final long bodyLimit;
    private final Blocking blocking;
    private final DiskRoom room;
    private final Metrics metrics;
    private final QuietWarning diskFull;
    /**
     * The uid of the directory's owner, the service's user, once {@link UploadsDirectory#prepare} has proven it
     * (empty on a file system without POSIX permissions); null before.
     */
    private volatile OptionalInt owner;

    /** @param bodyLimit the largest multipart body, as the body handler is given it */
    UploadsGuard(Path directory, long bodyLimit, Blocking blocking, DiskRoom room, Metrics metrics,
                 QuietWarnings warnings) {
        this.directory = directory;
        this.bodyLimit = bodyLimit;
        this.blocking = blocking;
        this.room = room;
        this.metrics = metrics;
        this.diskFull = warnings.warning(LOG);
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH) == null) {
            ctx.fail(new ProblemException(Problem.Kind.LENGTH_REQUIRED.problem(
                    "a multipart body must be sent with a Content-Length",
                    List.of(new FieldError("Content-Length", "is required: the body may not be sent chunked")))));
            return;
        }
        long declared = declaredLength(ctx);
        if (declared > bodyLimit) {
            Problem.Kind.PAYLOAD_TOO_LARGE.problem("the body exceeds the size this endpoint accepts",
                    List.of(new FieldError("body", "may be at most " + bodyLimit + " bytes"))).sendAndClose(ctx);
            return;
        }
        Optional<Path> tooFull = room.take(declared);
        if (tooFull.isPresent()) {
            refuseForDisk(ctx, tooFull.get());
            return;
        }
        ctx.cancelAndCleanupFileUploads();
        // Once the request has been read (or its connection closed) and the response has ended, whatever became of
        // them: a handler has answered (or given up on a client that went away), and a file it still holds open
        // stays readable to it.
        AtomicInteger untilBothEnded = new AtomicInteger(2);
        Runnable discardWhenDone = () -> {
            if (untilBothEnded.decrementAndGet() == 0) {
                discardUploads(ctx);
                room.release(declared);
            }
        };
        RequestDeadlines.arrivalEnded(ctx).onComplete(ended -> {
            discardWhenDone.run();
            if (ended.succeeded()) {
                ctx.put(UNFINISHED_PART_TIMER, ctx.vertx().setTimer(UNFINISHED_PART_GRACE_MILLIS,
                        timer -> refuseIfUnfinished(ctx)));
            }
        });
        ctx.addEndHandler(response -> discardWhenDone.run());

        // One lstat on the event loop (the body handler makes one itself); the full check runs on a worker the first
        // time, and whenever the directory is no longer as it left it.
        OptionalInt known = owner;
        if (known != null && UploadsDirectory.isStillPrivate(directory, known)) {
            ctx.next();
            return;
        }
        ctx.request().pause();
        ctx.put(CHECKING_DIRECTORY, Boolean.TRUE);
        blocking.run(() -> UploadsDirectory.prepare(directory)).onSuccess(proven -> {
            ctx.remove(CHECKING_DIRECTORY);
            owner = proven;
            ctx.next();
        }).onFailure(error -> {
            ctx.remove(CHECKING_DIRECTORY);
            ctx.request().resume(); // nothing reads the body: let Vert.x drop it
            ctx.fail(error);
        });
    }

    /** Whether the request's body is held back, unread, until a worker has checked the uploads directory. */
    static boolean isCheckingDirectory(RoutingContext ctx) {
        return ctx.get(CHECKING_DIRECTORY) != null;
    }

    /** The declared length; one Vert.x let through unparsed counts as nothing (the body handler refuses it). */
    private static long declaredLength(RoutingContext ctx) {
        try {
            return Math.max(0, Long.parseLong(ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH).strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Answers 503 and closes the connection: the body was never read, so it cannot carry another request. */
    private void refuseForDisk(RoutingContext ctx, Path folder) {
        metrics.recordDiskReserveRefusal();
        String request = ctx.request().method() + " " + ctx.get(AccessLog.ROUTE, AccessLog.UNMATCHED);
        diskFull.happened(count -> "requests are refused with 503 because their bodies would leave less than the"
                + " disk reserve free on the disk of " + folder + " (" + count + " since the last such line; latest "
                + request + ")");
        ctx.response().putHeader("Retry-After", FailureHandler.RETRY_AFTER_SECONDS);
        Problem.Kind.UNAVAILABLE.problem("the service keeps its remaining disk space for callbacks and the "
                        + "submissions it has taken; send the request again later",
                List.of(new FieldError("body", "cannot be stored now: too little disk space is free")))
                .sendAndClose(ctx);
    }

    /** Runs once the body handler has read the whole body and handed on: the request is not stuck in a part. */
    static void bodyRead(RoutingContext ctx) {
        ctx.put(BODY_READ, true);
        Long timer = ctx.get(UNFINISHED_PART_TIMER);
        if (timer != null) {
            ctx.vertx().cancelTimer(timer);
        }
        ctx.next();
    }

    private static void refuseIfUnfinished(RoutingContext ctx) {
        if (ctx.get(BODY_READ) == null && !ctx.failed() && !ctx.response().ended()) {
            ctx.fail(ProblemException.malformed("body",
                    "ends inside a part: the closing boundary (--boundary--) is missing"));
        }
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
