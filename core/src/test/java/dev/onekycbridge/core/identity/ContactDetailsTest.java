package dev.onekycbridge.core.identity;

import static dev.onekycbridge.core.validation.RejectionAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContactDetailsTest {
    private final Email email = Email.parse("siti.lestari@example.co.id");
    private final PhoneNumber phone = PhoneNumber.parse("081234567890");
    private final ContactVerification emailVerified = new ContactVerification(true, "email-ver-1");
    private final ContactVerification phoneVerified = new ContactVerification(true, "phone-ver-1");

    @Test
    void acceptsAVerifiedEmailAndAVerifiedPhone() {
        var contact = new ContactDetails(email, phone, new DataVerification(emailVerified, phoneVerified));

        assertThat(contact.email()).isEqualTo(email);
        assertThat(contact.phoneNumber()).isEqualTo(phone);
    }

    @Test
    void acceptsAVerifiedEmailAlone() {
        var contact = new ContactDetails(email, null, new DataVerification(emailVerified, null));

        assertThat(contact.phoneNumber()).isNull();
    }

    @Test
    void acceptsAVerifiedPhoneAlone() {
        var contact = new ContactDetails(null, phone, new DataVerification(null, phoneVerified));

        assertThat(contact.email()).isNull();
    }

    @Test
    void aVerificationForAContactThatIsNotSentIsHarmless() {
        var contact = new ContactDetails(email, null, new DataVerification(emailVerified, phoneVerified));

        assertThat(contact.dataVerification().phoneNumber()).isEqualTo(phoneVerified);
    }

    @Test
    void needsAnEmailOrAPhone() {
        var rejection = assertRejected(null, "contact",
                () -> new ContactDetails(null, null, new DataVerification(emailVerified, phoneVerified)));

        assertThat(rejection.reason()).isEqualTo("an e-mail address or a phone number is required");
    }

    @Test
    void needsADataVerification() {
        var rejection = assertRejected(null, "dataVerification", () -> new ContactDetails(email, phone, null));

        assertThat(rejection.reason()).isEqualTo("is required");
    }

    @Test
    void anEmailThatIsSentMustBeVerified() {
        var rejection = assertRejected(null, "dataVerification.email",
                () -> new ContactDetails(email, phone, new DataVerification(null, phoneVerified)));

        assertThat(rejection.reason()).isEqualTo("is required when an e-mail address is sent");
    }

    @Test
    void aPhoneThatIsSentMustBeVerified() {
        var rejection = assertRejected(null, "dataVerification.phoneNumber",
                () -> new ContactDetails(email, phone, new DataVerification(emailVerified, null)));

        assertThat(rejection.reason()).isEqualTo("is required when a phone number is sent");
    }

    @Test
    void noVerificationAtAllIsRejectedForTheFirstContactSent() {
        assertRejected(null, "dataVerification.email",
                () -> new ContactDetails(email, phone, DataVerification.none()));
        assertRejected(null, "dataVerification.phoneNumber",
                () -> new ContactDetails(null, phone, DataVerification.none()));
    }

    @Test
    void toStringNeverShowsTheContacts() {
        var contact = new ContactDetails(email, phone, new DataVerification(emailVerified, phoneVerified));

        assertThat(contact.toString()).doesNotContain("siti").doesNotContain("6281234567890")
                .doesNotContain("1234");
    }
}
