package dev.onekycbridge.adapter.web;

import dev.onekycbridge.core.port.in.StartCertificateRegistration;
import dev.onekycbridge.core.port.in.StartCertificateRegistrationUseCase;
import dev.onekycbridge.core.port.in.StartIdentityVerification;
import dev.onekycbridge.core.port.in.StartIdentityVerificationUseCase;
import dev.onekycbridge.core.port.in.StartKtpScan;
import dev.onekycbridge.core.port.in.StartKtpScanUseCase;
import dev.onekycbridge.core.port.in.StartedSubmission;
import dev.onekycbridge.core.port.out.PlatformRejectedException;
import dev.onekycbridge.core.submission.Failure;
import dev.onekycbridge.core.submission.FlowType;
import dev.onekycbridge.core.submission.HistoryEntry;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionStatus;
import dev.onekycbridge.core.submission.TransitionSource;
import dev.onekycbridge.core.validation.FieldError;
import dev.onekycbridge.core.validation.ValidationException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The partner API's start requests. Reading the request (including a {@code details} file part) and the use
 * case run on a worker; the core validates, stages the images and stores the submission before the answer.
 * A repeat with the same {@code Idempotency-Key} gets the same status and the same submission.
 */
final class StartHandlers {
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final StartCertificateRegistrationUseCase certificateRegistration;
    private final StartKtpScanUseCase ktpScan;
    private final StartIdentityVerificationUseCase identityVerification;
    private final Blocking blocking;
    /** Apart from {@link #blocking}: a start waits for the platform's launch, for up to a bounded while. */
    private final Blocking verificationBlocking;
    private final long imageSizeLimit;
    private final long detailsLimit;

    StartHandlers(StartCertificateRegistrationUseCase certificateRegistration, StartKtpScanUseCase ktpScan,
                  StartIdentityVerificationUseCase identityVerification, Blocking blocking,
                  Blocking verificationBlocking, long imageSizeLimit, long detailsLimit) {
        this.certificateRegistration = certificateRegistration;
        this.ktpScan = ktpScan;
        this.identityVerification = identityVerification;
        this.blocking = blocking;
        this.verificationBlocking = verificationBlocking;
        this.imageSizeLimit = imageSizeLimit;
        this.detailsLimit = detailsLimit;
    }

    /** {@code POST /v1/certificate-registrations}: multipart {@code details}, {@code ktp}, {@code selfie}. */
    void startCertificateRegistration(RoutingContext ctx) {
        String key = idempotencyKey(ctx);
        MultipartForm form = MultipartForm.of(ctx, List.of("ktp", "selfie"), imageSizeLimit, detailsLimit);
        blocking.run(() -> {
            form.requireWhole();
            List<FieldError> unreadable = new ArrayList<>();
            JsonObject details = details(form, unreadable);
            form.checkFile("ktp", unreadable);
            form.checkFile("selfie", unreadable);
            form.checkNoOtherParts(List.of("details", "ktp", "selfie"), unreadable);
            if (details == null) {
                throw ProblemException.malformed(unreadable);
            }
            // The details' members are checked whatever else is wrong: every problem is answered at once.
            StartCertificateRegistration command = PartnerRequests.certificateRegistration(
                    details, form.file("ktp"), form.file("selfie"), key, unreadable);
            try {
                return certificateRegistration.startCertificateRegistration(command);
            } catch (ValidationException e) {
                throw PartnerRequests.withWireNames(e);
            }
        }).onSuccess(started -> respond(ctx, started)).onFailure(ctx::fail);
    }

    /** {@code POST /v1/ktp-scans}: multipart {@code details}, {@code ktp}. */
    void startKtpScan(RoutingContext ctx) {
        String key = idempotencyKey(ctx);
        MultipartForm form = MultipartForm.of(ctx, List.of("ktp"), imageSizeLimit, detailsLimit);
        blocking.run(() -> {
            form.requireWhole();
            List<FieldError> unreadable = new ArrayList<>();
            JsonObject details = details(form, unreadable);
            form.checkFile("ktp", unreadable);
            form.checkNoOtherParts(List.of("details", "ktp"), unreadable);
            if (details == null) {
                throw ProblemException.malformed(unreadable);
            }
            StartKtpScan command = PartnerRequests.ktpScan(details, form.file("ktp"), key, unreadable);
            return ktpScan.startKtpScan(command);
        }).onSuccess(started -> respond(ctx, started)).onFailure(ctx::fail);
    }

