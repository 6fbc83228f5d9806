package dev.onekycbridge.sandbox.state;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a request is counted as: its method and path, with the ids in a path replaced by their names, so that every
 * COE status poll or object upload counts under one kind.
 *
 * @param name     e.g. {@code "GET /coe/v1/submissions/{submissionId}/status"}
 * @param platform whether the sandbox serves this method on this path (then it is always counted apart: a client
 *                 calling made-up paths must not push a real endpoint into {@link RequestLog#OTHER_KIND}). Only the
 *                 methods served: any token is a method to the HTTP server, so counting every method of a platform
 *                 path apart would let made-up methods add kinds without end.
 */
record RequestKind(String name, boolean platform) {

    private static final String OBJECTS_PREFIX = "/_objects/";
    private static final String OBJECTS = OBJECTS_PREFIX + "{submissionId}/{documentType}";
    private static final String COE_STATUS = "/coe/v1/submissions/{submissionId}/status";
    private static final Pattern COE_STATUS_PATH = Pattern.compile("/coe/v1/submissions/[^/]+/status");
    private static final Set<String> GET = Set.of("GET");
    private static final Set<String> GET_PUT = Set.of("GET", "PUT");
    /** The platform's paths (onekyc-api.md) and the object store, with the methods the sandbox serves on each. */
    private static final Map<String, Set<String>> SERVED = Map.of(
            "/v1/esign/partner/authentication", GET,
            "/v1/coe/partner/authentication", GET,
            "/v2/coe/authentication", GET,
            "/esign-partner/v1/submissions/urls", GET_PUT,
            "/esign-partner/v1/submissions", GET,
            "/esign-partner/v1/initiate-flow", Set.of("POST"),
            "/coe/v1/submissions/urls", GET_PUT,
            "/coe/v1/submissions", GET,
            COE_STATUS, GET,
            OBJECTS, GET_PUT);

    static RequestKind of(String method, String path) {
        String template = path;
        if (path.startsWith(OBJECTS_PREFIX)) {
            template = OBJECTS;
        } else if (COE_STATUS_PATH.matcher(path).matches()) {
            template = COE_STATUS;
        }
        return new RequestKind(method + " " + template, SERVED.getOrDefault(template, Set.of()).contains(method));
    }
}
