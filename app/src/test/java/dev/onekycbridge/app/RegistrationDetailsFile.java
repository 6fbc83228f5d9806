package dev.onekycbridge.app;

import dev.onekycbridge.core.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** A valid `register --details` file for a partner user, as the command line's tests write it. */
final class RegistrationDetailsFile {
    private RegistrationDetailsFile() {
    }

    /** Written into {@code folder} as {@code <userId>.json}; the consent is timed a few seconds ago. */
    static Path write(Path folder, String userId) throws IOException {
        return Files.writeString(folder.resolve(userId + ".json"), """
                {"partnerUserId": "%s", "partnerUserIdType": "CLIENT_X_USER_ID",
                 "userDetails": {"name": "%s", "nik": "%s", "dateOfBirth": "%s", "email": "%s",
                   "dataVerification": {"email": {"isVerified": true, "verificationReferenceId": "e-1"}}},
                 "userLocale": "en_ID",
                 "consentData": [{"entity": "Digi", "consentType": "termsAndConditions", "consentGiven": true,
                   "details": {"en_ID": {"url": "https://partner.example/t", "text": "I agree"}},
                   "timeStamp": %d, "additionalDetails": {"userAgent": "cli-test", "userIp": "192.0.2.1"}}]}
                """.formatted(userId, TestData.NAME, TestData.NIK, TestData.DATE_OF_BIRTH, TestData.EMAIL,
                Instant.now().minusSeconds(5).toEpochMilli()));
    }
}
