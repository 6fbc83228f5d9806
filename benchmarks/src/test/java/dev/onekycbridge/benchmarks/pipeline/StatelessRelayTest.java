package dev.onekycbridge.benchmarks.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.app.config.BridgeConfig;
import dev.onekycbridge.benchmarks.Fixtures;
import dev.onekycbridge.benchmarks.pipeline.RegistrationPipeline.PartnerApi;
import dev.onekycbridge.sandbox.CallbackChannel;
import dev.onekycbridge.sandbox.CallbackTarget;
import dev.onekycbridge.sandbox.SandboxConfig;
import dev.onekycbridge.sandbox.SandboxOptions;
import dev.onekycbridge.sandbox.SandboxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The relay baseline works: the partner's registrations are accepted by the web adapter and confirmed. */
class StatelessRelayTest {

    @Test
    void relayedRegistrationsAreAnsweredAndThenConfirmedByTheSandbox(@TempDir Path folder) throws Exception {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.defaults())) {
            BridgeConfig config = RegistrationPipeline.serviceConfig(sandbox, folder, "relay-test-key");
            Confirmations confirmations = new Confirmations();
            try (StatelessRelay relay = StatelessRelay.start(config, confirmations, 2)) {
                PartnerApi api = new PartnerApi(relay.baseUrl(), confirmations);

                Batch batch = RegistrationPipeline.throughPartnerApi(new PartnerClient("relay-test-key"), api,
                        "test", 3, 2, Fixtures.jpeg(20_000), Fixtures.png(20_000));

                assertThat(batch.registrations()).isEqualTo(3);
                assertThat(batch.failed()).isZero();
            }
            assertThat(Files.exists(folder.resolve("bridge.db"))).as("the relay opens no store").isFalse();
        }
    }

    @Test
    void theRelayReadsAndAnswersTheCallbacksTheSandboxSendsIt(@TempDir Path folder) throws Exception {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.defaults().withConfig(SandboxConfig.defaults()
                .withProcessingDelayMillis(10).withCompletionDelayMillis(10)))) {
            BridgeConfig config = RegistrationPipeline.serviceConfig(sandbox, folder, "relay-test-key");
            Confirmations confirmations = new Confirmations();
            try (StatelessRelay relay = StatelessRelay.start(config, confirmations, 2)) {
                sandbox.control().updateConfig(c -> c.withCallback(CallbackChannel.ESIGN,
                        CallbackTarget.post(relay.esignCallbackUrl())));

                RegistrationPipeline.throughPartnerApi(new PartnerClient("relay-test-key"),
                        new PartnerApi(relay.baseUrl(), confirmations), "test", 3, 2, Fixtures.jpeg(20_000),
                        Fixtures.png(20_000));

                // Each registration ends with a PARTIALLY_COMPLETED and a COMPLETED callback.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (relay.callbacks().read() < 6 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(relay.callbacks().read()).isEqualTo(6);
                assertThat(relay.callbacks().rejected()).isZero();
            }
        }
    }

    @Test
    void theRelayWantsThePartnersApiKeyAsTheServiceDoes(@TempDir Path folder) throws Exception {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.defaults())) {
            BridgeConfig config = RegistrationPipeline.serviceConfig(sandbox, folder, "relay-test-key");
            try (StatelessRelay relay = StatelessRelay.start(config, new Confirmations(), 1)) {
                PartnerClient.Submitted submitted = new PartnerClient("another-key").submit(relay.baseUrl(), 1, 1,
                        Fixtures.jpeg(20_000), Fixtures.png(20_000));

                assertThat(submitted.rejected()).isEqualTo(1);
            }
        }
    }
}
