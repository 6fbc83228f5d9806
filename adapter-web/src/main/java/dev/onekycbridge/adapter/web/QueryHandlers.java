package dev.onekycbridge.adapter.web;

import dev.onekycbridge.core.port.in.GetSubmissionUseCase;
import dev.onekycbridge.core.port.in.ListSubmissionsUseCase;
import dev.onekycbridge.core.port.out.SubmissionPage;
import dev.onekycbridge.core.port.out.SubmissionQuery;
import dev.onekycbridge.core.submission.FlowType;
import dev.onekycbridge.core.submission.SubmissionId;
import dev.onekycbridge.core.submission.SubmissionStatus;
import dev.onekycbridge.core.validation.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The partner API's reads: one submission, and pages of submissions, newest first. */
final class QueryHandlers {
    static final int DEFAULT_LIMIT = 20;
    private static final String KTP_DATA = "ktpData";
    private static final List<String> GET_PARAMETERS = List.of("include");
    private static final List<String> LIST_PARAMETERS = List.of("partnerUserId", "status", "type", "limit", "cursor",
            "include");

    private final GetSubmissionUseCase getSubmission;
    private final ListSubmissionsUseCase listSubmissions;
    private final Blocking blocking;

    QueryHandlers(GetSubmissionUseCase getSubmission, ListSubmissionsUseCase listSubmissions, Blocking blocking) {
        this.getSubmission = getSubmission;
        this.listSubmissions = listSubmissions;
        this.blocking = blocking;
    }

    /** {@code GET /v1/submissions/:id[?include=ktpData]}. */
    void getSubmission(RoutingContext ctx) {
        List<FieldError> errors = new ArrayList<>();
        SubmissionId id = null;
        String text = ctx.pathParam("id");
        try {
            id = SubmissionId.parse(text);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("id", "must be a UUID"));
        }
        boolean includeKtpData = includeKtpData(ctx, errors);
        checkNoOtherParameters(ctx, GET_PARAMETERS, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.malformed(errors);
        }
        SubmissionId wanted = id;
        blocking.run(() -> getSubmission.getSubmission(wanted)).onSuccess(found -> {
            if (found.isEmpty()) {
                Problem.Kind.NOT_FOUND.problem("there is no submission with this id").send(ctx);
                return;
            }
            json(ctx, SubmissionView.of(found.get(), includeKtpData).toJson());
        }).onFailure(ctx::fail);
    }

    /** {@code GET /v1/submissions?partnerUserId=&status=&type=&limit=&cursor=[&include=ktpData]}. */
    void listSubmissions(RoutingContext ctx) {
        List<FieldError> errors = new ArrayList<>();
        String partnerUserId = single(ctx, "partnerUserId", errors);
        SubmissionStatus status = enumValue(ctx, "status", SubmissionStatus.class, errors);
        FlowType type = enumValue(ctx, "type", FlowType.class, errors);
        int limit = limit(ctx, errors);
        String cursor = single(ctx, "cursor", errors);
        boolean includeKtpData = includeKtpData(ctx, errors);
        checkNoOtherParameters(ctx, LIST_PARAMETERS, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.malformed(errors);
        }
        SubmissionQuery query = new SubmissionQuery(stripped(partnerUserId), status, type, limit,
                stripped(cursor));
        blocking.run(() -> {
            try {
                return listSubmissions.listSubmissions(query);
            } catch (IllegalArgumentException e) {
                if (query.cursor() != null) {
                    // The store could not read the cursor: it did not come from a previous page.
                    throw ProblemException.malformed("cursor", "is not a cursor from a previous page");
                }
                throw e;
            }
        }).onSuccess(page -> json(ctx, pageJson(page, includeKtpData))).onFailure(ctx::fail);
    }

    private static JsonObject pageJson(SubmissionPage page, boolean includeKtpData) {
        JsonArray items = new JsonArray();
        page.items().forEach(submission -> items.add(SubmissionView.of(submission, includeKtpData).toJson()));
        return new JsonObject().put("items", items).put("nextCursor", page.nextCursor());
    }

    private static void json(RoutingContext ctx, JsonObject body) {
        ctx.response().setStatusCode(200).putHeader("Content-Type", MediaTypes.JSON).end(body.encode());
    }

    private static boolean includeKtpData(RoutingContext ctx, List<FieldError> errors) {
        String value = single(ctx, "include", errors);
        if (value == null) {
            return false;
        }
        for (String item : value.split(",")) {
            if (!item.strip().equals(KTP_DATA)) {
                errors.add(new FieldError("include", "may only be " + KTP_DATA));
                return false;
            }
        }
        return true;
    }

    private static int limit(RoutingContext ctx, List<FieldError> errors) {
        String text = single(ctx, "limit", errors);
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text.strip());
            if (limit >= 1 && limit <= SubmissionQuery.MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError("limit", "must be a whole number from 1 to " + SubmissionQuery.MAX_LIMIT));
        return DEFAULT_LIMIT;
    }

    private static <E extends Enum<E>> E enumValue(RoutingContext ctx, String name, Class<E> type,
                                                   List<FieldError> errors) {
        String text = single(ctx, name, errors);
        if (text == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(text.strip())) {
                return constant;
            }
        }
        errors.add(new FieldError(name, "must be one of " + Arrays.toString(type.getEnumConstants())));
        return null;
    }

    /**
     * An error for each query parameter the endpoint does not read: a misspelt filter ({@code flow=} for
     * {@code type=}, {@code userId=}) would otherwise be dropped and the list come back unfiltered. Names are
     * compared without regard to case, as Vert.x reads them.
     */
    private static void checkNoOtherParameters(RoutingContext ctx, List<String> known, List<FieldError> errors) {
        boolean oddNameReported = false;
        for (String name : ctx.queryParams().names()) {
            if (known.stream().anyMatch(name::equalsIgnoreCase)) {
                continue;
            }
            if (PlainName.test(name)) {
                errors.add(new FieldError(name, "is not a parameter of this endpoint, which takes "
                        + String.join(", ", known)));
            } else if (!oddNameReported) {
                errors.add(new FieldError("query", "names a parameter other than " + String.join(", ", known)));
                oddNameReported = true;
            }
        }
    }

    /**
     * The parameter's one value, or null when it is left out. Given empty it is refused: a filter built from a
     * variable that happened to be empty ({@code ?partnerUserId=}) would otherwise list every user's submissions.
     */
    private static String single(RoutingContext ctx, String name, List<FieldError> errors) {
        List<String> values = ctx.queryParam(name);
        if (values.size() > 1) {
            errors.add(new FieldError(name, "must be given at most once"));
            return null;
        }
        if (!values.isEmpty() && values.get(0).isBlank()) {
            errors.add(new FieldError(name, "must not be empty: leave the parameter out instead"));
            return null;
        }
        return values.isEmpty() ? null : values.get(0);
    }

    private static String stripped(String value) {
        return value == null ? null : value.strip();
    }
}
