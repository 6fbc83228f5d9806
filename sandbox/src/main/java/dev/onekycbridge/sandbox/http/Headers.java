package dev.onekycbridge.sandbox.http;

import io.vertx.ext.web.RoutingContext;

/** Platform header names, and reading them the way the platform does: blank counts as missing. */
final class Headers {

    static final String CLIENT_ID = "client-id";
    static final String PASS_KEY = "pass-key";
    static final String TOKEN = "x-onekyc-token";
    static final String ESIGN_ONBOARDING_PARTNER = "x-esign-onboarding-partner";
    static final String ONBOARDING_PARTNER = "x-onboarding-partner";
    static final String PARTNER_USER_ID = "x-partner-user-id";
    static final String PARTNER_USER_ID_TYPE = "x-partner-user-id-type";
    static final String PARTNER_SESSION_ID = "x-partner-session-id";
    static final String SDK_SESSION_ID = "x-sdk-session-id";
    static final String SUBMISSION_ID = "x-submission-id";

    private Headers() {
    }

    /** The trimmed header value, or null when absent or blank. */
    static String get(RoutingContext ctx, String name) {
        String value = ctx.request().getHeader(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
