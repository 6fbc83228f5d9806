package dev.onekycbridge.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Closing the server (the service's graceful shutdown) takes no new connections but lets the requests in flight
 * be answered: a callback being stored, or a registration being accepted, must not lose its answer.
 */
class ServerCloseTest extends VertxTest {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final CountDownLatch arrived = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private TestBridge bridge;
    private BridgeWebServer server;
    private Path uploads;

    @BeforeEach
    void start() throws Exception {
        bridge = TestBridge.start(vertx);
        WebPorts base = bridge.ports();
        WebPorts slowCallbacks = new WebPorts(base.startCertificateRegistration(), base.startKtpScan(),
                base.startIdentityVerification(), (channel, body) -> {
                    arrived.countDown();
                    try {
                        release.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return base.acceptCallback().accept(channel, body);
                }, base.getSubmission(), base.listSubmissions(), base.catalog(), base.callbacksWaiting(),
                base.readiness(), base.metrics());
        uploads = Files.createTempDirectory("onekyc-web-close");
        server = BridgeWebServer.start(vertx, WebConfig.defaults().withHost("127.0.0.1").withPort(0)
                .withUploadsDirectory(uploads), slowCallbacks).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        release.countDown();
        try {
            bridge.close();
        } finally {
            deleteQuietly(uploads);
        }
    }

    /** A temporary folder, as far as it can be deleted: what is left the system's cleaner removes in time. */
    private static void deleteQuietly(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Left behind: it fails no test.
        }
    }

    @Test
    void aCallbackBeingStoredWhenTheServerClosesIsStillAnswered() throws Exception {
        int port = server.port();
        HttpRequest callback = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/callbacks/esign"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"submissionId\":\"" + UUID.randomUUID() + "\",\"status\":\"COMPLETED\",\"result\":\"VALID\"}"))
                .build();
        CompletableFuture<HttpResponse<String>> answer = http.sendAsync(callback, HttpResponse.BodyHandlers.ofString());
        assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> closed = server.close().toCompletionStage().toCompletableFuture();
        // The close has begun while the callback is being stored: once the listener is let go, which may take a
        // busy machine a while, a new connection is refused.
        assertThat(newConnectionRefusedWithin(port, Duration.ofSeconds(10))).as("no new connection is taken")
                .isTrue();
        release.countDown();

        HttpResponse<String> response = answer.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        closed.get(10, TimeUnit.SECONDS);
        assertThat(bridge.inbox.all()).hasSize(1);
    }

    /** Whether a request on a new connection fails, tried until it does or the time is up. */
    private static boolean newConnectionRefusedWithin(int port, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        do {
            try {
                // A client of its own each time: a connection kept alive from an earlier try would be no new one.
                HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/health/live")).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.ofString());
            } catch (HttpTimeoutException e) {
                // Taken but not answered in time: not a refusal.
            } catch (IOException e) {
                return true;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return false;
    }
}
