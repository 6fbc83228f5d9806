package dev.onekycbridge.core.submission;

/**
 * The platform's verdict per field: usually {@code PASS} or {@code FAIL}, kept as text so that a new value is
 * not lost. Any field may be absent (null).
 */
public record VerificationResult(String nik, String name, String dateOfBirth, String selfie) {
    public boolean allPass() {
        return "PASS".equals(nik) && "PASS".equals(name) && "PASS".equals(dateOfBirth) && "PASS".equals(selfie);
    }

    @Override
    public String toString() {
        return "VerificationResult[nik=" + nik + ", name=" + name + ", dateOfBirth=" + dateOfBirth
                + ", selfie=" + selfie + "]";
    }
}
