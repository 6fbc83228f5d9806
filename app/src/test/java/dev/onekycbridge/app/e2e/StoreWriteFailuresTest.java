package dev.onekycbridge.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Writes that fail while reads still work (on a full disk, a file made read-only) take the service out of
 * readiness and are counted, and readiness comes back once a write succeeds again. A trigger failing every
 * write of a table stands in for the disk: the database fails the write itself, as SQLite does on a full one.
 */
class StoreWriteFailuresTest {
    private static final String AUTH = "Bearer write-failures";

    @Test
    void theServiceIsNotReadyWhileItsStoreRefusesWritesAndCountsThem() throws Exception {
        TestDatabase database = TestDatabase.sqlite();
        try (BridgeHarness bridge = BridgeHarness.start(database, Map.of("BRIDGE_CALLBACK_AUTH", AUTH))) {
            assertThat(bridge.get("/health/ready").statusCode()).isEqualTo(200);
            refuseWrites(database, true);

            assertThat(callback(bridge).statusCode()).as("not stored, so not acknowledged").isEqualTo(503);

            HttpResponse<String> ready = bridge.get("/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            JsonObject details = new JsonObject(ready.body()).getJsonObject("details");
            assertThat(details.getString("database")).isEqualTo("reachable");
            assertThat(details.getString("writes")).startsWith("failing: ");
            assertThat(bridge.get("/metrics").body())
                    .containsPattern("onekyc_bridge_store_write_failures_total\\{target=\"database\"} [2-9]");

            refuseWrites(database, false);
            assertThat(bridge.get("/health/ready").statusCode()).isEqualTo(200);
            assertThat(callback(bridge).statusCode()).isEqualTo(200);
        }
    }

    private static HttpResponse<String> callback(BridgeHarness bridge) {
        String json = new JsonObject().put("submissionId", "unknown-1").put("status", "COMPLETED")
                .put("result", "VALID").encode();
        return bridge.send(HttpRequest.newBuilder(URI.create(bridge.base() + "/callbacks/esign"))
                .header("Content-Type", "application/json").header("Authorization", AUTH)
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** SQLite fails a statement whose trigger reads malformed JSON as it runs. */
    private static void refuseWrites(TestDatabase database, boolean refuse) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.url());
             Statement statement = connection.createStatement()) {
            for (String table : new String[] {"callback_inbox", "schema_version"}) {
                for (String event : new String[] {"insert", "update"}) {
                    String trigger = "refuse_" + event + "_" + table;
                    statement.execute(refuse ? "create trigger " + trigger + " before " + event + " on " + table
                            + " begin select json('{'); end" : "drop trigger " + trigger);
                }
            }
        }
    }
}
