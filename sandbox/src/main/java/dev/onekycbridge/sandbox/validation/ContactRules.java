package dev.onekycbridge.sandbox.validation;

import dev.onekycbridge.sandbox.errors.Problem;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Predicate;

/**
 * Email and phone with the partner's own verification of them, shared by the CERT_REG confirm
 * ({@code userDetails}) and SIV initiate flow ({@code additionalDetails}): at least one contact, well formed,
 * and each one sent must be verified with a reference id, as the platform requires verified contacts.
 */
final class ContactRules {

    /** Where the contacts are sent: the two endpoints' pages state their rules differently. */
    enum Endpoint {
        /** The confirm's guide writes {@code 628…}, its schema example {@code +62…}: both are taken. */
        CERT_REG_CONFIRM(Formats::isPhoneWithOptionalPlus, false),
        /** SIV states {@code 62…} and lists {@code EMAIL_IS_NULL} (onekyc-api.md §7.1). */
        SIV_INITIATE_FLOW(Formats::isPhone, true);

        private final Predicate<String> phoneFormat;
        private final boolean refusesVerifiedEmailWithoutEmail;

        Endpoint(Predicate<String> phoneFormat, boolean refusesVerifiedEmailWithoutEmail) {
            this.phoneFormat = phoneFormat;
            this.refusesVerifiedEmailWithoutEmail = refusesVerifiedEmailWithoutEmail;
        }
    }

    private ContactRules() {
    }

    static void check(JsonObject holder, Endpoint endpoint, List<Problem> problems) {
        String email = JsonFields.filled(holder, "email");
        String phone = JsonFields.filled(holder, "phoneNumber");
        // Both are strings in the schema: a number or an object is a malformed contact, not a missing one.
        boolean emailNotText = JsonFields.notText(holder, "email");
        boolean phoneNotText = JsonFields.notText(holder, "phoneNumber");
        if (email == null && phone == null && !emailNotText && !phoneNotText) {
            problems.add(Problem.PHONE_NUMBER_OR_EMAIL_IS_REQUIRED);
            return;
        }
        if (emailNotText || (email != null && !Formats.isEmail(email))) {
            problems.add(Problem.EMAIL_IS_INVALID);
        }
        if (phoneNotText || (phone != null && !endpoint.phoneFormat.test(phone))) {
            problems.add(Problem.PHONE_NUMBER_IS_INVALID);
        }
        JsonObject verification = JsonFields.object(holder, "dataVerification");
        if (verification == null) {
            problems.add(Problem.DATA_VERIFICATION_IS_EMPTY);
            return;
        }
        // A verification of an email that was not sent: the email is the one missing.
        if (endpoint.refusesVerifiedEmailWithoutEmail && email == null && !emailNotText
                && JsonFields.has(verification, "email")) {
            problems.add(Problem.EMAIL_IS_NULL);
        }
        if (email != null) {
            JsonObject emailCheck = JsonFields.object(verification, "email");
            if (!Boolean.TRUE.equals(JsonFields.bool(emailCheck, "isVerified"))) {
                problems.add(Problem.EMAIL_VERIFICATION_IS_REQUIRED);
            } else if (JsonFields.filled(emailCheck, "verificationReferenceId") == null) {
                problems.add(Problem.EMAIL_VERIFICATION_REFERENCE_ID_IS_REQUIRED);
            }
        }
        if (phone != null) {
            JsonObject phoneCheck = JsonFields.object(verification, "phoneNumber");
            if (!Boolean.TRUE.equals(JsonFields.bool(phoneCheck, "isVerified"))) {
                problems.add(Problem.PHONE_NUMBER_VERIFICATION_MUST_BE_TRUE);
            } else if (JsonFields.filled(phoneCheck, "verificationReferenceId") == null) {
                problems.add(Problem.PHONE_NUMBER_VERIFICATION_REFERENCE_ID_IS_REQUIRED);
            }
        }
    }
}
