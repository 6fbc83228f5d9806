package dev.onekycbridge.sandbox.state;

import java.util.regex.Pattern;

/**
 * What a request is counted as: its method and path, with the ids in a path replaced by their names, so that every
 * COE status poll or object upload counts under one kind.
 */
final class RequestKind {

    private static final String OBJECTS_PREFIX = "/_objects/";
    private static final Pattern COE_STATUS = Pattern.compile("/coe/v1/submissions/[^/]+/status");

    private RequestKind() {
    }

    static String of(String method, String path) {
        String template;
        if (path.startsWith(OBJECTS_PREFIX)) {
            template = OBJECTS_PREFIX + "{submissionId}/{documentType}";
        } else if (COE_STATUS.matcher(path).matches()) {
            template = "/coe/v1/submissions/{submissionId}/status";
        } else {
            template = path;
        }
        return method + " " + template;
    }
}
