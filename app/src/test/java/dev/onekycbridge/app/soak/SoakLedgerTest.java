package dev.onekycbridge.app.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The crash soaks' ledger on platform records made by hand, so that each rule is seen to catch what it is for. */
class SoakLedgerTest {
    private static final String USER = "cs-1__VALID";
    private static final Instant T = Instant.parse("2024-06-11T10:00:00Z");

    /** One registration that ended VALID on S2, after the platform's S1 was left INITIATED at {@link #T}. */
    private static SoakLedger afterADuplicate(List<Instant> kills) {
        JsonObject orphan = platformSubmission("S1", "INITIATED", T, 0, false);
        JsonObject confirmed = platformSubmission("S2", "COMPLETED", T.plusSeconds(25), 1, true)
                .put("result", "VALID");
        return new SoakLedger(Map.of(USER, SoakScenario.VALID), Map.of(USER, ours("S2")),
                new JsonArray().add(orphan).add(confirmed), kills);
    }

    @Test
    void aDuplicateWithNoKillAtItsCreationIsAViolationThoughAKillCameBeforeTheNextSubmission() {
        SoakLedger ledger = afterADuplicate(List.of(T.plusSeconds(10)));

        assertThat(ledger.orphans()).isEqualTo(1);
        assertThat(ledger.violations()).singleElement().asString()
                .contains(USER, "S1", "left behind", "nearest kill: 10000 ms");
    }

    @Test
    void aDuplicateWithAKillJustAfterItsCreationIsTheCrashWindow() {
        SoakLedger ledger = afterADuplicate(List.of(T.plusMillis(300)));

        assertThat(ledger.orphans()).isEqualTo(1);
        assertThat(ledger.violations()).isEmpty();
        assertThat(ledger.figures()).contains("orphanToKillMillis=[300]");
    }

    @Test
    void aKillShortlyBeforeTheCreationExplainsADuplicateAskedForByTheKilledProcess() {
        assertThat(afterADuplicate(List.of(T.minusMillis(1_500))).violations()).isEmpty();
    }

    @Test
    void theWindowEndsTwoSecondsAfterTheCreation() {
        assertThat(afterADuplicate(List.of(T.plus(SoakLedger.STORE_SLACK))).violations()).isEmpty();
        assertThat(afterADuplicate(List.of(T.plus(SoakLedger.STORE_SLACK).plusMillis(1))).violations())
                .singleElement().asString().contains("S1");
        assertThat(afterADuplicate(List.of(T.minus(SoakLedger.KILL_SLACK).minusMillis(1))).violations())
                .singleElement().asString().contains("S1");
    }

    @Test
    void aDuplicateWithNoKillAtAllIsAViolation() {
        assertThat(afterADuplicate(List.of()).violations()).singleElement().asString()
                .contains("S1", "nearest kill: none");
    }

    static JsonObject platformSubmission(String id, String status, Instant created, int confirmCount,
                                         boolean uploaded) {
        return new JsonObject().put("submissionId", id).put("userId", USER).put("status", status)
                .put("createdAt", created.toString()).put("confirmCount", confirmCount)
                .put("confirmedAt", confirmCount == 0 ? null : created.plus(Duration.ofSeconds(1)).toString())
                .put("documents", new JsonObject().put("KTP", new JsonObject().put("uploaded", uploaded))
                        .put("SELFIE", new JsonObject().put("uploaded", uploaded)))
                .put("callbacks", new JsonArray());
    }

    static JsonObject ours(String platformId) {
        return new JsonObject().put("id", "ours-1").put("submissionId", platformId).put("status", "COMPLETED")
                .put("result", "VALID").put("reasonCode", null).put("history", new JsonArray());
    }
}
