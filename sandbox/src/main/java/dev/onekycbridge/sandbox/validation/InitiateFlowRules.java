package dev.onekycbridge.sandbox.validation;

import dev.onekycbridge.sandbox.errors.Problem;
import dev.onekycbridge.sandbox.model.SivSource;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SIV initiate-flow body (§7.1). Every failure is listed. */
public final class InitiateFlowRules {

    public static final String FLOW = "STANDALONE_IDENTITY_VERIFICATION";

    private InitiateFlowRules() {
    }

    public static List<Problem> check(JsonObject body) {
        List<Problem> problems = new ArrayList<>();
        if (!FLOW.equals(JsonFields.text(body, "flow"))) {
            problems.add(Problem.INVALID_FLOW);
        }
        Optional<SivSource> source = SivSource.parse(JsonFields.text(body, "source"));
        if (source.isEmpty()) {
            problems.add(Problem.INVALID_SOURCE);
        }
        boolean web = source.filter(s -> s == SivSource.WEB_SDK).isPresent();
        checkRedirect(body, "successRedirectionUrl", web, Problem.SUCCESS_REDIRECTION_URL_IS_REQUIRED,
                Problem.SUCCESS_REDIRECTION_URL_IS_INVALID, problems);
        checkRedirect(body, "failureRedirectionUrl", web, Problem.FAILURE_REDIRECTION_URL_IS_REQUIRED,
                Problem.FAILURE_REDIRECTION_URL_IS_INVALID, problems);
        JsonObject details = JsonFields.object(body, "additionalDetails");
        if (details == null) {
            problems.add(Problem.ADDITIONAL_DETAILS_IS_NULL);
        } else {
            ContactRules.check(details, ContactRules.Endpoint.SIV_INITIATE_FLOW, problems);
        }
        // The schema puts userLocale in additionalDetails, the guide's example at the top level: take both.
        for (JsonObject holder : new JsonObject[] {details, body}) {
            if (JsonFields.has(holder, "userLocale") && !Formats.isLocale(JsonFields.text(holder, "userLocale"))) {
                if (!problems.contains(Problem.USER_LOCALE_IS_INVALID)) {
                    problems.add(Problem.USER_LOCALE_IS_INVALID);
                }
            }
        }
        return problems;
    }

    private static void checkRedirect(JsonObject body, String field, boolean required, Problem missing,
            Problem invalid, List<Problem> problems) {
        String url = JsonFields.filled(body, field);
        if (JsonFields.notText(body, field)) {
            problems.add(invalid);
        } else if (url == null) {
            if (required) {
                problems.add(missing);
            }
        } else if (!Formats.isHttpUrl(url)) {
            problems.add(invalid);
        }
    }
}
