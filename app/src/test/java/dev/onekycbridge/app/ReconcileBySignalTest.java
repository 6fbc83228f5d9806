package dev.onekycbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.adapter.persistence.PersistenceAdapter;
import dev.onekycbridge.app.config.BridgeConfig;
import dev.onekycbridge.app.config.ConfigSource;
import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.UploadTarget;
import dev.onekycbridge.core.testing.TestData;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reconcile} stopped by SIGTERM (or Ctrl-C) while the platform keeps it waiting: the submission's lease is
 * released as the process ends. Before, it stayed for BRIDGE_CLAIM_LEASE (ten minutes by default), and the service
 * and the next reconcile passed the submission over as being worked on.
 */
@Timeout(120)
class ReconcileBySignalTest {
    @TempDir
    Path folder;

    @Test
    void aReconcileStoppedBySignalReleasesItsLease() throws Exception {
        try (SilentPlatform platform = new SilentPlatform()) {
            String url = "http://127.0.0.1:" + platform.port();
            Map<String, String> environment = Map.of("BRIDGE_DB_URL", "jdbc:sqlite:" + folder.resolve("bridge.db"),
                    "BRIDGE_DATA_KEY", Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32)),
                    "ONEKYC_API_BASE_URL", url, "ONEKYC_AUTH_BASE_URL", url, "ONEKYC_COE_AUTH_BASE_URL", url,
                    "ONEKYC_CLIENT_ID", "c", "ONEKYC_PASS_KEY", "p", "ONEKYC_ONBOARDING_PARTNER", "X-BE-CERT_REG");
            try (PersistenceAdapter store = OneKycBridge.openStore(BridgeConfig.storeOnly(
                    ConfigSource.of(environment)))) {
                Submission waiting = initiated(store);
                Path output = folder.resolve("reconcile.out");
                String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
                ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                        Main.class.getName(), "reconcile", waiting.id().toString())
                        .redirectErrorStream(true).redirectOutput(output.toFile());
                builder.environment().putAll(environment);
                Process process = builder.start();
                try {
                    // Its poll holds the lease while the platform keeps the token request waiting.
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (store.leaseOf(waiting.id()).isEmpty() && process.isAlive()
                            && System.nanoTime() < deadline) {
                        Thread.sleep(50);
                    }
                    assertThat(store.leaseOf(waiting.id())).as(read(output)).isPresent();

                    process.toHandle().destroy();

                    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
                    assertThat(store.leaseOf(waiting.id())).as(read(output)).isEmpty();
                    assertThat(read(output)).doesNotContain("failed");
                } finally {
                    process.destroyForcibly();
                }
            }
        }
    }

    /** A certificate registration the platform has (its upload URLs issued): a reconcile polls it. */
    private static Submission initiated(PersistenceAdapter store) {
        Instant now = Instant.now();
        Submission created = store.submissionStore().insert(TestData.newCertificateRegistration(
                TestData.partnerUser("signal-reconcile"), now));
        URI storage = URI.create("https://storage.example/upload");
        return store.submissionStore().save(created.initiate("platform-1", List.of(
                new UploadTarget(DocumentKind.KTP, "ktp-1", storage, now.plusSeconds(3600)),
                new UploadTarget(DocumentKind.SELFIE, "selfie-1", storage, now.plusSeconds(3600))), now));
    }

    private static String read(Path output) throws IOException {
        return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
    }

    /** A platform that takes every connection and never answers: a call waits for its read timeout (30 s). */
    private static final class SilentPlatform implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> held = new CopyOnWriteArrayList<>();

        SilentPlatform() throws IOException {
            Thread accepting = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        held.add(server.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "silent-platform");
            accepting.setDaemon(true);
            accepting.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : held) {
                socket.close();
            }
        }
    }
}
