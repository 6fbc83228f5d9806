package dev.onekycbridge.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A service that accepts callbacks only from a range the test's loopback address is not in. */
class CallbackAllowListTest {
    private BridgeHarness bridge;

    @BeforeEach
    void start() {
        bridge = BridgeHarness.start(TestDatabase.sqlite(), Map.of("BRIDGE_CALLBACK_ALLOWED_IPS", "10.0.0.0/8"));
    }

    @AfterEach
    void stop() {
        bridge.close();
    }

    @Test
    void aCallbackFromOutsideTheAllowedRangesIsForbidden() {
        var response = bridge.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(bridge.base() + "/callbacks/coe"))
                .header("Content-Type", "application/json")
                .method("PUT", java.net.http.HttpRequest.BodyPublishers.ofString("{\"submissionId\":\"x\"}")));

        assertThat(response.statusCode()).isEqualTo(403);
    }
}
