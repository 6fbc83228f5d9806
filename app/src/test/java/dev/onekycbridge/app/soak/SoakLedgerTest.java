package dev.onekycbridge.app.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
                new JsonArray().add(orphan).add(confirmed), kills, new StoredCallbacks(List.of()));
    }

    /** One registration that ended VALID on S1, with these callback deliveries, against this inbox. */
    private static SoakLedger withCallbacks(JsonArray deliveries, StoredCallbacks.Entry... inbox) {
        JsonObject confirmed = platformSubmission("S1", "COMPLETED", T, 1, true).put("result", "VALID")
                .put("callbacks", deliveries);
        return new SoakLedger(Map.of(USER, SoakScenario.VALID), Map.of(USER, ours("S1")),
                new JsonArray().add(confirmed), List.of(), new StoredCallbacks(List.of(inbox)));
    }

    private static final StoredCallbacks.Report COMPLETED =
            new StoredCallbacks.Report("ESIGN", "S1", "COMPLETED", "VALID", null);
    private static final StoredCallbacks.Report PARTIAL =
            new StoredCallbacks.Report("ESIGN", "S1", "PARTIALLY_COMPLETED", null, null);

    @Test
    void aCallbackAnswered200ThatTheInboxDoesNotHoldIsAViolation() {
        // The service answered the COMPLETED callback with 200, but what is in the inbox is the interim one only.
        SoakLedger ledger = withCallbacks(new JsonArray()
                        .add(delivery("d-1", PARTIAL, attempt(1, T.plusSeconds(5), 200)))
                        .add(delivery("d-2", COMPLETED, attempt(1, T.plusSeconds(6), 200))),
                stored(PARTIAL, T.plusSeconds(5)));

        assertThat(ledger.callbacksAnswered2xx()).isEqualTo(2);
        assertThat(ledger.violations()).singleElement().asString()
                .contains(USER, "ESIGN COMPLETED/VALID/null of platform submission S1", "d-2", "answered 200", "inbox holds no such callback");
    }

    @Test
    void everyCallbackAnswered2xxInTheInboxIsNoViolation() {
        SoakLedger ledger = withCallbacks(new JsonArray()
                        .add(delivery("d-1", PARTIAL, attempt(1, T.plusSeconds(5), 202)))
                        .add(delivery("d-2", COMPLETED, attempt(1, T.plusSeconds(6), null),
                                attempt(2, T.plusSeconds(7), 503), attempt(3, T.plusSeconds(8), 200)))
                        // Sent again with the same body: the service answers 200 and names the first entry.
                        .add(delivery("d-3", COMPLETED, attempt(1, T.plusSeconds(9), 200))),
                stored(PARTIAL, T.plusSeconds(5)), stored(COMPLETED, T.plusSeconds(8)));

        assertThat(ledger.callbacksAnswered2xx()).isEqualTo(3);
        assertThat(ledger.violations()).isEmpty();
    }

    @Test
    void aCallbackNeverAnswered2xxNeedNotBeInTheInbox() {
        SoakLedger ledger = withCallbacks(new JsonArray()
                .add(delivery("d-1", COMPLETED, attempt(1, T.plusSeconds(6), null), attempt(2, T.plusSeconds(7), 503))));

        assertThat(ledger.callbacksAnswered2xx()).isZero();
        assertThat(ledger.violations()).isEmpty();
    }

    @Test
    void aCallbackStoredOnlyAfterTheAnswerOfAnEarlierDeliveryWasLostThen() {
        SoakLedger ledger = withCallbacks(new JsonArray()
                        .add(delivery("d-1", COMPLETED, attempt(1, T.plusSeconds(6), 200)))
                        .add(delivery("d-2", COMPLETED, attempt(1, T.plusSeconds(30), 200))),
                stored(COMPLETED, T.plusSeconds(30)));

        assertThat(ledger.violations()).singleElement().asString().contains("d-1", "holds it only from");
    }

    @Test
    void anInboxWithErasedBodiesIsAViolation() {
        SoakLedger ledger = withCallbacks(new JsonArray()
                        .add(delivery("d-1", COMPLETED, attempt(1, T.plusSeconds(6), 200))),
                stored(COMPLETED, T.plusSeconds(6)),
                new StoredCallbacks.Entry(Optional.empty(), T.plusSeconds(7), true));

        assertThat(ledger.violations()).singleElement().asString().contains("1 callback inbox entries", "erased");
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

    private static StoredCallbacks.Entry stored(StoredCallbacks.Report report, Instant receivedAt) {
        return new StoredCallbacks.Entry(Optional.of(report), receivedAt.plusMillis(3), false);
    }

    /** A delivery as the sandbox's control API shows it. */
    private static JsonObject delivery(String id, StoredCallbacks.Report report, JsonObject... attempts) {
        JsonArray all = new JsonArray();
        for (JsonObject attempt : attempts) {
            all.add(attempt);
        }
        Integer last = attempts[attempts.length - 1].getInteger("httpStatus");
        return new JsonObject().put("deliveryId", id).put("submissionId", report.submissionId())
                .put("channel", report.channel().toLowerCase(java.util.Locale.ROOT)).put("trigger", "AUTOMATIC")
                .put("status", report.status()).put("result", report.result()).put("reasonCode", report.reasonCode())
                .put("state", last != null && last / 100 == 2 ? "DELIVERED" : "PENDING")
                .put("createdAt", T.toString()).put("attempts", all);
    }

    private static JsonObject attempt(int number, Instant at, Integer httpStatus) {
        return new JsonObject().put("attempt", number).put("at", at.toString()).put("httpStatus", httpStatus)
                .put("error", httpStatus == null ? "CONNECTION_REFUSED" : null).put("durationMillis", 12);
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
