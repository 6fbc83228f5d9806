package dev.onekycbridge.adapter.web;

import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.callback.InboxAppend;
import dev.onekycbridge.core.callback.InboxBacklog;
import dev.onekycbridge.core.callback.InboxEntry;
import dev.onekycbridge.core.callback.InboxState;
import dev.onekycbridge.core.document.DocumentInspector;
import dev.onekycbridge.core.document.DocumentLimits;
import dev.onekycbridge.core.port.in.AcceptCallbackUseCase;
import dev.onekycbridge.core.port.in.GetSubmissionUseCase;
import dev.onekycbridge.core.port.in.ListSubmissionsUseCase;
import dev.onekycbridge.core.port.in.StartCertificateRegistrationUseCase;
import dev.onekycbridge.core.port.in.StartIdentityVerificationUseCase;
import dev.onekycbridge.core.port.in.StartKtpScanUseCase;
import dev.onekycbridge.core.port.out.CallbackInbox;
import dev.onekycbridge.core.port.out.PurgeCandidate;
import dev.onekycbridge.core.port.out.SubmissionCatalog;
import dev.onekycbridge.core.port.out.SubmissionEventPublisher;
import dev.onekycbridge.core.port.out.SubmissionPage;
import dev.onekycbridge.core.port.out.SubmissionQuery;
import dev.onekycbridge.core.service.CallbackService;
import dev.onekycbridge.core.service.IdentityVerificationService;
import dev.onekycbridge.core.service.InlineLaunches;
import dev.onekycbridge.core.service.RequestValidator;
import dev.onekycbridge.core.service.StartSubmissionService;
import dev.onekycbridge.core.service.SubmissionDriver;
import dev.onekycbridge.core.service.SubmissionQueryService;
import dev.onekycbridge.core.service.WorkflowSettings;
import dev.onekycbridge.core.submission.SubmissionId;
import dev.onekycbridge.core.submission.SubmissionStatus;
import dev.onekycbridge.core.testing.FakeOneKycPlatform;
import dev.onekycbridge.core.testing.InMemoryCallbackInbox;
import dev.onekycbridge.core.testing.InMemoryStagedDocuments;
import dev.onekycbridge.core.testing.InMemorySubmissionStore;
import dev.onekycbridge.core.testing.MutableClock;
import dev.onekycbridge.core.testing.RecordingEventPublisher;
import io.vertx.core.Context;
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
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The web adapter on a free loopback port, wired to the real core services over in-memory ports, with a real
 * HTTP client. Every use-case call is recorded with whether it ran on an event-loop thread.
 */
final class TestBridge implements AutoCloseable {
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    final MutableClock clock = new MutableClock(NOW);
    final InMemorySubmissionStore store = new InMemorySubmissionStore();
    /** The store as the services read it: a test can damage a stored submission in it. */
    final DamageableStore storePort = new DamageableStore(store);
    final InMemoryStagedDocuments staged = new InMemoryStagedDocuments();
    final InMemoryCallbackInbox inbox = new InMemoryCallbackInbox();
    final SwitchableInbox inboxPort = new SwitchableInbox(inbox);
    final RecordingEventPublisher events = new RecordingEventPublisher();
    final Metrics metrics = new Metrics();
    final FakeOneKycPlatform platform = new FakeOneKycPlatform(clock);
    final SubmissionEventPublisher publisher = event -> {
        events.publish(event);
        metrics.onEvent(event);
    };
    final RequestValidator validator = new RequestValidator(clock, new DocumentInspector(DocumentLimits.DEFAULT));
    final StartSubmissionService starts = new StartSubmissionService(validator, storePort, staged, publisher, clock);
    final SubmissionDriver driver = new SubmissionDriver(platform, platform, storePort, store, staged, publisher,
            metrics, clock, new Random(7), WorkflowSettings.DEFAULT, "web-test");
    /** Where the starts' launches run: on the start's own worker unless a test bounds them. */
    final InlineLaunches launches;
    final IdentityVerificationService identityVerifications;
    final CallbackService callbacks = new CallbackService(inboxPort, new JsonMessageDecoder(), storePort, staged,
            publisher, metrics, clock, new Random(7), WorkflowSettings.DEFAULT, driver);
    final SubmissionQueryService queries = new SubmissionQueryService(storePort, store);

