package dev.onekycbridge.adapter.web.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.testing.TestData;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One test per production bug the web fuzz found, each keeping its fix in place: the smallest request that once
 * got a 500 where the contract says 400, and must change nothing.
 */
class KnownWebBugsTest {
    private static Vertx vertx;
    private FuzzBridge bridge;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void start() {
        bridge = FuzzBridge.start(vertx);
    }

    @AfterEach
    void stop() {
        bridge.close();
    }

    @Test
    void aDetailsFilePartThatIsNotUtf8IsA400() {
        byte[] details = "{\"partnerUserId\":\"u-\u00ff\",\"partnerUserIdType\":\"CLIENT_X_USER_ID\"}"
                .getBytes(StandardCharsets.ISO_8859_1);
        MultipartBody form = new MultipartBody(1)
                .file("details", "details.json", "application/json", details)
                .file("ktp", "ktp.jpg", "image/jpeg", TestData.jpeg(4096));

        FuzzBridge.Answer answer = bridge.send("POST", "/v1/ktp-scans", form.contentType(), form.bytes());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(bridge.store.all()).isEmpty();
    }

    @Test
    void aNumberBeyondTheDoubleRangeIsA400() {
        FuzzBridge.Answer answer = bridge.send("POST", "/v1/identity-verifications", "application/json", """
                {"partnerUserId":"u-1","partnerUserIdType":"CLIENT_X_USER_ID","phoneNumber":1e400,
                 "dataVerification":{"phoneNumber":{"isVerified":true,"verificationReferenceId":"otp-1"}},
                 "source":"SDK"}
                """.getBytes(StandardCharsets.UTF_8));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(bridge.store.all()).isEmpty();
    }
}
