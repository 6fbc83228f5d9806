package dev.onekycbridge.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A submission whose stored personal data is damaged (one byte of its ciphertext flipped) under the data key the
 * service is configured with: no instance reads it, so the partner is not told to send the request again for a key
 * that is there, and a callback about it does not stay parked, its body kept past the retention purge.
 */
class DamagedStoredDataTest {
    /** Short enough for the test to see it pass, long enough for the callback to be tried within it first. */
    private static final Duration MATCH_WINDOW = Duration.ofSeconds(3);

    @Test
    void aDamagedSubmissionIsA500AndACallbackAboutItIsKeptAsUnmatchedOnceTheMatchWindowHasPassed() throws Exception {
        TestDatabase database = TestDatabase.sqlite();
        try (BridgeHarness bridge = BridgeHarness.start(database, Map.of())) {
            String id = bridge.registered("damaged-user");
            String platformId = bridge.awaitFinal(id).getString("submissionId");
            // A fresh service, which has not read the submission since it was stored, and which gives up on a
            // callback soon.
            bridge.stopService();
            flipAByteOfPersonalData(database, id);
            bridge.startService(builder -> builder.workflowSettings(BridgeHarness.FAST.withMatchWindow(MATCH_WINDOW)));

            HttpResponse<String> read = bridge.get("/v1/submissions/" + id);

            assertThat(read.statusCode()).isEqualTo(500);
            assertThat(read.headers().firstValue("Retry-After")).isEmpty();
            JsonObject problem = new JsonObject(read.body());
            assertThat(problem.getString("detail")).contains("stored data").contains("damaged")
                    .doesNotContain("data key");
            assertThat(read.body()).doesNotContain(database.dataKey());

            long before = latestCallback(database);
            HttpResponse<String> callback = bridge.send(HttpRequest.newBuilder(URI.create(bridge.base()
                            + "/callbacks/esign")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("submissionId", platformId)
                            .put("status", "COMPLETED").put("result", "INVALID").encode())));
            assertThat(callback.statusCode()).isEqualTo(200);
            long entry = latestCallback(database);
            assertThat(entry).as("stored as a new entry").isGreaterThan(before);

            String settled = awaitSettled(database, entry, Duration.ofSeconds(60));
            assertThat(settled).startsWith("UNMATCHED ").contains("damaged");
        }
    }

    private static void flipAByteOfPersonalData(TestDatabase database, String id) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.url());
             PreparedStatement read = connection.prepareStatement("select personal from submissions where id = ?");
             PreparedStatement write = connection.prepareStatement(
                     "update submissions set personal = ? where id = ?")) {
            read.setString(1, id);
            byte[] personal;
            try (ResultSet row = read.executeQuery()) {
                assertThat(row.next()).isTrue();
                personal = row.getBytes(1);
            }
            personal[personal.length / 2] ^= 1;
            write.setBytes(1, personal);
            write.setString(2, id);
            assertThat(write.executeUpdate()).isEqualTo(1);
        }
    }

    private static long latestCallback(TestDatabase database) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.url());
             ResultSet row = connection.createStatement()
                     .executeQuery("select coalesce(max(id), 0) from callback_inbox")) {
            row.next();
            return row.getLong(1);
        }
    }

    /** Polls the entry until it leaves PENDING and PARKED: its state and reason, e.g. "UNMATCHED its ...". */
    private static String awaitSettled(TestDatabase database, long entry, Duration timeout) throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            try (Connection connection = DriverManager.getConnection(database.url());
                 PreparedStatement select = connection.prepareStatement(
                         "select state, last_error from callback_inbox where id = ?")) {
                select.setLong(1, entry);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    last = row.getString(1) + " " + row.getString(2);
                    if (!last.startsWith("PENDING") && !last.startsWith("PARKED")) {
                        return last;
                    }
                }
            }
            BridgeHarness.sleep(200);
        }
        throw new AssertionError("callback " + entry + " was not settled in " + timeout + "; last: " + last);
    }
}
