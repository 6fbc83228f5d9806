package dev.onekycbridge.core.submission;

import java.util.Objects;

/** The verification result: VALID, INVALID, REJECTED (newer pages), or a value not yet known, kept as text. */
public record Result(String raw) {
    public static final Result VALID = new Result("VALID");
    public static final Result INVALID = new Result("INVALID");
    public static final Result REJECTED = new Result("REJECTED");

    public Result {
        Objects.requireNonNull(raw, "raw");
    }

    public static Result of(String raw) {
        return new Result(raw.strip());
    }

    public boolean isValid() {
        return equals(VALID);
    }

    /** INVALID and REJECTED both mean the user was not verified, with a reason code. */
    public boolean isNegative() {
        return equals(INVALID) || equals(REJECTED);
    }

    /**
     * Whether the two say the same of the user: equal, or both negative. The platform names one rejection INVALID
     * in one message (its details) and REJECTED in another (its callback).
     */
    public boolean sameVerdictAs(Result other) {
        return equals(other) || other != null && isNegative() && other.isNegative();
    }

    public boolean isRecognised() {
        return isValid() || isNegative();
    }

    @Override
    public String toString() {
        return raw;
    }
}
