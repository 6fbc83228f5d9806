package dev.onekycbridge.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.adapter.onekyc.OneKycClient;
import dev.onekycbridge.app.OneKycBridge;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A KTP scan whose confirm reached the platform but whose answer was lost on the way back. The client sends the
 * confirm again after its backoff, and COE answers a duplicate confirm 409 {@code SUBMISSION_STATE_CONFLICT} (onekyc-api.md
 * §6.4), as the sandbox does. That refusal is of the duplicate, not of the scan: the driver asks the platform
 * before confirming again, finds the scan confirmed, and it completes, confirmed once.
 */
class LostConfirmAnswerTest {
    private static final String COE_CONFIRM = "/coe/v1/submissions/urls";

    private BridgeHarness bridge;
    private OneKycClient client;
    /** The status of every COE confirm the platform answered, the lost answer's too. */
    private final List<Integer> confirmAnswers = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
        if (client != null) {
            client.close();
        }
    }

    @Test
    void aKtpScanWhoseConfirmAnswerWasLostIsConfirmedOnceAndCompletes() throws InterruptedException {
        bridge = BridgeHarness.start(TestDatabase.sqlite(), Map.of());
        bridge.stopService();
        client = OneKycClient.create(OneKycBridge.clientConfig(bridge.config(), Clock.systemUTC())
                .withInterceptor(losingTheFirstConfirmAnswer()));
        bridge.startService(builder -> builder.platform(client, client, client));

        HttpResponse<String> response = bridge.postMultipart("/v1/ktp-scans", new JsonObject()
                        .put("partnerUserId", EndToEndScenarios.user(null)).put("partnerUserIdType", "CLIENT_X_USER_ID")
                        .encode(),
                Map.of("ktp", dev.onekycbridge.core.testing.TestData.jpeg(20_000)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonObject done = bridge.awaitFinal(new JsonObject(response.body()).getString("id"));

        assertThat(done.getString("status")).as(done.encode()).isEqualTo("COMPLETED");
        assertThat(done.getString("result")).isEqualTo("VALID");
        // The platform's callback may complete the scan while the client still waits out its backoff before the
        // repeat: the repeat comes all the same.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (confirmAnswers.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(confirmAnswers).as("the lost answer, then the platform's answer to the duplicate")
                .containsExactly(200, 409);
        assertThat(bridge.sandboxSubmission(done.getString("submissionId")).getInteger("confirmCount"))
                .isEqualTo(1);
    }

    /** Lets the first COE confirm through to the platform, then drops its answer as a broken connection would. */
    private Interceptor losingTheFirstConfirmAnswer() {
        return chain -> {
            Response response = chain.proceed(chain.request());
            // Under the gateway host's prefix when the bridge runs against the sandbox.
            String path = chain.request().url().encodedPath();
            if (chain.request().method().equals("PUT") && path.endsWith(COE_CONFIRM)) {
                confirmAnswers.add(response.code());
                if (confirmAnswers.size() == 1) {
                    response.close();
                    throw new IOException("connection closed before the answer");
                }
            }
            return response;
        };
    }
}
