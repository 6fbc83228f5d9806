package dev.onekycbridge.core.identity;

import static dev.onekycbridge.core.validation.RejectionAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.core.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsentTest {
    private final MutableClock clock = MutableClock.at("2026-11-01T08:00:00Z");
    private final ConsentText english = new ConsentText(URI.create("https://partner.example/terms/en"), "I agree");
    private final ConsentText indonesian = new ConsentText(URI.create("https://partner.example/terms/id"), "Saya setuju");

    private ConsentRecord record(Map<UserLocale, ConsentText> details, Instant timestamp) {
        return new ConsentRecord("Digi", "termsAndConditions", true, details, timestamp,
                new ConsentContext("Mozilla/5.0", new IpAddress("203.0.113.7"), null));
    }

    private ConsentRecord englishRecordAt(Instant timestamp) {
        return record(Map.of(UserLocale.EN_ID, english), timestamp);
    }

    @Test
    void holdsEveryRecord() {
        var first = englishRecordAt(clock.instant());
        var second = record(Map.of(UserLocale.ID_ID, indonesian), clock.instant());

        assertThat(new Consent(List.of(first, second)).records()).containsExactly(first, second);
    }

    @Test
    void needsAtLeastOneRecord() {
        var rejection = assertRejected(null, "consentData", () -> new Consent(List.of()));
        assertThat(rejection.reason()).isEqualTo("must hold at least one consent record");

        assertRejected(null, "consentData", () -> new Consent(null));
    }

    @Test
    void keepsAnUnchangeableCopyOfTheRecords() {
        var records = new ArrayList<ConsentRecord>();
        records.add(englishRecordAt(clock.instant()));
        var consent = new Consent(records);

        records.add(englishRecordAt(clock.instant()));

        assertThat(consent.records()).hasSize(1);
        assertThatThrownBy(() -> consent.records().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aRecordWithTheTextForTheUsersLocaleAndAPastTimestampIsAcceptable() {
        var record = record(Map.of(UserLocale.EN_ID, english, UserLocale.ID_ID, indonesian),
                clock.instant().minus(Duration.ofMinutes(3)));

        assertThat(Consent.problemWith(record, UserLocale.EN_ID, clock)).isNull();
        assertThat(Consent.problemWith(record, UserLocale.ID_ID, clock)).isNull();
    }

    @Test
    void aRecordWithoutTheTextForTheUsersLocaleIsNot() {
        var record = englishRecordAt(clock.instant());

        assertThat(Consent.problemWith(record, UserLocale.ID_ID, clock))
                .isEqualTo("must hold the consent text for the user's locale id_ID");
    }

    @Test
    void aTimestampEqualToTheClockIsAcceptable() {
        assertThat(Consent.problemWith(englishRecordAt(clock.instant()), UserLocale.EN_ID, clock)).isNull();
    }

    @Test
    void aTimestampUpToFiveMinutesAheadIsAcceptableAsClockSkew() {
        Instant atTheLimit = clock.instant().plus(Consent.ALLOWED_CLOCK_SKEW);

        assertThat(Consent.ALLOWED_CLOCK_SKEW).isEqualTo(Duration.ofMinutes(5));
        assertThat(Consent.problemWith(englishRecordAt(atTheLimit), UserLocale.EN_ID, clock)).isNull();
    }

    @Test
    void aTimestampMoreThanFiveMinutesAheadIsInTheFuture() {
        Instant justBeyond = clock.instant().plus(Duration.ofMinutes(5)).plusMillis(1);

        assertThat(Consent.problemWith(englishRecordAt(justBeyond), UserLocale.EN_ID, clock))
                .isEqualTo("must not be in the future");
    }

    @Test
    void theSkewIsMeasuredFromTheClockAsItMoves() {
        var record = englishRecordAt(clock.instant().plus(Duration.ofMinutes(10)));
        assertThat(Consent.problemWith(record, UserLocale.EN_ID, clock)).isNotNull();

        clock.advance(Duration.ofMinutes(5));

        assertThat(Consent.problemWith(record, UserLocale.EN_ID, clock)).isNull();
    }

    @Test
    void aMissingLocaleIsReportedBeforeAFutureTimestamp() {
        var record = englishRecordAt(clock.instant().plus(Duration.ofHours(1)));

        assertThat(Consent.problemWith(record, UserLocale.ID_ID, clock)).contains("locale");
    }
}
