package dev.onekycbridge.sandbox.http;

import dev.onekycbridge.sandbox.Scenario;
import dev.onekycbridge.sandbox.errors.Dialect;
import dev.onekycbridge.sandbox.errors.Problem;
import dev.onekycbridge.sandbox.json.ResultJson;
import dev.onekycbridge.sandbox.model.DocumentType;
import dev.onekycbridge.sandbox.model.Flow;
import dev.onekycbridge.sandbox.model.Owner;
import dev.onekycbridge.sandbox.model.Submission;
import dev.onekycbridge.sandbox.model.SubmissionStatus;
import dev.onekycbridge.sandbox.objects.Links;
import dev.onekycbridge.sandbox.processing.SubmissionProcessor;
import dev.onekycbridge.sandbox.security.Fingerprint;
import dev.onekycbridge.sandbox.state.SandboxState;
import dev.onekycbridge.sandbox.validation.JsonFields;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/** COE KTP scan: presigned URL, confirm and status with a user token; details with a partner token. */
final class CoeRoutes {

    static final String URLS = "/coe/v1/submissions/urls";
    static final String STATUS = "/coe/v1/submissions/:submissionId/status";
    static final String DETAILS = "/coe/v1/submissions";
    private static final String SUBMISSION_TYPE = "KTP_SCAN";

    private final SandboxState state;
    private final CoeGuard guard;
    private final Links links;
    private final SubmissionProcessor processor;
    private final ResultJson results;

    CoeRoutes(SandboxState state, Links links, SubmissionProcessor processor, ResultJson results) {
        this.state = state;
        this.guard = new CoeGuard(state);
        this.links = links;
        this.processor = processor;
        this.results = results;
    }

    void mount(Router router) {
        router.get(URLS).handler(this::presignedUrl);
        router.put(URLS).handler(this::confirm);
        router.get(STATUS).handler(this::status);
        router.get(DETAILS).handler(this::details);
    }

    private void presignedUrl(RoutingContext ctx) {
        Checked<CoeUser> checked = guard.user(ctx);
        if (checked instanceof Checked.Refused<CoeUser> refused) {
            Replies.error(ctx, Dialect.COE, refused.problems());
            return;
        }
        CoeUser caller = ((Checked.Passed<CoeUser>) checked).value();
        // The COE enum lists more flows; the sandbox emulates KTP_SCAN and refuses the others like unknown ones.
        if (!SUBMISSION_TYPE.equals(ctx.queryParams().get("submissionType"))) {
            Replies.error(ctx, Dialect.COE, Problem.COE_INVALID_SUBMISSION_TYPE);
            return;
        }
        // A test value: the user's submission attempts are exhausted (onekyc-api.md §6.4).
        if (TestValues.names(caller.user().id(), Problem.COE_SUBMISSION_QUOTA_EXCEEDED)) {
            Replies.error(ctx, Dialect.COE, Problem.COE_SUBMISSION_QUOTA_EXCEEDED);
            return;
        }
        String id = UUID.randomUUID().toString();
        Map<DocumentType, String> references = Map.of(DocumentType.KTP, UUID.randomUUID() + "_" + DocumentType.KTP);
        Scenario scenario = Scenario.fromUserId(caller.user().id(), state.config().defaultScenario());
        long ttlSeconds = state.config().coePresignedUrlTtlSeconds();
        Instant expiry = links.expiry(ttlSeconds);
        state.submissions().add(Submission.awaitingUpload(id, Flow.KTP_SCAN,
                new Owner(caller.clientId(), caller.onboardingPartner()), caller.user(), scenario, caller.sessionId(),
                caller.sdkSessionId(), references, expiry, state.now()));
        Replies.ok(ctx, UploadUrls.json(id, "INITIATED", references, links, ttlSeconds, expiry));
    }

