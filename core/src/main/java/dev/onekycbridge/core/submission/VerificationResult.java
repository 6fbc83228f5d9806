package dev.onekycbridge.core.submission;

/**
 * The platform's verdict per field: usually {@code PASS} or {@code FAIL}, kept as text so that a new value is
 * not lost. Any field may be absent (null).
 */
public record VerificationResult(String nik, String name, String dateOfBirth, String selfie) {
    public boolean allPass() {
        return "PASS".equals(nik) && "PASS".equals(name) && "PASS".equals(dateOfBirth) && "PASS".equals(selfie);
    }

    /** The verdicts, by {@link Outcome#verdict}'s rule: a field that holds no code may echo the value itself. */
    @Override
    public String toString() {
        return "VerificationResult[nik=" + shown(nik) + ", name=" + shown(name) + ", dateOfBirth="
                + shown(dateOfBirth) + ", selfie=" + shown(selfie) + "]";
    }

    private static String shown(String verdict) {
        return verdict == null ? null : Outcome.shown(verdict);
    }
}
