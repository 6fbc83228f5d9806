package dev.onekycbridge.core.port.out;

import java.util.List;

/**
 * The platform refused the request (a 4xx other than 401 and a transient 429, or a 429
 * {@code SUBMISSION_QUOTA_EXCEEDED}), with every error of its envelope. Only the platform's own word on the
 * request: {@link OneKycPlatform} names the refusals that are not.
 */
public final class PlatformRejectedException extends PlatformException {
    private final int httpStatus;
    private final List<PlatformError> errors;

    public PlatformRejectedException(int httpStatus, List<PlatformError> errors) {
        super("platform refused the request with HTTP " + httpStatus + (errors.isEmpty() ? "" : ": " + errors), null);
        this.httpStatus = httpStatus;
        this.errors = List.copyOf(errors);
    }

    public int httpStatus() {
        return httpStatus;
    }

    public List<PlatformError> errors() {
        return errors;
    }

    /** The failure a submission records for this refusal: the first error's code and cause, or the status. */
    public dev.onekycbridge.core.submission.Failure toFailure() {
        if (errors.isEmpty()) {
            return new dev.onekycbridge.core.submission.Failure("HTTP " + httpStatus, "REJECTED");
        }
        PlatformError first = errors.get(0);
        return new dev.onekycbridge.core.submission.Failure(first.code(),
                first.cause() == null ? "REJECTED" : first.cause());
    }

    /** Whether any error carries this cause, e.g. {@code SUBMISSION_STATE_CONFLICT}. */
    public boolean hasCause(String cause) {
        return errors.stream().anyMatch(error -> cause.equals(error.cause()));
    }
}
