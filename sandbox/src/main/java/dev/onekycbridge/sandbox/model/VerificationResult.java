package dev.onekycbridge.sandbox.model;

/** Per-field verification: NIK, name and date of birth against Dukcapil, the selfie against the KTP portrait. */
public record VerificationResult(Check nik, Check name, Check dateOfBirth, Check selfie) {

    public static VerificationResult allPass() {
        return new VerificationResult(Check.PASS, Check.PASS, Check.PASS, Check.PASS);
    }
}
