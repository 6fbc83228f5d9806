package dev.onekycbridge.core.port.in;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.identity.DeviceDetails;
import dev.onekycbridge.core.testing.TestData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StartCertificateRegistrationTest {
    @Test
    void toStringNeverShowsPersonalDataTheAdditionalDataOrTheIdempotencyKey() {
        StartCertificateRegistration command = new StartCertificateRegistration("u-1", TestData.PARTNER_USER_ID_TYPE,
                new UserDetailsForm(TestData.NAME, TestData.NIK, TestData.DATE_OF_BIRTH, TestData.EMAIL,
                        TestData.PHONE, null),
                "en_ID",
                List.of(new ConsentForm("Digi", "termsAndConditions", true,
                        Map.of("en_ID", new ConsentTextForm("https://partner.example/terms", "I agree")),
                        "1762934400000", "Mozilla/5.0", "203.0.113.7", new DeviceDetails("Android 14", "Samsung",
                        "SM-A546E", "a3f9c2d4-unique-device-77", null, null, null))),
                Map.of("customer", Map.of("motherMaidenName", "Wulandari")),
                DocumentSource.ofBytes(TestData.jpeg(4096)), DocumentSource.ofBytes(TestData.png(4096)),
                "idem-4f1c9a77");

        assertThat(command.toString()).doesNotContain(TestData.NAME).doesNotContain(TestData.NIK)
                .doesNotContain(TestData.DATE_OF_BIRTH).doesNotContain(TestData.EMAIL).doesNotContain(TestData.PHONE)
                .doesNotContain("a3f9c2d4-unique-device-77").doesNotContain("203.0.113.7")
                .doesNotContain("Wulandari").doesNotContain("idem-4f1c9a77");
    }
}
