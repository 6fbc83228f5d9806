package dev.onekycbridge.adapter.web.fuzz;

import dev.onekycbridge.adapter.web.BridgeWebServer;
import dev.onekycbridge.adapter.web.Metrics;
import dev.onekycbridge.adapter.web.ReadinessCheck;
import dev.onekycbridge.adapter.web.WebConfig;
import dev.onekycbridge.adapter.web.WebPorts;
import dev.onekycbridge.core.callback.InboxEntry;
import dev.onekycbridge.core.callback.InboxState;
import dev.onekycbridge.core.document.DocumentInspector;
import dev.onekycbridge.core.document.DocumentLimits;
import dev.onekycbridge.core.port.out.SubmissionEventPublisher;
import dev.onekycbridge.core.service.CallbackService;
import dev.onekycbridge.core.service.IdentityVerificationService;
import dev.onekycbridge.core.service.RequestValidator;
import dev.onekycbridge.core.service.StartSubmissionService;
import dev.onekycbridge.core.service.SubmissionDriver;
import dev.onekycbridge.core.service.SubmissionQueryService;
import dev.onekycbridge.core.service.WorkflowSettings;
import dev.onekycbridge.core.testing.FakeOneKycPlatform;
import dev.onekycbridge.core.testing.InMemoryCallbackInbox;
import dev.onekycbridge.core.testing.InMemoryStagedDocuments;
import dev.onekycbridge.core.testing.InMemorySubmissionStore;
import dev.onekycbridge.core.testing.MutableClock;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The real web server on a loopback port, wired to the real core services over the core's in-memory ports, as
 * a partner and the platform reach it: the store, the staged images and the inbox are open to the test, which
 * compares them before and after each request.
 */
final class FuzzBridge implements AutoCloseable {
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    final MutableClock clock = new MutableClock(NOW);
    final InMemorySubmissionStore store = new InMemorySubmissionStore();
    final InMemoryStagedDocuments staged = new InMemoryStagedDocuments();
    final InMemoryCallbackInbox inbox = new InMemoryCallbackInbox();
    final Metrics metrics = new Metrics();
    final FakeOneKycPlatform platform = new FakeOneKycPlatform(clock);
    final SubmissionEventPublisher publisher = metrics::onEvent;
    final RequestValidator validator = new RequestValidator(clock, new DocumentInspector(DocumentLimits.DEFAULT));
    final StartSubmissionService starts = new StartSubmissionService(validator, store, staged, publisher, clock);
    final SubmissionDriver driver = new SubmissionDriver(platform, platform, store, store, staged, publisher, metrics,
            clock, new Random(7), WorkflowSettings.DEFAULT, "web-fuzz");
    final IdentityVerificationService identityVerifications = new IdentityVerificationService(validator, store,
            driver, publisher, clock, WorkflowSettings.DEFAULT);
    final CallbackService callbacks = new CallbackService(inbox, new ContractDecoder(), store, staged, publisher,
            metrics, clock, new Random(7), WorkflowSettings.DEFAULT);
    final SubmissionQueryService queries = new SubmissionQueryService(store, store);

    private final Path uploads;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private BridgeWebServer server;

    private FuzzBridge() {
        try {
            uploads = Files.createTempDirectory("onekyc-web-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static FuzzBridge start(Vertx vertx) {
        FuzzBridge bridge = new FuzzBridge();
        WebConfig config = WebConfig.defaults().withHost("127.0.0.1").withPort(0)
                .withUploadsDirectory(bridge.uploads).withWorkerPoolSize(4)
                .withImageSizeLimit(256 * 1024).withRequestBodyLimit(2 * 1024 * 1024);
        WebPorts ports = new WebPorts(bridge.starts, bridge.starts, bridge.identityVerifications, bridge.callbacks,
                bridge.queries, bridge.queries, bridge.store, ReadinessCheck.alwaysReady(), bridge.metrics);
        try {
            bridge.server = BridgeWebServer.start(vertx, config, ports).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the server did not start", e);
        }
        return bridge;
    }

    /** What a request got back. */
    record Answer(int status, String contentType, String body) {
    }

    Answer send(String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    new String(response.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The state a request must not change unless it is accepted. */
    record State(int submissions, int staged, Map<InboxState, Integer> inbox, int inboxEntries) {
    }

    State state() {
        Map<InboxState, Integer> byState = new EnumMap<>(InboxState.class);
        int entries = 0;
        for (InboxEntry entry : inbox.all()) {
            byState.merge(entry.state(), 1, Integer::sum);
            entries++;
        }
        return new State(store.all().size(), staged.count(), byState, entries);
    }

    Path uploadsDirectory() {
        return uploads;
    }

    @Override
    public void close() {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the server did not stop", e);
        }
        try (var files = Files.walk(uploads)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory
        }
    }
}