    /** {@code POST /v1/identity-verifications}: JSON. */
    void startIdentityVerification(RoutingContext ctx) {
        String key = idempotencyKey(ctx);
        // UTF-8 whatever charset the type names: JSON has no other (RFC 8259).
        String body = ctx.body().available() && ctx.body().buffer() != null
                ? ctx.body().buffer().toString(StandardCharsets.UTF_8) : null;
        verificationBlocking.run(() -> {
            List<FieldError> unreadable = new ArrayList<>();
            JsonObject json = PartnerRequests.object(body, "body", unreadable);
            if (json == null) {
                throw ProblemException.malformed(unreadable);
            }
            StartIdentityVerification command = PartnerRequests.identityVerification(json, key, unreadable);
            return identityVerification.startIdentityVerification(command);
        }).onSuccess(started -> respond(ctx, started)).onFailure(ctx::fail);
    }

    /**
     * The {@code details} part as a JSON object (blocking: it may be a file part), or null with an error; with an
     * error too when it names a key twice.
     */
    private static JsonObject details(MultipartForm form, List<FieldError> errors) throws java.io.IOException {
        List<FieldError> absent = new ArrayList<>();
        String text = form.text("details", absent);
        if (text == null) {
            errors.addAll(absent);
            return null;
        }
        return PartnerRequests.object(text, "details", errors);
    }

    /**
     * 202 for an accepted request; 201 for an identity verification the platform has launched (its token or URL
     * is in {@code launch}). {@code Location} names the submission; a replay says so in
     * {@code Idempotent-Replayed} and is answered by the same rule, on the submission as it is now: an identity
     * verification the driver launched after a first 202 is 201 with its launch, which the front end needs. A
     * replay of one the platform refused while the first request waited gets the refusal again (502), as the
     * first request did; one whose later launch was refused, and a registration or scan, were accepted (202)
     * whatever became of them.
     */
    private static void respond(RoutingContext ctx, StartedSubmission started) {
        Submission submission = started.submission();
        boolean launched = submission.flow() == FlowType.SIV && submission.launch().isPresent();
        if (started.replayed()) {
            ctx.response().putHeader("Idempotent-Replayed", "true");
        }
        if (submission.flow() == FlowType.SIV && !launched && submission.status() == SubmissionStatus.FAILED
                && submission.failure().isPresent() && failedByTheStartRequest(submission)) {
            refused(submission.failure().get()).send(ctx);
            return;
        }
        ctx.response()
                .setStatusCode(launched ? 201 : 202)
                .putHeader("Location", "/v1/submissions/" + submission.id())
                .putHeader("Content-Type", MediaTypes.JSON)
                .end(SubmissionView.of(submission, false).toJson().encode());
    }

    /** Whether the start request's own launch was refused (its first answer was a 502), not a later one's. */
    private static boolean failedByTheStartRequest(Submission submission) {
        return submission.history().stream().filter(entry -> entry.to() == SubmissionStatus.FAILED)
                .map(HistoryEntry::source).reduce((first, last) -> last).orElse(null) == TransitionSource.API;
    }

    /**
     * The refusal as the first answer gave it, from what the submission keeps: the platform's first code and cause
     * (its HTTP status is not kept); or, for a refusal that listed no error, none, with the status, which the
     * failure recorded in their place.
     */
    private static Problem refused(Failure failure) {
        OptionalInt statusOnly = PlatformRejectedException.statusWithoutErrors(failure);
        if (statusOnly.isPresent()) {
            return Problem.Kind.PLATFORM_REJECTED.problem("the platform answered HTTP " + statusOnly.getAsInt())
                    .with("platformStatus", statusOnly.getAsInt())
                    .with("platformErrors", new JsonArray());
        }
        JsonArray errors = new JsonArray().add(new JsonObject().put("code", failure.code())
                .put("cause", failure.cause()));
        return Problem.Kind.PLATFORM_REJECTED.problem("the platform refused this request")
                .with("platformErrors", errors);
    }

    private static String idempotencyKey(RoutingContext ctx) {
        List<String> keys = ctx.request().headers().getAll(IDEMPOTENCY_KEY);
        if (keys.isEmpty()) {
            return null;
        }
        if (keys.size() > 1) {
            // Taking either would make the other's retry a new submission.
            throw ProblemException.malformed(IDEMPOTENCY_KEY, "must be sent once");
        }
        String key = keys.get(0);
        if (!IdempotencyKey.isValid(key)) {
            throw ProblemException.malformed(IDEMPOTENCY_KEY, IdempotencyKey.RULE);
        }
        return key;
    }
}
