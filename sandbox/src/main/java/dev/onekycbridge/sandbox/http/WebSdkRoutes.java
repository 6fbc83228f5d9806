package dev.onekycbridge.sandbox.http;

import dev.onekycbridge.sandbox.model.SivJourney;
import dev.onekycbridge.sandbox.model.Submission;
import dev.onekycbridge.sandbox.objects.Links;
import dev.onekycbridge.sandbox.processing.OutcomePlan;
import dev.onekycbridge.sandbox.processing.SubmissionProcessor;
import dev.onekycbridge.sandbox.state.IssuedToken;
import dev.onekycbridge.sandbox.state.SandboxState;
import dev.onekycbridge.sandbox.state.TokenKind;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The web SDK's launch page: opening it stands for the user going through KTP capture and selfie. The journey
 * completes and the browser is sent back to the partner with {@code status} and {@code partner_session_id}
 * ({@code COMPLETED} on match or rejection, {@code ERROR} with {@code error_code} on failure).
 */
final class WebSdkRoutes {

    private final SandboxState state;
    private final SubmissionProcessor processor;

    WebSdkRoutes(SandboxState state, SubmissionProcessor processor) {
        this.state = state;
        this.processor = processor;
    }

    void mount(Router router) {
        router.get(Links.LAUNCH_PATH).handler(this::launch);
    }

    private void launch(RoutingContext ctx) {
        Optional<Submission> submission = TokenCheck.accept(state, ctx.queryParams().get("token"), TokenKind.SIV_USER)
                .map(IssuedToken::submissionId)
                .flatMap(id -> state.submissions().find(id));
        if (submission.isEmpty()) {
            page(ctx, 401, "This verification link is invalid or has expired.");
            return;
        }
        Submission s = submission.get();
        processor.completeJourney(s.id());
        SivJourney journey = s.journey();
        boolean failed = OutcomePlan.endsInError(s.scenario());
        String target = failed && journey.failureRedirectionUrl() != null
                ? journey.failureRedirectionUrl() : journey.successRedirectionUrl();
        if (target == null) {
            page(ctx, 200, "Verification finished. You can close this window.");
            return;
        }
        StringBuilder url = new StringBuilder(target).append(target.contains("?") ? '&' : '?')
                .append("status=").append(failed ? "ERROR" : "COMPLETED")
                .append("&partner_session_id=").append(encode(s.partnerSessionId()));
        if (failed) {
            url.append("&error_code=").append(encode(OutcomePlan.reasonCode(s.scenario())));
        }
        ctx.response().setStatusCode(302).putHeader("Location", url.toString()).end();
    }

    private static void page(RoutingContext ctx, int status, String message) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
                .end("<!doctype html><html><head><title>OneKYC sandbox</title></head><body><p>" + message
                        + "</p></body></html>");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