    private void confirm(RoutingContext ctx) {
        Checked<CoeUser> checked = guard.user(ctx);
        if (checked instanceof Checked.Refused<CoeUser> refused) {
            Replies.error(ctx, Dialect.COE, refused.problems());
            return;
        }
        CoeUser caller = ((Checked.Passed<CoeUser>) checked).value();
        Optional<JsonObject> body = Bodies.object(ctx);
        String submissionId = body.map(b -> JsonFields.filled(b, "submissionId")).orElse(null);
        boolean metadataOk = body.map(b -> !JsonFields.has(b, "metadata") || JsonFields.object(b, "metadata") != null)
                .orElse(false);
        if (submissionId == null || !metadataOk) {
            Replies.error(ctx, Dialect.COE, Problem.INVALID_CONFIRM_UPLOAD_REQUEST);
            return;
        }
        // One abandoned (left unconfirmed until its upload URLs expired) does not exist any more.
        Optional<Submission> found = state.submissions().find(submissionId)
                .filter(s -> s.flow() == Flow.KTP_SCAN && !s.abandonedAt(state.now()));
        if (found.isEmpty()) {
            Replies.error(ctx, Dialect.COE, Problem.COE_CONFIRM_SUBMISSION_DOES_NOT_EXIST);
            return;
        }
        if (!found.get().belongsTo(caller.clientId(), caller.user())) {
            Replies.error(ctx, Dialect.COE, Problem.COE_CONFIRM_FORBIDDEN);
            return;
        }
        // A duplicate confirm, the same call again included, is the published 409 (§6.4): never replayed.
        switch (Confirmations.decide(state, submissionId, caller.sessionId(), Fingerprint.of(body.get()),
                Confirmations.Repeat.CONFLICT)) {
            case ACCEPTED -> {
                processor.startProcessing(submissionId);
                Replies.ok(ctx, confirmed(submissionId));
            }
            case REPLAYED, CONFLICT -> Replies.error(ctx, Dialect.COE, Problem.COE_SUBMISSION_STATE_CONFLICT);
            case NOT_UPLOADED -> Replies.error(ctx, Dialect.COE, Problem.COE_INVALID_UPLOAD_ARTIFACT);
            case GONE -> Replies.error(ctx, Dialect.COE, Problem.COE_CONFIRM_SUBMISSION_DOES_NOT_EXIST);
        }
    }

    private void status(RoutingContext ctx) {
        Checked<CoeUser> checked = guard.user(ctx);
        if (checked instanceof Checked.Refused<CoeUser> refused) {
            Replies.error(ctx, Dialect.COE, refused.problems());
            return;
        }
        CoeUser caller = ((Checked.Passed<CoeUser>) checked).value();
        String submissionId = ctx.pathParam("submissionId");
        if (!isUuid(submissionId)) {
            Replies.error(ctx, Dialect.COE, Problem.INVALID_SUBMISSION_ID);
            return;
        }
        // Another user's submission is reported as missing, so ids cannot be probed.
        Optional<Submission> found = state.submissions().find(submissionId)
                .filter(s -> s.flow() == Flow.KTP_SCAN && s.belongsTo(caller.clientId(), caller.user()));
        if (found.isEmpty()) {
            Replies.error(ctx, Dialect.COE, Problem.COE_STATUS_SUBMISSION_DOES_NOT_EXIST);
            return;
        }
        Replies.ok(ctx, results.coeStatus(found.get()));
    }

