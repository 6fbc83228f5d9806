package dev.onekycbridge.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.adapter.persistence.CallbackInboxRows;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The callback receivers of a service configured with callback auth and an IP allow-list, end to end. */
class CallbackSecurityTest {
    static final String AUTH = "Bearer callback-secret-e2e";
    private BridgeHarness bridge;

    @BeforeEach
    void start() {
        bridge = BridgeHarness.start(TestDatabase.sqlite(),
                Map.of("BRIDGE_CALLBACK_AUTH", AUTH, "BRIDGE_CALLBACK_ALLOWED_IPS", "127.0.0.0/8, ::1/128"));
    }

    @AfterEach
    void stop() {
        bridge.close();
    }

    private HttpResponse<String> callback(String auth, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(bridge.base() + "/callbacks/esign"))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            request.header("Authorization", auth);
        }
        return bridge.send(request);
    }

    private static String callbackOf(String submissionId) {
        return new JsonObject().put("submissionId", submissionId).put("status", "COMPLETED").put("result", "VALID")
                .encode();
    }

    @Test
    void callbacksWithoutTheRightAuthorizationAreRefusedAndAuthorizedOnesStored() {
        String authorized = "authorized-1";
        String plainText = "{not json, sent as text";
        String notJson = "{not json";
        String noSubmission = "{\"status\":\"COMPLETED\"}";

        assertThat(callback(null, "application/json", callbackOf("refused-no-auth")).statusCode()).isEqualTo(401);
        assertThat(callback("Bearer wrong", "application/json", callbackOf("refused-wrong-auth")).statusCode())
                .isEqualTo(401);
        assertThat(callback(AUTH, "text/plain", plainText).statusCode()).as("the body decides, not its type")
                .isEqualTo(400);
        assertThat(callback(AUTH, "application/json", notJson).statusCode()).isEqualTo(400);
        assertThat(callback(AUTH, "application/json", noSubmission).statusCode()).isEqualTo(400);
        assertThat(callback(AUTH, "application/json", "{\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}")
                .statusCode()).isEqualTo(413);
        assertThat(callback(AUTH, "application/json", callbackOf(authorized)).statusCode()).isEqualTo(200);
        assertThat(callback(AUTH, "application/json", callbackOf(authorized)).statusCode()).isEqualTo(200);

        // The inbox is written before the answer: it holds now all it ever will of these. Refused for their
        // Authorization or their size: nothing. Authorized but not a result message: kept as rejected for audit.
        List<CallbackInboxRows.Row> inbox = CallbackInboxRows.read(bridge.database.url(), bridge.database.dataKey());
        assertThat(inbox).extracting(CallbackInboxRows.Row::body)
                .noneMatch(body -> body.contains("refused-") || body.contains("\"pad\""));
        assertThat(inbox).filteredOn(row -> "REJECTED".equals(row.state())).extracting(CallbackInboxRows.Row::body)
                .containsExactlyInAnyOrder(plainText, notJson, noSubmission);
        assertThat(inbox).filteredOn(row -> !"REJECTED".equals(row.state())).as("the authorized callback")
                .isNotEmpty().allSatisfy(row -> assertThat(row.body()).isEqualTo(callbackOf(authorized)));
    }

    @Test
    void theSandboxsAuthorizedCallbacksStillFinishRegistrations() {
        JsonObject done = bridge.awaitFinal(bridge.registered(EndToEndScenarios.user(null)));

        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(EndToEndScenarios.transitions(done)).contains("COMPLETED@CALLBACK");
    }
}
