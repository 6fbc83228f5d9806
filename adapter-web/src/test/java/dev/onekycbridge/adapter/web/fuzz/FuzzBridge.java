package dev.onekycbridge.adapter.web.fuzz;

import dev.onekycbridge.adapter.web.BridgeWebServer;
import dev.onekycbridge.adapter.web.Metrics;
import dev.onekycbridge.adapter.web.ReadinessCheck;
import dev.onekycbridge.adapter.web.WebConfig;
import dev.onekycbridge.adapter.web.WebPorts;
import dev.onekycbridge.core.callback.InboxEntry;
import dev.onekycbridge.core.callback.InboxState;
import dev.onekycbridge.core.document.DocumentInspector;
import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.document.DocumentLimits;
import dev.onekycbridge.core.port.out.SubmissionEventPublisher;
import dev.onekycbridge.core.service.CallbackService;
import dev.onekycbridge.core.service.IdentityVerificationService;
import dev.onekycbridge.core.service.RequestValidator;
import dev.onekycbridge.core.service.StartSubmissionService;
import dev.onekycbridge.core.service.SubmissionDriver;
import dev.onekycbridge.core.service.SubmissionQueryService;
import dev.onekycbridge.core.service.WorkflowSettings;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import dev.onekycbridge.core.submission.SubmissionStatus;
import dev.onekycbridge.core.testing.FakeOneKycPlatform;
import dev.onekycbridge.core.testing.InMemoryCallbackInbox;
import dev.onekycbridge.core.testing.InMemoryStagedDocuments;
import dev.onekycbridge.core.testing.InMemorySubmissionStore;
import dev.onekycbridge.core.testing.MutableClock;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The real web server on a loopback port, wired to the real core services over the core's in-memory ports, as
 * a partner and the platform reach it: the store, the staged images and the inbox are open to the test, which
 * compares them before and after each request.
 */
final class FuzzBridge implements AutoCloseable {
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

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
            metrics, clock, new Random(7), WorkflowSettings.DEFAULT, driver);
    final SubmissionQueryService queries = new SubmissionQueryService(store, store);

    private final Path uploads;
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
                bridge.queries, bridge.queries, bridge.store, bridge.inbox::waiting, ReadinessCheck.alwaysReady(),
                bridge.metrics);
        try {
            bridge.server = BridgeWebServer.start(vertx, config, ports).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the server did not start", e);
        }
        return bridge;
    }

    /** What a request got back; {@code replayed} when it says it repeats an earlier request's answer. */
    record Answer(int status, String contentType, String body, boolean replayed) {
        Answer(int status, String contentType, String body) {
            this(status, contentType, body, false);
        }
    }

    Answer send(String method, String path, String contentType, byte[] body) {
        return send(method, path, contentType, body, List.of());
    }

    /**
     * Sends one request on a connection of its own ({@code Connection: close}), written byte for byte, with the
     * given header lines, and reads the answer to the end. A pooled connection could be closed by one side while the
     * other reuses it, which would look like an unanswered request; a fresh one per request cannot.
     */
    Answer send(String method, String path, String contentType, byte[] body, List<String> headers) {
        byte[] payload = body == null ? new byte[0] : body;
        StringBuilder head = new StringBuilder().append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(server.port()).append("\r\n")
                .append("Connection: close\r\n");
        if (body != null || !method.equals("GET")) {
            head.append("Content-Length: ").append(payload.length).append("\r\n");
        }
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        headers.forEach(header -> head.append(header).append("\r\n"));
        head.append("\r\n");
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            socket.setTcpNoDelay(true);
            java.io.OutputStream out = socket.getOutputStream();
            try {
                out.write(head.toString().getBytes(StandardCharsets.UTF_8));
                out.write(payload);
                out.flush();
            } catch (IOException e) {
                // The server may answer (413) and close before it has read all of a large body: read the answer.
            }
            return parse(socket.getInputStream().readAllBytes());
        } catch (IOException e) {
            return new Answer(-1, null, "no answer: " + e);
        }
    }

    private static Answer parse(byte[] response) {
        String text = new String(response, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || headEnd < 0) {
            return new Answer(-1, null, "no answer: " + response.length + " bytes that are not an HTTP response");
        }
        int status = Integer.parseInt(text.substring(9, 12));
        String contentType = null;
        boolean chunked = false;
        boolean replayed = false;
        for (String line : text.substring(0, headEnd).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                String name = line.substring(0, colon).strip();
                String value = line.substring(colon + 1).strip();
                if (name.equalsIgnoreCase("Content-Type")) {
                    contentType = value;
                } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                    chunked = true;
                } else if (name.equalsIgnoreCase("Idempotent-Replayed")) {
                    replayed = value.equalsIgnoreCase("true");
                }
            }
        }
        byte[] body = java.util.Arrays.copyOfRange(response, headEnd + 4, response.length);
        if (chunked) {
            body = unchunked(body);
        }
        return new Answer(status, contentType, new String(body, StandardCharsets.UTF_8), replayed);
    }

    private static byte[] unchunked(byte[] chunked) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = at;
            while (lineEnd + 1 < chunked.length && !(chunked[lineEnd] == '\r' && chunked[lineEnd + 1] == '\n')) {
                lineEnd++;
            }
            String size = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].strip();
            int length = size.isEmpty() ? 0 : Integer.parseInt(size, 16);
            if (length == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, Math.min(length, chunked.length - lineEnd - 2));
            at = lineEnd + 2 + length + 2;
        }
        return out.toByteArray();
    }

    /** A submission's status and version: a save changes the version, whatever else it changes. */
    record Held(SubmissionStatus status, long version) {
    }

    /** A staged image: whose, and which. */
    record Image(SubmissionId id, DocumentKind kind) {
    }

    /**
     * The state a request must not change unless it is accepted: each submission's status and version (a refused
     * request must not save or fail one), the staged images by submission and kind, with how many there are in all
     * (an image staged for no stored submission shows only there), and each inbox entry's state. Records and hash
     * maps, no text: it is read after every request, over every submission the server holds.
     */
    record State(Map<SubmissionId, Held> submissions, Set<Image> stagedImages, int stagedCount,
                 Map<Long, InboxState> inbox) {
        Map<InboxState, Integer> inboxByState() {
            Map<InboxState, Integer> byState = new EnumMap<>(InboxState.class);
            inbox.values().forEach(state -> byState.merge(state, 1, Integer::sum));
            return byState;
        }

        /** What an accepted request changed: the submissions and staged images it added. */
        String changesTo(State after) {
            Map<SubmissionId, Held> added = new java.util.HashMap<>(after.submissions);
            added.keySet().removeAll(submissions.keySet());
            Set<Image> staged = new java.util.HashSet<>(after.stagedImages);
            staged.removeAll(stagedImages);
            return "added " + added + " and the images " + staged;
        }
    }

    State state() {
        List<Submission> all = store.all();
        Map<SubmissionId, Held> submissions = new java.util.HashMap<>(all.size() * 2);
        Set<Image> images = new java.util.HashSet<>(all.size() * 4);
        for (Submission submission : all) {
            submissions.put(submission.id(), new Held(submission.status(), submission.version()));
            for (DocumentKind kind : DocumentKind.values()) {
                if (staged.find(submission.id(), kind).isPresent()) {
                    images.add(new Image(submission.id(), kind));
                }
            }
        }
        Map<Long, InboxState> entries = new java.util.HashMap<>();
        for (InboxEntry entry : inbox.all()) {
            entries.put(entry.id(), entry.state());
        }
        return new State(submissions, images, staged.count(), entries);
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
