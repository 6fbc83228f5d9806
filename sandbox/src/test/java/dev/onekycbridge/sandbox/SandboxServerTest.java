package dev.onekycbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.sandbox.support.CallbackReceiver;
import dev.onekycbridge.sandbox.support.Eventually;
import dev.onekycbridge.sandbox.support.Http;
import dev.onekycbridge.sandbox.support.Platform;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class SandboxServerTest {

    @Test
    void itStartsOnAFreePortOfTheLoopbackInterface() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.defaults())) {
            assertThat(sandbox.port()).isPositive();
            assertThat(sandbox.baseUrl()).isEqualTo("http://127.0.0.1:" + sandbox.port());
            assertThat(new Http(sandbox.baseUrl()).get("/_sandbox/health").status()).isEqualTo(200);
        }
    }

    @Test
    void itStartsOnTheRequestedPortAndFreesItOnClose() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        SandboxServer sandbox = SandboxServer.start(SandboxOptions.defaults().withPort(port));
        assertThat(sandbox.port()).isEqualTo(port);

        sandbox.close();

        assertThatThrownBy(() -> new Http("http://127.0.0.1:" + port).get("/_sandbox/health"))
                .isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void itCanRunOnTheCallersVertxAndLeavesItOpen() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            SandboxServer sandbox = SandboxServer.start(vertx, SandboxOptions.defaults());
            assertThat(new Http(sandbox.baseUrl()).get("/_sandbox/health").status()).isEqualTo(200);

            sandbox.close();

            CompletableFuture<Boolean> timer = new CompletableFuture<>();
            vertx.setTimer(1, id -> timer.complete(true));
            assertThat(timer.get(2, TimeUnit.SECONDS)).isTrue();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    @Test
    void closingOnTheCallersVertxStopsProcessingAndCallbackRetries() throws Exception {
        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record.getLoggerName() + ": " + record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        Vertx vertx = Vertx.vertx();
        try (CallbackReceiver receiver = CallbackReceiver.start()) {
            receiver.answerAlways(500);
            SandboxConfig config = SandboxConfig.defaults().withProcessingDelayMillis(10)
                    .withCompletionDelayMillis(300).withCallbackRetry(new CallbackRetry(20, 30, 1_000))
                    .withCallback(CallbackChannel.ESIGN, CallbackTarget.post(receiver.url("/cb")));
            SandboxServer sandbox = SandboxServer.start(vertx, SandboxOptions.defaults().withConfig(config));
            new Platform(new Http(sandbox.baseUrl())).startCertReg(Platform.user(null));
            // PARTIALLY_COMPLETED is being retried and COMPLETED is still to come when the sandbox closes.
            receiver.awaitCount(1);

            sandbox.close();
            Eventually.pause(100);
            int sentBy = receiver.received().size();
            Eventually.pause(500);

            assertThat(receiver.received()).hasSize(sentBy);
            assertThat(warnings).isEmpty();
        } finally {
            root.removeHandler(capture);
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    @Test
    void itStartsWithoutBlockingFromAnEventLoop() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            CompletableFuture<SandboxServer> started = new CompletableFuture<>();
            CompletableFuture<Throwable> blockingRefused = new CompletableFuture<>();
            vertx.runOnContext(v -> {
                try {
                    SandboxServer.start(vertx, SandboxOptions.defaults());
                    blockingRefused.complete(null);
                } catch (IllegalStateException expected) {
                    blockingRefused.complete(expected);
                }
                SandboxServer.startAsync(vertx, SandboxOptions.defaults())
                        .onSuccess(started::complete).onFailure(started::completeExceptionally);
            });

            SandboxServer sandbox = started.get(5, TimeUnit.SECONDS);

            assertThat(blockingRefused.get(5, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
            assertThat(new Http(sandbox.baseUrl()).get("/_sandbox/health").status()).isEqualTo(200);
            sandbox.closeAsync().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    @Test
    void aBlockingStartRefusedOnAnEventLoopLeavesNothingListening() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        SandboxOptions options = SandboxOptions.defaults().withPort(port);
        Vertx vertx = Vertx.vertx();
        try {
            CompletableFuture<Throwable> refused = new CompletableFuture<>();
            vertx.runOnContext(v -> {
                try {
                    SandboxServer.start(vertx, options);
                    refused.complete(null);
                } catch (IllegalStateException expected) {
                    refused.complete(expected);
                }
            });
            assertThat(refused.get(5, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);

            // A server left listening by the refused start would share the port with this one, which Vert.x binds
            // once for both: so after this one has started and closed, the port comes free only if nothing leaked.
            // Polled, as Vert.x may unbind a moment after its close has completed.
            SandboxServer.start(vertx, options).close();

            assertThat(Eventually.await(() -> canBind(port), bound -> bound, Duration.ofSeconds(10))).isTrue();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    private static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // As Vert.x does: connections of earlier tests lingering in TIME_WAIT on the port do not count.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }

    @Test
    void aPublicBaseUrlIsWrittenIntoPresignedAndLaunchUrls() {
        SandboxOptions options = SandboxOptions.defaults().withPublicBaseUrl("https://sandbox.example.test/");
        try (SandboxServer sandbox = SandboxServer.start(options)) {
            Platform platform = new Platform(new Http(sandbox.baseUrl()));
            String token = platform.esignToken();

            String documentUrl = platform.certRegUrls(token, "user-1").data().getJsonObject("documents")
                    .getJsonObject("KTP").getString("documentUrl");
            String launchUrl = platform.initiateFlow(token, "user-1", Platform.session(), Platform.sivBody("WEB_SDK"))
                    .data().getString("launchUrl");

            assertThat(documentUrl).startsWith("https://sandbox.example.test/_objects/");
            assertThat(launchUrl).startsWith("https://sandbox.example.test/_sandbox/web-sdk/launch?token=");
        }
    }

    @Test
    void itStartsWithTheGivenConfiguration() {
        SandboxConfig config = SandboxConfig.defaults().withDefaultScenario(Scenario.PARTIAL_ONLY);
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.defaults().withConfig(config))) {
            assertThat(sandbox.control().config().defaultScenario()).isEqualTo(Scenario.PARTIAL_ONLY);
            assertThat(new Http(sandbox.baseUrl()).get("/_sandbox/config").json().getString("defaultScenario"))
                    .isEqualTo("PARTIAL_ONLY");
        }
    }

    @Test
    void optionsRefuseAPortOutOfRange() {
        assertThatThrownBy(() -> SandboxOptions.defaults().withPort(70_000))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void configurationValuesHideTheirSecretsWhenPrinted() {
        assertThat(SandboxConfig.defaults().toString()).doesNotContain("sandbox-pass-key");
        assertThat(CallbackTarget.post("http://x.example/cb").withAuthHeader("Authorization", "Bearer xyz").toString())
                .doesNotContain("xyz");
    }
}
