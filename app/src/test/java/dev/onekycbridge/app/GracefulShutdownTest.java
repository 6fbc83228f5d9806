package dev.onekycbridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.adapter.onekyc.OneKycClient;
import dev.onekycbridge.app.config.BridgeConfig;
import dev.onekycbridge.app.config.ConfigSource;
import dev.onekycbridge.core.port.out.OneKycPlatform;
import dev.onekycbridge.core.port.out.SubmissionRef;
import dev.onekycbridge.core.port.out.UploadUrls;
import dev.onekycbridge.core.submission.IdentityVerificationInput;
import dev.onekycbridge.core.submission.PlatformReport;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import dev.onekycbridge.core.submission.SubmissionInput;
import dev.onekycbridge.core.submission.SubmissionStatus;
import dev.onekycbridge.core.submission.VerificationLaunch;
import dev.onekycbridge.core.testing.TestData;
import dev.onekycbridge.sandbox.SandboxOptions;
import dev.onekycbridge.sandbox.SandboxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping the workers while a step waits on a slow platform: the step finishes, and no submission is claimed
 * after the stop began, so none is left leased by a step that never started. Real SQLite, the real client, the
 * sandbox on loopback; the platform's first answer is held until the stop has begun.
 */
class GracefulShutdownTest {
    @TempDir
    Path folder;

    @Test
    void stoppingLetsTheStepInFlightFinishAndClaimsNothingMore() throws Exception {
        Path ktp = Files.write(folder.resolve("ktp.jpg"), TestData.jpeg(30_000));
        Path selfie = Files.write(folder.resolve("selfie.png"), TestData.png(20_000));
        Path database = folder.resolve("bridge.db");
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.defaults())) {
            Map<String, String> environment = new HashMap<>(SandboxProfile.settingsFor(sandbox));
            environment.put("BRIDGE_DB_URL", "jdbc:sqlite:" + database);
            environment.put("BRIDGE_DATA_KEY", Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32)));
            BridgeConfig config = BridgeConfig.from(ConfigSource.of(environment));
            try (OneKycClient client = OneKycClient.create(OneKycBridge.clientConfig(config, Clock.systemUTC()))) {
                FirstAnswerHeld platform = new FirstAnswerHeld(client);
                try (OneKycBridge bridge = OneKycBridge.builder().config(config).platform(platform, client, client)
                        .driverThreads(1).idlePoll(Duration.ofMillis(50)).build()) {
                    List<SubmissionId> ids = new ArrayList<>();
                    for (int i = 0; i < 3; i++) {
                        ids.add(bridge.certificateRegistrations().startCertificateRegistration(
                                EmbeddingExampleTest.registration("shutdown-" + i, ktp, selfie)).submission().id());
                    }
                    bridge.startWorkers();
                    assertThat(platform.arrived.await(30, TimeUnit.SECONDS)).as("the first step reached the platform")
                            .isTrue();

                    Thread stopping = new Thread(() -> bridge.stopWorkers(Duration.ofSeconds(60)), "stopping");
                    stopping.start();
                    awaitWaiting(stopping);
                    platform.release.countDown();
                    stopping.join(TimeUnit.SECONDS.toMillis(90));

                    List<Submission> after = ids.stream()
                            .map(id -> bridge.submissions().getSubmission(id).orElseThrow()).toList();
                    assertThat(after).as("only the submission in hand went on")
                            .filteredOn(s -> s.status() != SubmissionStatus.CREATED).hasSize(1);
                    assertThat(leased(database)).as("submissions left leased").isZero();
                }
            }
        }
    }

    @Test
    void closingCutsOffAStepStillWaitingOnASilentPlatformAndReleasesItsLease() throws Exception {
        Path ktp = Files.write(folder.resolve("ktp.jpg"), TestData.jpeg(30_000));
        Path selfie = Files.write(folder.resolve("selfie.png"), TestData.png(20_000));
        Path database = folder.resolve("bridge.db");
        // Takes connections and reads the requests, never answers: only closing the client ends the wait.
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50,
                java.net.InetAddress.getLoopbackAddress())) {
            CountDownLatch called = new CountDownLatch(1);
            List<java.net.Socket> held = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                        called.countDown();
                    }
                } catch (java.io.IOException closed) {
                    // The test is over.
                }
            }, "silent-platform");
            acceptor.setDaemon(true);
            acceptor.start();
            Map<String, String> environment = new HashMap<>(SandboxProfile.settingsFor("http://127.0.0.1:"
                    + silent.getLocalPort()));
            environment.put("BRIDGE_DB_URL", "jdbc:sqlite:" + database);
            environment.put("BRIDGE_DATA_KEY", Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32)));
            OneKycBridge bridge = OneKycBridge.builder().config(BridgeConfig.from(ConfigSource.of(environment)))
                    .driverThreads(1).idlePoll(Duration.ofMillis(50)).build();
            bridge.certificateRegistrations().startCertificateRegistration(
                    EmbeddingExampleTest.registration("cut-off", ktp, selfie));
            bridge.startWorkers();
            assertThat(called.await(30, TimeUnit.SECONDS)).as("the first step reached the platform").isTrue();

            long started = System.nanoTime();
            bridge.stopWorkers(Duration.ofMillis(200));
            bridge.close();

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
            assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                    .noneMatch(name -> name.startsWith("onekyc-driver"));
            assertThat(leased(database)).as("submissions left leased").isZero();
            assertThatThrownBy(bridge::startWorkers).isInstanceOf(IllegalStateException.class)
                    .hasMessage("the bridge is closed");
            for (java.net.Socket socket : held) {
                socket.close();
            }
        }
    }

    /** Waits until the stopping thread has closed the claims and waits for the driver thread to end. */
    private static void awaitWaiting(Thread stopping) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (stopping.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(stopping.getState()).isEqualTo(Thread.State.TIMED_WAITING);
    }

    private static int leased(Path database) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT COUNT(*) FROM submissions WHERE lease_owner IS NOT NULL")) {
            return rows.next() ? rows.getInt(1) : -1;
        }
    }

    /** The real platform, except that its first answer waits until the test releases it. */
    private static final class FirstAnswerHeld implements OneKycPlatform {
        private final OneKycPlatform platform;
        private final AtomicBoolean first = new AtomicBoolean(true);
        final CountDownLatch arrived = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        FirstAnswerHeld(OneKycPlatform platform) {
            this.platform = platform;
        }

        @Override
        public UploadUrls requestUploadUrls(SubmissionRef ref) {
            UploadUrls urls = platform.requestUploadUrls(ref);
            if (first.getAndSet(false)) {
                arrived.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return urls;
        }

        @Override
        public void confirm(SubmissionRef ref, SubmissionInput input) {
            platform.confirm(ref, input);
        }

        @Override
        public Optional<PlatformReport> fetchResult(SubmissionRef ref) {
            return platform.fetchResult(ref);
        }

        @Override
        public VerificationLaunch initiateVerification(SubmissionRef ref, IdentityVerificationInput input) {
            return platform.initiateVerification(ref, input);
        }
    }
}
