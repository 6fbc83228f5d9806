package dev.onekycbridge.sandbox.http;

import dev.onekycbridge.sandbox.Scenario;
import dev.onekycbridge.sandbox.errors.Dialect;
import dev.onekycbridge.sandbox.errors.Problem;
import dev.onekycbridge.sandbox.model.DocumentType;
import dev.onekycbridge.sandbox.model.Flow;
import dev.onekycbridge.sandbox.model.Owner;
import dev.onekycbridge.sandbox.model.Submission;
import dev.onekycbridge.sandbox.objects.Links;
import dev.onekycbridge.sandbox.processing.SubmissionProcessor;
import dev.onekycbridge.sandbox.security.Fingerprint;
import dev.onekycbridge.sandbox.state.SandboxState;
import dev.onekycbridge.sandbox.validation.ConfirmMetadataRules;
import dev.onekycbridge.sandbox.validation.JsonFields;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Esign certificate registration: presigned URLs and confirm upload. */
final class CertRegRoutes {

    static final String URLS = "/esign-partner/v1/submissions/urls";
    private static final String SUBMISSION_TYPE = "CERT_REG";

    private final SandboxState state;
    private final EsignGuard guard;
    private final Links links;
    private final SubmissionProcessor processor;

    CertRegRoutes(SandboxState state, Links links, SubmissionProcessor processor) {
        this.state = state;
        this.guard = new EsignGuard(state);
        this.links = links;
        this.processor = processor;
    }

    void mount(Router router) {
        router.get(URLS).handler(this::presignedUrls);
        router.put(URLS).handler(this::confirm);
    }

    private void presignedUrls(RoutingContext ctx) {
        Checked<EsignCaller> checked = guard.check(ctx, EsignGuard.PartnerHeader.ESIGN);
        if (checked instanceof Checked.Refused<EsignCaller> refused) {
            Replies.error(ctx, Dialect.ESIGN, refused.problems());
            return;
        }
        EsignCaller caller = ((Checked.Passed<EsignCaller>) checked).value();
        if (!SUBMISSION_TYPE.equals(ctx.queryParams().get("submissionType"))) {
            Replies.error(ctx, Dialect.ESIGN, Problem.ESIGN_INVALID_SUBMISSION_TYPE);
            return;
        }
        String id = UUID.randomUUID().toString();
        Map<DocumentType, String> references = new EnumMap<>(DocumentType.class);
        for (DocumentType type : DocumentType.requiredFor(Flow.CERT_REG)) {
            references.put(type, UUID.randomUUID() + "_" + type.name());
        }
        Scenario scenario = Scenario.fromUserId(caller.user().id(), state.config().defaultScenario());
        long ttlSeconds = state.config().presignedUrlTtlSeconds();
        Instant expiry = links.expiry(ttlSeconds);
        state.submissions().add(Submission.awaitingUpload(id, Flow.CERT_REG,
                new Owner(caller.clientId(), caller.onboardingPartner()), caller.user(), scenario, caller.sessionId(),
                null, references, expiry, state.now()));
        Replies.ok(ctx, UploadUrls.json(id, "INITIATED", references, links, ttlSeconds, expiry));
    }

    private void confirm(RoutingContext ctx) {
        Checked<EsignCaller> checked = guard.check(ctx, EsignGuard.PartnerHeader.ESIGN);
        if (checked instanceof Checked.Refused<EsignCaller> refused) {
            Replies.error(ctx, Dialect.ESIGN, refused.problems());
            return;
        }
        EsignCaller caller = ((Checked.Passed<EsignCaller>) checked).value();
        Optional<JsonObject> body = Bodies.object(ctx);
        if (body.isEmpty()) {
            Replies.error(ctx, Dialect.ESIGN, Problem.INVALID_REQUEST_BODY);
            return;
        }
        String submissionId = JsonFields.filled(body.get(), "submissionId");
        if (submissionId == null) {
            Replies.error(ctx, Dialect.ESIGN, Problem.SUBMISSION_ID_CAN_NOT_BE_EMPTY);
            return;
        }
        // One abandoned (left unconfirmed until its upload URLs expired) is answered as an unknown id.
        boolean own = state.submissions().find(submissionId)
                .filter(s -> s.flow() == Flow.CERT_REG && s.belongsTo(caller.clientId(), caller.user()))
                .filter(s -> !s.abandonedAt(state.now()))
                .isPresent();
        if (!own) {
            Replies.error(ctx, Dialect.ESIGN, Problem.SUBMISSION_ID_DOES_NOT_BELONG_TO_CURRENT_USER);
            return;
        }
        List<Problem> problems = ConfirmMetadataRules.check(body.get(), state.now());
        if (!problems.isEmpty()) {
            Replies.error(ctx, Dialect.ESIGN, problems);
            return;
        }
        ConfirmDecision decision = Confirmations.decide(state, submissionId, caller.sessionId(),
                Fingerprint.of(body.get()), Confirmations.Repeat.REPLAYED);
        switch (decision) {
            case ACCEPTED -> {
                processor.startProcessing(submissionId);
                Replies.ok(ctx, new JsonObject().put("submissionId", submissionId));
            }
            case REPLAYED -> Replies.ok(ctx, new JsonObject().put("submissionId", submissionId));
            case CONFLICT -> Replies.error(ctx, Dialect.ESIGN, Problem.ESIGN_SUBMISSION_STATE_CONFLICT);
            case NOT_UPLOADED -> Replies.error(ctx, Dialect.ESIGN, Problem.ESIGN_INVALID_UPLOAD_ARTIFACT);
            case GONE -> Replies.error(ctx, Dialect.ESIGN, Problem.SUBMISSION_ID_DOES_NOT_BELONG_TO_CURRENT_USER);
        }
    }
}
