package dev.onekycbridge.sandbox.http;

import dev.onekycbridge.sandbox.Scenario;
import dev.onekycbridge.sandbox.errors.Dialect;
import dev.onekycbridge.sandbox.errors.Problem;
import dev.onekycbridge.sandbox.model.Owner;
import dev.onekycbridge.sandbox.model.SivJourney;
import dev.onekycbridge.sandbox.model.SivSource;
import dev.onekycbridge.sandbox.model.Submission;
import dev.onekycbridge.sandbox.objects.Links;
import dev.onekycbridge.sandbox.processing.SubmissionProcessor;
import dev.onekycbridge.sandbox.state.IssuedToken;
import dev.onekycbridge.sandbox.state.SandboxState;
import dev.onekycbridge.sandbox.state.TokenKind;
import dev.onekycbridge.sandbox.validation.InitiateFlowRules;
import dev.onekycbridge.sandbox.validation.JsonFields;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * SIV initiate flow. Creates the submission and the SDK token (or web launch URL); the user's journey then runs
 * (simulated) and processing follows.
 */
final class InitiateFlowRoute {

    static final String PATH = "/esign-partner/v1/initiate-flow";
    /** The SDK token lives 60 days, as published; tokenTtlSeconds is for the partner's tokens. */
    static final long USER_TOKEN_TTL_SECONDS = 5_184_000;

    private final SandboxState state;
    private final EsignGuard guard;
    private final Links links;
    private final SubmissionProcessor processor;

    InitiateFlowRoute(SandboxState state, Links links, SubmissionProcessor processor) {
        this.state = state;
        this.guard = new EsignGuard(state);
        this.links = links;
        this.processor = processor;
    }

    void mount(Router router) {
        router.post(PATH).handler(this::initiate);
    }

    private void initiate(RoutingContext ctx) {
        Checked<EsignCaller> checked = guard.check(ctx, EsignGuard.PartnerHeader.EITHER);
        if (checked instanceof Checked.Refused<EsignCaller> refused) {
            Replies.error(ctx, Dialect.ESIGN, refused.problems());
            return;
        }
        EsignCaller caller = ((Checked.Passed<EsignCaller>) checked).value();
        // Onboarding partners are named PARTNER-PLATFORM-FLOW; this endpoint only serves the SIV flow.
        if (!caller.onboardingPartner().endsWith("-" + InitiateFlowRules.FLOW)) {
            Replies.error(ctx, Dialect.ESIGN, Problem.INVALID_PARTNER);
            return;
        }
        Optional<JsonObject> body = Bodies.object(ctx);
        if (body.isEmpty()) {
            Replies.error(ctx, Dialect.ESIGN, Problem.INVALID_REQUEST_BODY);
            return;
        }
        List<Problem> problems = InitiateFlowRules.check(body.get());
        if (!problems.isEmpty()) {
            Replies.error(ctx, Dialect.ESIGN, problems);
            return;
        }
        // The session id is the idempotency id and SIV refuses its reuse (onekyc-api.md §9), even for the same body.
        Optional<Submission> created = state.submissions().atomically(() -> {
            if (state.submissions().sivBySession(caller.clientId(), caller.sessionId()).isPresent()) {
                return Optional.<Submission>empty();
            }
            Submission submission = create(caller, body.get());
            state.submissions().add(submission);
            return Optional.of(submission);
        });
        if (created.isEmpty()) {
            Replies.error(ctx, Dialect.ESIGN, Problem.DUPLICATE_PARTNER_SESSION_ID);
            return;
        }
        if (state.config().sivAutoComplete()) {
            processor.scheduleJourney(created.get().id());
        }
        Replies.ok(ctx, answer(created.get().journey()));
    }

    private Submission create(EsignCaller caller, JsonObject body) {
        Instant now = state.now();
        String id = UUID.randomUUID().toString();
        IssuedToken token = state.tokens().issue(TokenKind.SIV_USER, caller.clientId(), caller.onboardingPartner(),
                caller.user(), id, now, USER_TOKEN_TTL_SECONDS);
        SivSource source = SivSource.parse(JsonFields.text(body, "source")).orElseThrow();
        SivJourney journey = new SivJourney(source, token.value(), token.expiresAt(),
                JsonFields.filled(body, "successRedirectionUrl"), JsonFields.filled(body, "failureRedirectionUrl"),
                null);
        Scenario scenario = Scenario.fromUserId(caller.user().id(), state.config().defaultScenario());
        return Submission.sivInitiated(id, new Owner(caller.clientId(), caller.onboardingPartner()), caller.user(),
                scenario, caller.sessionId(), journey, now);
    }

    private JsonObject answer(SivJourney journey) {
        JsonObject data = new JsonObject();
        if (journey.source() == SivSource.SDK) {
            data.put("token", journey.userToken());
        } else {
            data.put("launchUrl", links.launchUrl(journey.userToken()));
        }
        return data
                .put("expirySeconds", String.valueOf(USER_TOKEN_TTL_SECONDS))
                .put("expiresAt", String.valueOf(journey.tokenExpiresAt().getEpochSecond()));
    }
}