    /**
     * §6.5: a partner token, the partner user (1550 PARTNER_USER_ID_CAN_NOT_BE_EMPTY) and at least one of
     * {@code x-submission-id} / {@code x-partner-session-id}; the submission must be the user's.
     */
    private void details(RoutingContext ctx) {
        Checked<String> checked = guard.partner(ctx);
        if (checked instanceof Checked.Refused<String> refused) {
            Replies.error(ctx, Dialect.COE, refused.problems());
            return;
        }
        String clientId = ((Checked.Passed<String>) checked).value();
        String userId = Headers.get(ctx, Headers.PARTNER_USER_ID);
        String userIdType = Headers.get(ctx, Headers.PARTNER_USER_ID_TYPE);
        String submissionId = Headers.get(ctx, Headers.SUBMISSION_ID);
        String sessionId = Headers.get(ctx, Headers.PARTNER_SESSION_ID);
        List<Problem> missing = new ArrayList<>();
        if (userId == null) {
            missing.add(Problem.COE_DETAILS_PARTNER_USER_ID_CAN_NOT_BE_EMPTY);
        }
        if (submissionId == null && sessionId == null) {
            missing.add(Problem.SUBMISSION_ID_OR_PARTNER_SESSION_ID_CAN_NOT_BE_EMPTY);
        }
        if (!missing.isEmpty()) {
            Replies.error(ctx, Dialect.COE, missing);
            return;
        }
        // The page names no user id type here; one that is sent must match, as it names the user too.
        Predicate<Submission> theUsers = s -> s.user().id().equals(userId)
                && (userIdType == null || s.user().idType().equals(userIdType));
        if (submissionId == null) {
            detailsBySession(ctx, clientId, sessionId, theUsers);
            return;
        }
        Optional<Submission> found = state.submissions().find(submissionId).filter(s -> s.flow() == Flow.KTP_SCAN);
        if (found.isEmpty()) {
            Replies.error(ctx, Dialect.COE, Problem.COE_DETAILS_SUBMISSION_DOES_NOT_EXIST);
            return;
        }
        Submission submission = found.get();
        if (!submission.owner().clientId().equals(clientId)) {
            Replies.error(ctx, Dialect.COE, Problem.COE_DETAILS_FORBIDDEN);
            return;
        }
        // Another user's submission does not exist for this user, as on the status endpoint.
        if (!theUsers.test(submission)) {
            Replies.error(ctx, Dialect.COE, Problem.COE_DETAILS_SUBMISSION_DOES_NOT_EXIST);
            return;
        }
        if (sessionId != null && !sessionMatches(submission, sessionId)) {
            Replies.error(ctx, Dialect.COE, Problem.PARTNER_SESSION_ID_DOES_NOT_BELONG_TO_THE_USER);
            return;
        }
        detailsOf(ctx, submission);
    }

    /**
     * By session id alone, the session's latest scan of the user: unknown to the client is 1552; known but of
     * another user is 1553.
     */
    private void detailsBySession(RoutingContext ctx, String clientId, String sessionId,
            Predicate<Submission> theUsers) {
        Optional<Submission> found = state.submissions().coeBySession(clientId, sessionId, theUsers);
        if (found.isPresent()) {
            detailsOf(ctx, found.get());
        } else if (state.submissions().coeBySession(clientId, sessionId, s -> true).isPresent()) {
            Replies.error(ctx, Dialect.COE, Problem.PARTNER_SESSION_ID_DOES_NOT_BELONG_TO_THE_USER);
        } else {
            Replies.error(ctx, Dialect.COE, Problem.COE_DETAILS_SUBMISSION_DOES_NOT_EXIST);
        }
    }

    /**
     * The details publish only IN_PROGRESS, COMPLETED and ERROR (§6.5): a scan not submitted yet (INITIATED, never
     * confirmed) has none, and is answered as the endpoint's "not found".
     */
    private void detailsOf(RoutingContext ctx, Submission submission) {
        if (submission.status() == SubmissionStatus.INITIATED) {
            Replies.error(ctx, Dialect.COE, Problem.COE_DETAILS_SUBMISSION_DOES_NOT_EXIST);
            return;
        }
        Replies.ok(ctx, results.coeDetails(submission));
    }

    private static boolean sessionMatches(Submission submission, String sessionId) {
        return submission.partnerSessionId().equals(sessionId)
                || (submission.confirmation() != null
                        && submission.confirmation().partnerSessionId().equals(sessionId));
    }

    private static JsonObject confirmed(String submissionId) {
        return new JsonObject()
                .put("submissionId", submissionId)
                .put("uiMessages", new JsonObject().put("message_1", new JsonObject()
                        .put("title", "Processing")
                        .put("message", "Your KTP is being verified.")));
    }

    private static boolean isUuid(String text) {
        try {
            return UUID.fromString(text).toString().equalsIgnoreCase(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