    /** One line per use-case call: its name and whether it ran on an event-loop thread. */
    final List<String> useCaseThreads = new CopyOnWriteArrayList<>();
    volatile ReadinessCheck readiness = ReadinessCheck.alwaysReady();
    /** When set, the next use-case call throws this instead of running. */
    volatile RuntimeException nextUseCaseFailure;
    /** When set, every read of the store for the metrics (submission counts, waiting callbacks) throws this. */
    volatile RuntimeException metricsReadFailure;
    /** When set, the metrics' reads wait for it (a count of a large table on a busy database). */
    volatile CountDownLatch metricsReadsHeld;
    /** How many metrics' reads are waiting for {@link #metricsReadsHeld}. */
    final AtomicInteger metricsReadsWaiting = new AtomicInteger();
    /** How long every use-case call takes first, as one waiting for the platform would. */
    volatile Duration useCaseDelay = Duration.ZERO;
    /** When set, every read of a submission by id waits for it to open first (a partner request that takes long). */
    volatile CountDownLatch submissionReadsHeld;
    /** How many reads of a submission by id are waiting for {@link #submissionReadsHeld}. */
    final AtomicInteger submissionReadsWaiting = new AtomicInteger();

    private final Path uploads;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private BridgeWebServer server;

    private TestBridge(InlineLaunches launches) {
        this.launches = launches;
        this.identityVerifications = new IdentityVerificationService(validator, storePort, driver, publisher, clock,
                WorkflowSettings.DEFAULT, launches);
        try {
            uploads = Files.createTempDirectory("onekyc-web-uploads");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TestBridge start(Vertx vertx) {
        return start(vertx, config -> config);
    }

    static TestBridge start(Vertx vertx, UnaryOperator<WebConfig> configure) {
        return start(vertx, configure, InlineLaunches.onTheCaller());
    }

    /** A bridge whose identity verification starts launch on {@code launches}, which it closes with itself. */
    static TestBridge start(Vertx vertx, UnaryOperator<WebConfig> configure, InlineLaunches launches) {
        TestBridge bridge = new TestBridge(launches);
        WebConfig config = configure.apply(WebConfig.defaults()
                .withHost("127.0.0.1")
                .withPort(0)
                .withUploadsDirectory(bridge.uploads)
                .withWorkerPoolSize(4));
        try {
            bridge.server = BridgeWebServer.start(vertx, config, bridge.ports())
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the server did not start", e);
        }
        return bridge;
    }

    WebPorts ports() {
        return new WebPorts(
                (StartCertificateRegistrationUseCase) command -> record("startCertificateRegistration",
                        () -> starts.startCertificateRegistration(command)),
                (StartKtpScanUseCase) command -> record("startKtpScan", () -> starts.startKtpScan(command)),
                (StartIdentityVerificationUseCase) command -> record("startIdentityVerification",
                        () -> identityVerifications.startIdentityVerification(command)),
                (AcceptCallbackUseCase) (channel, body) -> record("acceptCallback",
                        () -> callbacks.accept(channel, body)),
                (GetSubmissionUseCase) id -> record("getSubmission", () -> {
                    awaitSubmissionReads();
                    return queries.getSubmission(id);
                }),
                (ListSubmissionsUseCase) query -> record("listSubmissions", () -> queries.listSubmissions(query)),
                new RecordingCatalog(),
                () -> record("inbox.waiting", () -> readForMetrics(inboxPort::waiting)),
                () -> record("readiness", () -> readiness.check()),
                metrics);
    }

    private <T> T record(String name, java.util.function.Supplier<T> call) {
        useCaseThreads.add(name + " onEventLoop=" + Context.isOnEventLoopThread());
        if (!useCaseDelay.isZero()) {
            try {
                Thread.sleep(useCaseDelay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        RuntimeException failure = nextUseCaseFailure;
        if (failure != null) {
            nextUseCaseFailure = null;
            throw failure;
        }
        return call.get();
    }

    private void awaitSubmissionReads() {
        waitWhileHeld(submissionReadsHeld, submissionReadsWaiting);
    }

    /** Waits for {@code held}, if set (for 30 s at most), counted in {@code waiting} meanwhile. */
    private static void waitWhileHeld(CountDownLatch held, AtomicInteger waiting) {
        if (held == null) {
            return;
        }
        waiting.incrementAndGet();
        try {
            held.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            waiting.decrementAndGet();
        }
    }

    private <T> T readForMetrics(java.util.function.Supplier<T> read) {
        RuntimeException failure = metricsReadFailure;
        if (failure != null) {
            throw failure;
        }
        waitWhileHeld(metricsReadsHeld, metricsReadsWaiting);
        return read.get();
    }

    /**
     * Sends {@code requests} reads of unknown submissions and returns once {@code workers} of them hold the partner
     * API's workers, waiting in the store; they are let go when the returned handle closes.
     */
    HeldWorkers holdPartnerWorkers(int requests, int workers) throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        submissionReadsHeld = release;
        return HeldWorkers.hold(requests, () -> get("/v1/submissions/" + UUID.randomUUID()),
                submissionReadsWaiting, workers, release);
    }

    /** The same for the metrics' workers, held by {@code requests} scrapes whose reads wait in the store. */
    HeldWorkers holdMetricsWorkers(int requests, int workers) throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        metricsReadsHeld = release;
        return HeldWorkers.hold(requests, () -> get("/metrics"), metricsReadsWaiting, workers, release);
    }

    int port() {
        return server.port();
    }

    Path uploadsDirectory() {
        return uploads;
    }

    // ---- requests ----

    HttpResponseData get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    HttpResponseData postJson(String path, String json, String... headers) {
        return send("POST", path, json.getBytes(StandardCharsets.UTF_8),
                concat(headers, "Content-Type", "application/json"));
    }

    HttpResponseData postMultipart(String path, Multipart form, String... headers) {
        return send("POST", path, form.body(), concat(headers, "Content-Type", form.contentType()));
    }

    HttpResponseData send(String method, String path, byte[] body, String... headers) {
        return exchange(request(path, headers).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** The multipart body sent chunked, without a Content-Length. */
    HttpResponseData postMultipartChunked(String path, Multipart form, String... headers) {
        return exchange(request(path, concat(headers, "Content-Type", form.contentType())).POST(
                HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArray(form.body()))));
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(20));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request;
    }

    private HttpResponseData exchange(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new HttpResponseData(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A GET written on a plain socket, for a target no URI class would let through (e.g. {@code /a/%zz}); the
     * answer is read to the end of its Content-Length.
     */
    HttpResponseData getRaw(String target) {
        return raw("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    }

    /**
     * A request whose body stops after a few bytes of the {@code declaredLength} its head announces, and the
     * answer the server gives before it closes the connection.
     */
    HttpResponseData stalledBody(String method, String path, int declaredLength, String... headers) {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        return raw(head.append("Content-Length: ").append(declaredLength).append("\r\n\r\n{\"a\"").toString());
    }

    /**
     * A request with a whole body and an {@code Expect} header of the test's choosing, which Java's HTTP client
     * will not send; the answer is read until the server closes the connection.
     */
    HttpResponseData expecting(String expectation, String method, String path, String body, String... headers) {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: close\r\nExpect: " + expectation + "\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return raw(head.append("Content-Length: ").append(bytes.length).append("\r\n\r\n").append(body).toString());
    }

    /** Writes the text on a plain socket and reads the answer until the server closes the connection. */
    private HttpResponseData raw(String request) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String[] answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .split("\r\n\r\n", 2);
            String[] lines = answer[0].split("\r\n");
            Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.computeIfAbsent(lines[i].substring(0, colon).strip(), name -> new java.util.ArrayList<>())
                        .add(lines[i].substring(colon + 1).strip());
            }
            return new HttpResponseData(Integer.parseInt(lines[0].split(" ")[1]),
                    java.net.http.HttpHeaders.of(headers, (name, value) -> true), answer.length > 1 ? answer[1] : "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String[] concat(String[] headers, String... more) {
        String[] all = java.util.Arrays.copyOf(headers, headers.length + more.length);
        System.arraycopy(more, 0, all, headers.length, more.length);
        return all;
    }

    /** The stored submission with our id. */
    dev.onekycbridge.core.submission.Submission submission(String id) {
        return store.findById(SubmissionId.parse(id)).orElseThrow();
    }

    /** Lets the driver take steps against the fake platform until the submission is confirmed. */
    dev.onekycbridge.core.submission.Submission driveToConfirmed(String id) {
        for (int step = 0; step < 10 && submission(id).status() != SubmissionStatus.CONFIRMED; step++) {
            driver.advanceDueSubmissions(10);
        }
        var confirmed = submission(id);
        if (confirmed.status() != SubmissionStatus.CONFIRMED) {
            throw new IllegalStateException("not confirmed: " + confirmed);
        }
        return confirmed;
    }

    @Override
    public void close() {
        if (server != null) {
            try {
                server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the server did not stop", e);
            }
            server = null;
        }
        launches.close();
        try (var files = Files.walk(uploads)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            // A temporary directory; the OS cleans up. The web adapter deletes a request's uploads asynchronously
            // once its response ends, so a file may vanish while it is walked.
        }
    }

    /** The catalog, recorded like the use cases. */
    private final class RecordingCatalog implements SubmissionCatalog {
        @Override
        public SubmissionPage list(SubmissionQuery query) {
            return record("catalog.list", () -> store.list(query));
        }

        @Override
        public List<PurgeCandidate> findPurgeable(Instant cutoff, PurgeCandidate after, int limit) {
            return store.findPurgeable(cutoff, after, limit);
        }

        @Override
        public Map<SubmissionStatus, Long> countByStatus() {
            return record("catalog.countByStatus", () -> readForMetrics(store::countByStatus));
        }
    }

    /** The in-memory inbox, which a test can make fail as a database would. */
    static final class SwitchableInbox implements CallbackInbox {
        private final InMemoryCallbackInbox delegate;
        volatile boolean failing;

        SwitchableInbox(InMemoryCallbackInbox delegate) {
            this.delegate = delegate;
        }

        private void check() {
            if (failing) {
                throw new IllegalStateException("database unavailable");
            }
        }

        @Override
        public InboxAppend append(CallbackChannel channel, String body, Instant receivedAt) {
            check();
            return delegate.append(channel, body, receivedAt);
        }

        @Override
        public long appendRejected(CallbackChannel channel, String body, Instant receivedAt, String reason) {
            check();
            return delegate.appendRejected(channel, body, receivedAt, reason);
        }

        @Override
        public List<InboxEntry> claimDue(Instant now, Instant leaseUntil, int limit) {
            return delegate.claimDue(now, leaseUntil, limit);
        }

        @Override
        public boolean renewLease(long entryId, Instant leasedUntil, Instant leaseUntil) {
            return delegate.renewLease(entryId, leasedUntil, leaseUntil);
        }

        @Override
        public void markApplied(long entryId, Instant now) {
            delegate.markApplied(entryId, now);
        }

        @Override
        public void park(long entryId, String reason, Instant retryAt) {
            delegate.park(entryId, reason, retryAt);
        }

        @Override
        public void markUnmatched(long entryId, String reason, Instant now) {
            delegate.markUnmatched(entryId, reason, now);
        }

        @Override
        public void reject(long entryId, String reason, Instant now) {
            delegate.reject(entryId, reason, now);
        }

        @Override
        public int eraseSettledBodies(Instant receivedBefore, int limit) {
            return delegate.eraseSettledBodies(receivedBefore, limit);
        }

        @Override
        public Map<InboxState, Long> countByState() {
            return delegate.countByState();
        }

        @Override
        public InboxBacklog waiting() {
            return delegate.waiting();
        }
    }
}
