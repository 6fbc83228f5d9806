package dev.onekycbridge.sandbox.state;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a request is counted as: its method and path, with the ids in a path replaced by their names, so that every
 * COE status poll or object upload counts under one kind.
 *
 * @param name     e.g. {@code "GET /coe/v1/submissions/{submissionId}/status"}
 * @param platform whether the path is one the sandbox serves (then it is always counted apart: a client calling
 *                 made-up paths must not push a real endpoint into {@link RequestLog#OTHER_KIND})
 */
record RequestKind(String name, boolean platform) {

    private static final String OBJECTS_PREFIX = "/_objects/";
    private static final Pattern COE_STATUS = Pattern.compile("/coe/v1/submissions/[^/]+/status");
    /** The platform's fixed paths (onekyc-api.md), beside the two templates above. */
    private static final Set<String> PLATFORM_PATHS = Set.of(
            "/v1/esign/partner/authentication",
            "/v1/coe/partner/authentication",
            "/v2/coe/authentication",
            "/esign-partner/v1/submissions/urls",
            "/esign-partner/v1/submissions",
            "/esign-partner/v1/initiate-flow",
            "/coe/v1/submissions/urls",
            "/coe/v1/submissions");

    static RequestKind of(String method, String path) {
        if (path.startsWith(OBJECTS_PREFIX)) {
            return new RequestKind(method + " " + OBJECTS_PREFIX + "{submissionId}/{documentType}", true);
        }
        if (COE_STATUS.matcher(path).matches()) {
            return new RequestKind(method + " /coe/v1/submissions/{submissionId}/status", true);
        }
        return new RequestKind(method + " " + path, PLATFORM_PATHS.contains(path));
    }
}
