package dev.onekycbridge.adapter.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A server with the default configuration and in-memory ports, started for each test on the class's Vert.x. */
abstract class BridgeTest extends VertxTest {
    TestBridge bridge;

    @BeforeEach
    void startBridge() {
        bridge = TestBridge.start(vertx);
    }

    @AfterEach
    void stopBridge() {
        bridge.close();
    }
}
