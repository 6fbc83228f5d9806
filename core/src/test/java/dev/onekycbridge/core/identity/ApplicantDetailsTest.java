package dev.onekycbridge.core.identity;

import static dev.onekycbridge.core.validation.RejectionAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.onekycbridge.core.testing.TestData;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ApplicantDetailsTest {
    private final PersonName name = new PersonName(TestData.NAME);
    private final Nik womanBorn15May1990 = new Nik(TestData.NIK);
    private final DateOfBirth born15May1990 = new DateOfBirth(LocalDate.of(1990, 5, 15));
    private final ContactDetails contact = TestData.contact();

    @Test
    void acceptsANikThatEncodesTheDateOfBirth() {
        var applicant = new ApplicantDetails(name, womanBorn15May1990, born15May1990, contact);

        assertThat(applicant.nik()).isEqualTo(womanBorn15May1990);
        assertThat(applicant.dateOfBirth()).isEqualTo(born15May1990);
    }

    @Test
    void rejectsANikThatDisagreesWithTheDateOfBirthOnTheNikField() {
        var bornADayLater = new DateOfBirth(LocalDate.of(1990, 5, 16));

        var rejection = assertRejected(TestData.NIK, "nik",
                () -> new ApplicantDetails(name, womanBorn15May1990, bornADayLater, contact));

        assertThat(rejection.reason()).isEqualTo("does not encode the given date of birth in digits 7 to 12");
        assertThat(rejection.getMessage()).doesNotContain("1990").doesNotContain("16-05").doesNotContain("550590");
    }

    @Test
    void needsEveryPart() {
        assertThatNullPointerException().isThrownBy(
                () -> new ApplicantDetails(null, womanBorn15May1990, born15May1990, contact)).withMessage("name");
        assertThatNullPointerException().isThrownBy(
                () -> new ApplicantDetails(name, null, born15May1990, contact)).withMessage("nik");
        assertThatNullPointerException().isThrownBy(
                () -> new ApplicantDetails(name, womanBorn15May1990, null, contact)).withMessage("dateOfBirth");
        assertThatNullPointerException().isThrownBy(
                () -> new ApplicantDetails(name, womanBorn15May1990, born15May1990, null)).withMessage("contact");
    }

    @Test
    void toStringNeverShowsPersonalData() {
        String shown = new ApplicantDetails(name, womanBorn15May1990, born15May1990, contact).toString();

        assertThat(shown).doesNotContain(TestData.NIK).doesNotContain("Siti").doesNotContain("1990")
                .doesNotContain(TestData.EMAIL).doesNotContain(TestData.PHONE);
    }
}
