package dev.onekycbridge.benchmarks.pipeline;

import dev.onekycbridge.adapter.onekyc.OneKycClient;
import dev.onekycbridge.adapter.web.BridgeWebServer;
import dev.onekycbridge.adapter.web.Metrics;
import dev.onekycbridge.adapter.web.ReadinessCheck;
import dev.onekycbridge.adapter.web.WebConfig;
import dev.onekycbridge.adapter.web.WebPorts;
import dev.onekycbridge.app.OneKycBridge;
import dev.onekycbridge.app.config.BridgeConfig;
import dev.onekycbridge.core.callback.InboxBacklog;
import dev.onekycbridge.core.port.out.PurgeCandidate;
import dev.onekycbridge.core.port.out.SubmissionCatalog;
import dev.onekycbridge.core.port.out.SubmissionPage;
import dev.onekycbridge.core.port.out.SubmissionQuery;
import dev.onekycbridge.core.submission.SubmissionId;
import dev.onekycbridge.core.submission.SubmissionStatus;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The baseline of the registration pipeline: the service's own web adapter ({@link BridgeWebServer}, configured
 * as {@code RunningService} configures it) in front of {@link RelayRegistrations}, which stores nothing and
 * forwards each registration to the platform with the app's client. A partner request is received, checked and
 * answered exactly as by the service; what is left out is the store, the staging of the images and the driver's
 * round trips through it. The callback receivers read each callback with the same decoder as the service and
 * answer it as the service does, storing nothing: the sandbox sends the relay the callbacks it sends the service,
 * so both sides make and receive the same HTTP calls. The other routes only have to exist: the relay takes
 * certificate registrations alone.
 */
final class StatelessRelay implements AutoCloseable {
    private final Vertx vertx;
    private final BridgeWebServer server;
    private final RelayRegistrations registrations;
    private final OneKycClient platform;
    private final ReadOnlyCallbacks callbacks;

    private StatelessRelay(Vertx vertx, BridgeWebServer server, RelayRegistrations registrations,
                           OneKycClient platform, ReadOnlyCallbacks callbacks) {
        this.vertx = vertx;
        this.server = server;
        this.registrations = registrations;
        this.platform = platform;
        this.callbacks = callbacks;
    }

    /**
     * Starts on a free port of the configured host, with the configuration's API key, and {@code forwarderThreads}
     * threads making the platform calls. Confirms and failures are reported to {@code confirmations}.
     */
    static StatelessRelay start(BridgeConfig config, Confirmations confirmations, int forwarderThreads)
            throws Exception {
        OneKycClient platform = OneKycClient.create(OneKycBridge.clientConfig(config, Clock.systemUTC()));
        RelayRegistrations registrations = new RelayRegistrations(platform, confirmations, forwarderThreads);
        Vertx vertx = Vertx.vertx();
        try {
            // An uploads directory of its own: the service it is measured against runs in this JVM too, and a web
            // server refuses a directory another one holds.
            WebConfig web = WebConfig.defaults().withHost(config.httpHost()).withPort(0)
                    .withApiKey(config.apiKey() == null ? null : config.apiKey().value())
                    .withUploadsDirectory(Files.createTempDirectory("onekyc-relay-uploads"));
            ReadOnlyCallbacks callbacks = new ReadOnlyCallbacks(platform);
            BridgeWebServer server = BridgeWebServer.start(vertx, web, ports(registrations, callbacks)).toCompletionStage()
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
            return new StatelessRelay(vertx, server, registrations, platform, callbacks);
        } catch (Exception e) {
            vertx.close();
            registrations.close();
            platform.close();
            throw e;
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Where the sandbox sends the relay's Esign callbacks. */
    String esignCallbackUrl() {
        return baseUrl() + "/callbacks/esign";
    }

    /** The callbacks the relay has read and answered. */
    ReadOnlyCallbacks callbacks() {
        return callbacks;
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        registrations.close();
        platform.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static WebPorts ports(RelayRegistrations registrations, ReadOnlyCallbacks callbacks) {
        return new WebPorts(registrations,
                command -> {
                    throw unsupported();
                },
                command -> {
                    throw unsupported();
                },
                callbacks,
                (SubmissionId id) -> Optional.empty(),
                query -> new SubmissionPage(List.of(), null),
                new NoSubmissions(),
                // Nor callbacks to apply: it answers them without storing.
                () -> InboxBacklog.EMPTY,
                ReadinessCheck.alwaysReady(),
                new Metrics());
    }

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("the relay takes certificate registrations only");
    }

    /** The catalog behind the metrics' submission gauges: a relay keeps no submissions. */
    private static final class NoSubmissions implements SubmissionCatalog {
        @Override
        public SubmissionPage list(SubmissionQuery query) {
            return new SubmissionPage(List.of(), null);
        }

        @Override
        public List<PurgeCandidate> findPurgeable(Instant cutoff, PurgeCandidate after, int limit) {
            return List.of();
        }

        @Override
        public Map<SubmissionStatus, Long> countByStatus() {
            return Map.of();
        }
    }
}
