package dev.onekycbridge.sandbox.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.sandbox.model.PartnerUser;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenStoreTest {

    private static final long SIXTY_DAYS = 5_184_000;
    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00.123456Z");

    @Test
    void sixtyDayTokensAreNotRememberedOneByOneYetEachStillOpensWhatItWasIssuedFor() {
        TokenStore store = new TokenStore();
        List<String> values = new ArrayList<>();
        // A millisecond apart, as under a real clock: 50 s of issuing, so at most two expiry minutes.
        for (int i = 0; i < 50_000; i++) {
            values.add(store.issue(TokenKind.COE_USER, "client", "P-SDK-KTP_SCAN", new PartnerUser("user-" + i, "T"),
                    null, NOW.plusMillis(i), SIXTY_DAYS).value());
        }

        assertThat(store.countedExpiries()).as("one count per expiry minute").isBetween(1, 2);
        assertThat(store.size()).isEqualTo(50_000);
        IssuedToken last = store.find(values.get(49_999)).orElseThrow();
        assertThat(last.kind()).isEqualTo(TokenKind.COE_USER);
        assertThat(last.clientId()).isEqualTo("client");
        assertThat(last.onboardingPartner()).isEqualTo("P-SDK-KTP_SCAN");
        assertThat(last.user()).isEqualTo(new PartnerUser("user-49999", "T"));
        Instant lastExpiry = NOW.plusMillis(49_999).plusSeconds(SIXTY_DAYS).plusNanos(544_000);
        assertThat(last.expiresAt()).isEqualTo(lastExpiry);
        assertThat(last.isLiveAt(lastExpiry.minusNanos(1))).isTrue();
        assertThat(last.isLiveAt(lastExpiry)).isFalse();
    }

    @Test
    void aTokenIsCountedUntilTheEndOfTheMinuteItExpiresIn() {
        TokenStore store = new TokenStore();
        // Expires at 00:01:00.124, counted until 00:02:00.000.
        store.issue(TokenKind.ESIGN_PARTNER, "c", null, null, null, NOW, 60);

        assertThat(store.forgetExpired(Instant.parse("2026-12-01T00:01:59.999Z"))).isZero();
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.forgetExpired(Instant.parse("2026-12-01T00:02:00Z"))).isEqualTo(1);
        assertThat(store.countedExpiries()).isZero();
    }

    @Test
    void aTokenNotIssuedHereOrTamperedWithOrFromBeforeAResetIsUnknown() {
        TokenStore store = new TokenStore();
        String value = store.issue(TokenKind.ESIGN_PARTNER, "client", null, null, null, NOW, 1_800).value();
        String[] parts = value.split("\\.");
        String otherClaims = new TokenStore().issue(TokenKind.ESIGN_PARTNER, "other", null, null, null, NOW, 1_800)
                .value().split("\\.")[1];

        assertThat(store.find(value)).isPresent();
        assertThat(store.find(parts[0] + "." + otherClaims + "." + parts[2])).isEmpty();
        assertThat(store.find(value + "x")).isEmpty();
        assertThat(store.find("not-a-token")).isEmpty();
        assertThat(store.find(null)).isEmpty();
        store.clear();
        assertThat(store.find(value)).isEmpty();
        assertThat(store.size()).isZero();
    }

    @Test
    void expiringAllCountsTheLiveOnesAndRefusesEveryTokenIssuedBeforeButNoneAfter() {
        TokenStore store = new TokenStore();
        String shortLived = store.issue(TokenKind.ESIGN_PARTNER, "c", null, null, null, NOW, 60).value();
        String longLived = store.issue(TokenKind.COE_USER, "c", "P", new PartnerUser("u", "T"), null, NOW, SIXTY_DAYS)
                .value();
        Instant later = NOW.plus(Duration.ofMinutes(2));

        int expired = store.expireAll(later);
        String fresh = store.issue(TokenKind.ESIGN_PARTNER, "c", null, null, null, later, 60).value();

        assertThat(expired).as("the one still live").isEqualTo(1);
        assertThat(store.find(shortLived)).isEmpty();
        assertThat(store.find(longLived)).isEmpty();
        assertThat(store.find(fresh)).isPresent();
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void expiredTokensAndSivTokensOfForgottenSubmissionsStopBeingCounted() {
        TokenStore store = new TokenStore();
        store.issue(TokenKind.ESIGN_PARTNER, "c", null, null, null, NOW, 60);
        String siv = store.issue(TokenKind.SIV_USER, "c", "P", new PartnerUser("u", "T"), "s-1", NOW, SIXTY_DAYS)
                .value();

        assertThat(store.forgetExpired(NOW.plusSeconds(120))).isEqualTo(1);
        store.release(siv, NOW.plusSeconds(120));

        assertThat(store.size()).isZero();
        assertThat(store.countedExpiries()).isZero();
        assertThat(store.expireAll(NOW.plusSeconds(121))).isZero();
    }
}
