package dev.onekycbridge.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.benchmarks.load.BareCallbackServer;
import dev.onekycbridge.benchmarks.pipeline.PlatformCalls;
import dev.onekycbridge.sandbox.SandboxConfig;
import dev.onekycbridge.sandbox.SandboxOptions;
import dev.onekycbridge.sandbox.SandboxServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The baselines of the load benchmarks work: the bare route answers, the direct client completes a registration. */
class LoadDriversTest {

    @Test
    void theBareRouteAnswers200ToACallbackAnd400ToAnythingElse() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            HttpServer server = BareCallbackServer.start(vertx, "127.0.0.1", 0).toCompletionStage()
                    .toCompletableFuture().get();
            HttpClient http = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + server.actualPort() + "/callbacks/esign");

            HttpResponse<String> ok = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Payloads.uniqueCertRegCallback())).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> bad = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{not json")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo("{\"status\":\"ok\"}");
            assertThat(bad.statusCode()).isEqualTo(400);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    @Test
    void theDirectClientCompletesARegistrationThatTheSandboxAccepts() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.defaults())) {
            PlatformCalls calls = new PlatformCalls(sandbox.baseUrl(), SandboxConfig.DEFAULT_CLIENT_ID,
                    SandboxConfig.DEFAULT_PASS_KEY, SandboxConfig.CERT_REG_PARTNER);

            String submissionId = calls.register("direct-test-user", Fixtures.jpeg(20_000), Fixtures.png(20_000));

            assertThat(submissionId).isNotBlank();
        }
    }
}
