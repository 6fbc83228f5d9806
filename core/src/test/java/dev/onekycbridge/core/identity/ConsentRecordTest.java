package dev.onekycbridge.core.identity;

import static dev.onekycbridge.core.validation.RejectionAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ConsentRecordTest {
    private static final Instant AT = Instant.parse("2026-11-01T08:00:00Z");
    private final ConsentText english = new ConsentText(URI.create("https://partner.example/terms/en"), "I agree");
    private final ConsentText indonesian = new ConsentText(URI.create("https://partner.example/terms/id"), "Saya setuju");
    private final Map<UserLocale, ConsentText> details = Map.of(UserLocale.EN_ID, english, UserLocale.ID_ID, indonesian);
    private final ConsentContext context = new ConsentContext("Mozilla/5.0", new IpAddress("203.0.113.7"), null);

    @Test
    void acceptsACompleteRecord() {
        var record = new ConsentRecord("Digi", "termsAndConditions", true, details, AT, context);

        assertThat(record.details()).containsOnlyKeys(UserLocale.EN_ID, UserLocale.ID_ID);
        assertThat(record.timestamp()).isEqualTo(AT);
    }

    @Test
    void toStringNeverShowsTheDevicesUniqueId() {
        var device = new DeviceDetails("Android 14", "Samsung", "SM-A546E", "a3f9c2d4-unique-device-77", "Telkomsel",
                "id.partner.app", "3.2.1");
        var record = new ConsentRecord("Digi", "termsAndConditions", true, details, AT,
                new ConsentContext("Mozilla/5.0", new IpAddress("203.0.113.7"), device));

        assertThat(device.toString()).contains("Samsung").doesNotContain("a3f9c2d4-unique-device-77");
        assertThat(record.toString()).doesNotContain("a3f9c2d4-unique-device-77").doesNotContain("203.0.113.7");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "\u200B", "\u00A0\uFEFF"})
    void requiresAnEntity(String entity) {
        var rejection = assertRejected(entity, "entity",
                () -> new ConsentRecord(entity, "termsAndConditions", true, details, AT, context));
        assertThat(rejection.reason()).isEqualTo("is required");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "\u200B", "\u00A0\uFEFF"})
    void requiresAConsentType(String type) {
        var rejection = assertRejected(type, "consentType",
                () -> new ConsentRecord("Digi", type, true, details, AT, context));
        assertThat(rejection.reason()).isEqualTo("is required");
    }

    @Test
    void requiresThatTheUserConsented() {
        var rejection = assertRejected("false", "consentGiven",
                () -> new ConsentRecord("Digi", "termsAndConditions", false, details, AT, context));
        assertThat(rejection.reason()).isEqualTo("must be true: the user has to consent");
    }

    @Test
    void requiresTheTextInAtLeastOneLocale() {
        assertRejected(null, "details",
                () -> new ConsentRecord("Digi", "termsAndConditions", true, Map.of(), AT, context));
        assertRejected(null, "details",
                () -> new ConsentRecord("Digi", "termsAndConditions", true, null, AT, context));
    }

    @Test
    void oneLocaleIsEnoughForTheRecordItself() {
        var record = new ConsentRecord("Digi", "termsAndConditions", true, Map.of(UserLocale.ID_ID, indonesian), AT,
                context);

        assertThat(record.details()).containsOnlyKeys(UserLocale.ID_ID);
    }

    @Test
    void requiresATimestampAndAContext() {
        assertThatNullPointerException().isThrownBy(
                () -> new ConsentRecord("Digi", "termsAndConditions", true, details, null, context))
                .withMessage("timestamp");
        assertThatNullPointerException().isThrownBy(
                () -> new ConsentRecord("Digi", "termsAndConditions", true, details, AT, null))
                .withMessage("context");
    }

    @Test
    void keepsAnUnchangeableCopyOfTheDetails() {
        var mutable = new HashMap<UserLocale, ConsentText>();
        mutable.put(UserLocale.EN_ID, english);
        var record = new ConsentRecord("Digi", "termsAndConditions", true, mutable, AT, context);

        mutable.put(UserLocale.ID_ID, indonesian);

        assertThat(record.details()).containsOnlyKeys(UserLocale.EN_ID);
        assertThatThrownBy(() -> record.details().put(UserLocale.ID_ID, indonesian))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
