package dev.onekycbridge.core.identity;

import static dev.onekycbridge.core.validation.RejectionAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.core.testing.MutableClock;
import java.net.URI;
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
}
