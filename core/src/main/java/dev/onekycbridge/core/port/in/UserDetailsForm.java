package dev.onekycbridge.core.port.in;

/** The user's details as the partner sent them (the platform's field names), unchecked. */
public record UserDetailsForm(String name, String nik, String dateOfBirth, String email, String phoneNumber,
                              DataVerificationForm dataVerification) {
    @Override
    public String toString() {
        return "UserDetailsForm[***]";
    }
}
