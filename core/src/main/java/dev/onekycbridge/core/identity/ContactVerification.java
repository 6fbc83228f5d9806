package dev.onekycbridge.core.identity;

import dev.onekycbridge.core.validation.FieldError;
import dev.onekycbridge.core.validation.InvalidValueException;
import dev.onekycbridge.core.validation.Problems;
import java.util.ArrayList;
import java.util.List;

/**
 * How the partner verified one contact (e-mail or phone). The platform only accepts contacts the partner has
 * verified itself, so a verification must be {@code true} and carry the partner's reference id.
 */
public record ContactVerification(boolean verified, String referenceId) {
    private static final int MAX_REFERENCE_LENGTH = 128;

    public ContactVerification {
        InvalidValueException.throwFirst(problems(verified, referenceId));
    }

    /**
     * The verification of one contact as a request sends it. Every problem is added under {@code path}, and then there is none (null).
     */
    public static ContactVerification parse(Problems problems, String path, boolean verified, String referenceId) {
        // The partner's own reference, kept as sent (as a request's fingerprint has always taken it), so that a retry
        // stored by an earlier build still matches; a reference of nothing visible is missing.
        List<FieldError> found = problems(verified, referenceId);
        problems.addAll(path, found);
        return found.isEmpty() ? new ContactVerification(verified, referenceId) : null;
    }

    private static List<FieldError> problems(boolean verified, String referenceId) {
        List<FieldError> problems = new ArrayList<>();
        if (!verified) {
            problems.add(new FieldError("isVerified", "must be true: the platform requires verified contacts"));
        }
        if (Spaces.isBlank(referenceId)) {
            problems.add(new FieldError("verificationReferenceId", "is required when the contact is verified"));
        } else if (referenceId.length() > MAX_REFERENCE_LENGTH) {
            problems.add(new FieldError("verificationReferenceId",
                    "must be at most " + MAX_REFERENCE_LENGTH + " characters"));
        }
        return problems;
    }
}
