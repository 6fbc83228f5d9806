package dev.onekycbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.app.config.BridgeConfig;
import dev.onekycbridge.app.config.ConfigSource;
import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.event.SubmissionEvent;
import dev.onekycbridge.core.port.in.ConsentForm;
import dev.onekycbridge.core.port.in.ConsentTextForm;
import dev.onekycbridge.core.port.in.DataVerificationForm;
import dev.onekycbridge.core.port.in.StartCertificateRegistration;
import dev.onekycbridge.core.port.in.StartedSubmission;
import dev.onekycbridge.core.port.in.UserDetailsForm;
import dev.onekycbridge.core.port.in.VerificationForm;
import dev.onekycbridge.core.service.Backoff;
import dev.onekycbridge.core.service.WorkflowSettings;
import dev.onekycbridge.core.submission.Outcome;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionStatus;
import dev.onekycbridge.core.testing.FakeMessageDecoder;
import dev.onekycbridge.core.testing.FakeOneKycPlatform;
import dev.onekycbridge.core.testing.InMemoryCallbackInbox;
import dev.onekycbridge.core.testing.InMemoryStagedDocuments;
import dev.onekycbridge.core.testing.InMemorySubmissionStore;
import dev.onekycbridge.core.testing.TestData;
import dev.onekycbridge.sandbox.SandboxOptions;
import dev.onekycbridge.sandbox.SandboxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's embedding example, run as written against the sandbox, and with swapped adapters. */
class EmbeddingExampleTest {
    static StartCertificateRegistration registration(String userId, Path ktp, Path selfie) {
        UserDetailsForm userDetails = new UserDetailsForm(TestData.NAME, TestData.NIK, TestData.DATE_OF_BIRTH,
                TestData.EMAIL, TestData.PHONE, new DataVerificationForm(new VerificationForm(true, "ev-1"),
                new VerificationForm(true, "pv-1")));
        List<ConsentForm> consents = List.of(new ConsentForm("Digi", "termsAndConditions", true,
                Map.of("id_ID", new ConsentTextForm("https://partner.example/syarat", "Saya setuju")),
                Long.toString(Instant.now().minusSeconds(10).toEpochMilli()), "app/1.0", "203.0.113.5", null));
        return new StartCertificateRegistration(userId, "CLIENT_X_USER_ID", userDetails, "id_ID", consents,
                Map.of(), DocumentSource.ofFile(ktp), DocumentSource.ofFile(selfie), "embed-" + userId);
    }

    @Test
    void theReadmeExampleRegistersAUserAndHearsTheResult(@TempDir Path folder) throws Exception {
        Path ktp = Files.write(folder.resolve("ktp.jpg"), TestData.jpeg(30_000));
        Path selfie = Files.write(folder.resolve("selfie.png"), TestData.png(20_000));
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.defaults())) {
            Map<String, String> environment = new HashMap<>(SandboxProfile.settingsFor(sandbox));
            environment.put("BRIDGE_DB_URL", "jdbc:sqlite:" + folder.resolve("bridge.db"));
            environment.put("BRIDGE_DATA_KEY", Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32)));
            CompletableFuture<SubmissionEvent> heard = new CompletableFuture<>();

            // As in the README:
            BridgeConfig config = BridgeConfig.from(ConfigSource.load(null, environment));
            try (OneKycBridge bridge = OneKycBridge.builder()
                    .config(config)
                    .workflowSettings(WorkflowSettings.DEFAULT.withPollAfter(Duration.ofSeconds(1))
                            .withPollBackoff(new Backoff(Duration.ofMillis(300), Duration.ofSeconds(1))))
                    .listener(event -> {
                        if (event.finished()) {
                            heard.complete(event);
                        }
                    })
                    .build()) {
                bridge.startWorkers();
                StartedSubmission started = bridge.certificateRegistrations()
                        .startCertificateRegistration(registration("embedded-1", ktp, selfie));

                Submission done = heard.get(30, TimeUnit.SECONDS).submission();
                assertThat(done.id()).isEqualTo(started.submission().id());
                assertThat(done.status()).isEqualTo(SubmissionStatus.COMPLETED);
                assertThat(done.outcome().map(Outcome::verdict)).contains("COMPLETED/VALID");
            }
        }
    }

    @Test
    void theCoreRunsWithSwappedAdaptersAndNoDatabaseOrNetwork(@TempDir Path folder) throws Exception {
        Path ktp = Files.write(folder.resolve("ktp.jpg"), TestData.jpeg(30_000));
        Path selfie = Files.write(folder.resolve("selfie.png"), TestData.png(20_000));
        FakeOneKycPlatform platform = new FakeOneKycPlatform(Clock.systemUTC());
        InMemorySubmissionStore store = new InMemorySubmissionStore();

        try (OneKycBridge bridge = OneKycBridge.builder()
                .platform(platform, platform, new FakeMessageDecoder())
                .store(store, store, store, new InMemoryStagedDocuments(), new InMemoryCallbackInbox())
                .build()) {
            Submission accepted = bridge.certificateRegistrations()
                    .startCertificateRegistration(registration("embedded-2", ktp, selfie)).submission();
            while (bridge.driver().advanceDueSubmissions(10) > 0) {
                // one step per round until nothing is due
            }
            Submission confirmed = bridge.submissions().getSubmission(accepted.id()).orElseThrow();
            assertThat(confirmed.status()).isEqualTo(SubmissionStatus.CONFIRMED);

            bridge.callbacks().accept(dev.onekycbridge.core.callback.CallbackChannel.ESIGN,
                    FakeMessageDecoder.body(confirmed.platformSubmissionId().orElseThrow(), "COMPLETED", "VALID"));
            bridge.callbackWorker().processDueCallbacks(10);

            assertThat(bridge.submissions().getSubmission(accepted.id()).orElseThrow().status())
                    .isEqualTo(SubmissionStatus.COMPLETED);
        }
    }
}
