package dev.onekycbridge.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    @Test
    void callbacksWithoutTheRightAuthorizationAreRefusedAndAuthorizedOnesStored() {
        String json = new JsonObject().put("submissionId", "unknown-1").put("status", "COMPLETED")
                .put("result", "VALID").encode();

        assertThat(callback(null, "application/json", json).statusCode()).isEqualTo(401);
        assertThat(callback("Bearer wrong", "application/json", json).statusCode()).isEqualTo(401);
        assertThat(callback(AUTH, "text/plain", "{not json").statusCode()).as("the body decides, not its type")
                .isEqualTo(400);
        assertThat(callback(AUTH, "application/json", "{not json").statusCode()).isEqualTo(400);
        assertThat(callback(AUTH, "application/json", "{\"status\":\"COMPLETED\"}").statusCode()).isEqualTo(400);
        assertThat(callback(AUTH, "application/json", "{\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}")
                .statusCode()).isEqualTo(413);
        assertThat(callback(AUTH, "application/json", json).statusCode()).isEqualTo(200);
        assertThat(callback(AUTH, "application/json", json).statusCode()).isEqualTo(200);
    }

    @Test
    void theSandboxsAuthorizedCallbacksStillFinishRegistrations() {
        JsonObject done = bridge.awaitFinal(bridge.registered(EndToEndScenarios.user(null)));

        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(EndToEndScenarios.transitions(done)).contains("COMPLETED@CALLBACK");
    }
}
