package dev.onekycbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScenarioTest {

    @Test
    void aScenarioNamedAfterADoubleUnderscoreApplies() {
        assertThat(Scenario.fromUserId("user-42__DUKCAPIL_REJECTED", Scenario.VALID))
                .isEqualTo(Scenario.DUKCAPIL_REJECTED);
    }

    @Test
    void theNameIsReadIgnoringCase() {
        assertThat(Scenario.fromUserId("user-42__not_ektp", Scenario.VALID)).isEqualTo(Scenario.NOT_EKTP);
    }

    @Test
    void aLongerNameIsNotMistakenForItsPrefix() {
        assertThat(Scenario.fromUserId("u__DUKCAPIL_REJECTED_NIK", Scenario.VALID))
                .isEqualTo(Scenario.DUKCAPIL_REJECTED_NIK);
    }

    @Test
    void anIdWithoutAKnownNameGetsTheDefault() {
        assertThat(Scenario.fromUserId("plain-user", Scenario.FRAUD_REJECT)).isEqualTo(Scenario.FRAUD_REJECT);
        assertThat(Scenario.fromUserId("user__NO_SUCH_SCENARIO", Scenario.VALID)).isEqualTo(Scenario.VALID);
        assertThat(Scenario.fromUserId("SYSTEM_ERROR", Scenario.VALID)).isEqualTo(Scenario.VALID);
    }

    @Test
    void theLastNamedSegmentWins() {
        assertThat(Scenario.fromUserId("a__VALID__PARTIAL_ONLY", Scenario.VALID)).isEqualTo(Scenario.PARTIAL_ONLY);
    }
}
