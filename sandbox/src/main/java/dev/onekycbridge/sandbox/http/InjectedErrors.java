package dev.onekycbridge.sandbox.http;

import dev.onekycbridge.sandbox.SandboxConfig;
import dev.onekycbridge.sandbox.errors.Dialect;
import dev.onekycbridge.sandbox.errors.Problem;
import io.vertx.core.http.HttpMethod;

/**
 * The error an injected status answers on a platform path: the one the reference documents for that status on
 * that API (onekyc-api.md §3, §5, §6, §7), so a client under faults meets only published errors. Where a page gives
 * none for the status, the nearest API's is used (README "Faults").
 */
final class InjectedErrors {

    private InjectedErrors() {
    }

    /** For one of {@code Faults.ERROR_STATUSES}. */
    static Problem of(int status, HttpMethod method, String path, SandboxConfig config) {
        Dialect dialect = Dialect.ofPath(path);
        boolean coe = dialect == Dialect.COE;
        boolean coeDetails = coe && path.equals(CoeRoutes.DETAILS);
        boolean coeConfirm = coe && path.equals(CoeRoutes.URLS) && method == HttpMethod.PUT;
        // The SDK's reads: presigned URL and status, which publish their own 400 and 500 (§6.4).
        boolean coeSdkRead = coe && (path.equals(CoeRoutes.URLS) && method == HttpMethod.GET
                || path.startsWith(CoeRoutes.DETAILS + "/") && path.endsWith("/status"));
        return switch (status) {
            case 400 -> missingHeader(dialect, path, coeDetails, coeConfirm, config);
            case 401 -> coeDetails
                    && config.coeDetailsUnauthorizedCode() == SandboxConfig.DETAILS_PAGE_UNAUTHORIZED_CODE
                    ? Problem.COE_DETAILS_UNAUTHORIZED_AS_DETAILS_PAGE : Problem.UNAUTHORIZED;
            case 403 -> coeDetails ? Problem.COE_DETAILS_FORBIDDEN
                    : coe ? Problem.COE_CONFIRM_FORBIDDEN : Problem.ONBOARDING_PARTNER_DOES_NOT_BELONG_TO_CLIENT;
            case 429 -> Problem.TOO_MANY_REQUESTS;
            case 503 -> Problem.SERVICE_UNAVAILABLE;
            case 500 -> coeSdkRead ? Problem.SOMETHING_WENT_WRONG
                    : path.equals(TokenRoutes.COE_PARTNER_TOKEN) ? Problem.COE_TOKEN_UNKNOWN_ERROR
                    : Problem.GENERIC_SERVICE_ERROR;
            default -> throw new IllegalArgumentException("no documented error for HTTP " + status);
        };
    }

    /** Every API publishes a 400 for a missing header; an injected 400 answers the path's own. */
    private static Problem missingHeader(Dialect dialect, String path, boolean coeDetails, boolean coeConfirm,
            SandboxConfig config) {
        return switch (dialect) {
            case ESIGN_TOKEN -> config.esignTokenMissingHeaderCode() == SandboxConfig.ERROR_PAGE_MISSING_HEADER_CODE
                    ? Problem.MISSING_CLIENT_ID_AS_ERROR_PAGE : Problem.MISSING_CLIENT_ID;
            case COE_TOKEN -> path.equals(TokenRoutes.COE_USER_TOKEN)
                    ? Problem.MISSING_CLIENT_ID_OR_PASS_KEY : Problem.CLIENT_ID_CAN_NOT_BE_EMPTY;
            case ESIGN -> Problem.PARTNER_USER_ID_CAN_NOT_BE_EMPTY;
            case COE -> coeDetails ? Problem.COE_DETAILS_PARTNER_USER_ID_CAN_NOT_BE_EMPTY
                    : coeConfirm ? Problem.X_SDK_SESSION_ID_CAN_NOT_BE_EMPTY : Problem.COE_PARTNER_CAN_NOT_BE_EMPTY;
        };
    }
}
