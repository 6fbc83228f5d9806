package dev.onekycbridge.core.identity;

import static dev.onekycbridge.core.validation.RejectionAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.validation.FieldError;
import dev.onekycbridge.core.validation.Problems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ContactVerificationTest {
    @Test
    void aVerifiedContactWithAReferenceIsAccepted() {
        var verification = new ContactVerification(true, "email-ver-1");

        assertThat(verification.verified()).isTrue();
        assertThat(verification.referenceId()).isEqualTo("email-ver-1");
    }

    @Test
    void anUnverifiedContactIsRejectedBecauseThePlatformRequiresVerifiedContacts() {
        var rejection = assertRejected("email-ver-1", "isVerified", () -> new ContactVerification(false, "email-ver-1"));

        assertThat(rejection.reason()).isEqualTo("must be true: the platform requires verified contacts");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "\u200B", "\u00A0\uFEFF"})
    void aVerifiedContactNeedsAReference(String reference) {
        var rejection = assertRejected(reference, "verificationReferenceId",
                () -> new ContactVerification(true, reference));

        assertThat(rejection.reason()).isEqualTo("is required when the contact is verified");
    }

    @Test
    void aVerificationAsARequestSendsItKeepsItsReferenceAsSentAndReportsEveryProblem() {
        var problems = new Problems();

        // The partner's own reference, as an earlier build fingerprinted it.
        assertThat(ContactVerification.parse(problems, "email", true, " email-ver-1\u00A0").referenceId())
                .isEqualTo(" email-ver-1\u00A0");
        assertThat(ContactVerification.parse(problems, "email", false, "\u200B")).isNull();
        assertThat(problems.errors()).containsExactly(
                new FieldError("email.isVerified", "must be true: the platform requires verified contacts"),
                new FieldError("email.verificationReferenceId", "is required when the contact is verified"));
    }

    @Test
    void theReferenceMayHaveOneHundredTwentyEightCharactersButNotMore() {
        assertThat(new ContactVerification(true, "r".repeat(128)).referenceId()).hasSize(128);

        String tooLong = "r".repeat(129);
        var rejection = assertRejected(tooLong, "verificationReferenceId",
                () -> new ContactVerification(true, tooLong));
        assertThat(rejection.reason()).isEqualTo("must be at most 128 characters");
    }

    @Test
    void noDataVerificationHoldsNeitherContact() {
        assertThat(DataVerification.none().email()).isNull();
        assertThat(DataVerification.none().phoneNumber()).isNull();
    }
}
