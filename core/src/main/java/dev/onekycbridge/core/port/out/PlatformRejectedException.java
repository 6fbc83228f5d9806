package dev.onekycbridge.core.port.out;

import java.util.List;
import java.util.OptionalInt;

/**
 * The platform refused the request (a 4xx other than 401 and a transient 429, or a 429
 * {@code SUBMISSION_QUOTA_EXCEEDED}), with every error of its envelope. Only the platform's own word on the
 * request: {@link OneKycPlatform} names the refusals that are not.
 */
public final class PlatformRejectedException extends PlatformException {
    private static final String STATUS_ONLY_PREFIX = "HTTP ";
    private static final String REJECTED = "REJECTED";
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
            return new dev.onekycbridge.core.submission.Failure(STATUS_ONLY_PREFIX + httpStatus, REJECTED);
        }
        PlatformError first = errors.get(0);
        return new dev.onekycbridge.core.submission.Failure(first.code(),
                first.cause() == null ? REJECTED : first.cause());
    }

    /**
     * The HTTP status of a refusal that listed no error, from the failure {@link #toFailure} recorded for it
     * ({@code HTTP 400}, {@code REJECTED}); empty for a failure that holds a platform's error. No platform code has
     * a space in it ({@link PlatformError}), so the one cannot be taken for the other.
     */
    public static OptionalInt statusWithoutErrors(dev.onekycbridge.core.submission.Failure failure) {
        String code = failure.code();
        if (code == null || !REJECTED.equals(failure.cause()) || !code.startsWith(STATUS_ONLY_PREFIX)) {
            return OptionalInt.empty();
        }
        String status = code.substring(STATUS_ONLY_PREFIX.length());
        return status.matches("[1-5][0-9]{2}") ? OptionalInt.of(Integer.parseInt(status)) : OptionalInt.empty();
    }

    /** Whether any error carries this cause, e.g. {@code SUBMISSION_STATE_CONFLICT}. */
    public boolean hasCause(String cause) {
        return errors.stream().anyMatch(error -> cause.equals(error.cause()));
    }
}
