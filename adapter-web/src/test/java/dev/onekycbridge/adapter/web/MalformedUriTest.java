package dev.onekycbridge.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A URI the router cannot decode is a problem like any other, and costs the log no stack trace. */
class MalformedUriTest extends VertxTest {
    private CapturedLogs logs;
    private TestBridge bridge;

    @BeforeEach
    void start() {
        logs = CapturedLogs.start();
        bridge = TestBridge.start(vertx);
    }

    @AfterEach
    void stop() {
        bridge.close();
        logs.close();
    }

    @Test
    void aMalformedPercentEscapeIsAProblem400WithoutAStackTraceInTheLog() {
        for (String path : List.of("/v1/submissions/%zz", "/health/%zz", "/v1/submissions/" + UUID.randomUUID()
                + "?x=%zz", "/v1/submissions?partnerUserId=%zz", "/%")) {
            HttpResponseData response = bridge.getRaw(path);

            assertThat(response.status()).as(path).isEqualTo(400);
            assertThat(response.contentType()).as(path).startsWith("application/problem+json");
            assertThat(response.json().getString("type")).isEqualTo("urn:onekyc-bridge:problem:malformed-request");
        }
        assertThat(logs.records()).noneSatisfy(record -> assertThat(record.getLevel().intValue())
                .isGreaterThanOrEqualTo(Level.WARNING.intValue()));
        assertThat(logs.records()).allSatisfy(record -> {
            assertThat(record.getThrown()).isNull();
            assertThat(record.getMessage()).doesNotContain("%zz");
        });
    }
}
