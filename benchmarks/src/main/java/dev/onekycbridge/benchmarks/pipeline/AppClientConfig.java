package dev.onekycbridge.benchmarks.pipeline;

import dev.onekycbridge.adapter.onekyc.OneKycClientConfig;
import dev.onekycbridge.app.config.BridgeConfig;
import java.time.Clock;

/**
 * The OneKYC client's settings as the app derives them from a {@link BridgeConfig} (what
 * {@code OneKycBridge.Builder} does, privately), so that the relay calls the platform with the very client the
 * service's driver uses. Metrics hooks are left out: they only count token fetches and retries.
 */
final class AppClientConfig {
    private AppClientConfig() {
    }

    static OneKycClientConfig of(BridgeConfig c) {
        OneKycClientConfig client = OneKycClientConfig.of(c.authBaseUrl().toString(), c.coeAuthBaseUrl().toString(),
                        c.apiBaseUrl().toString())
                .withCredentials(c.clientId().value(), c.passKey().value())
                .withCertRegOnboardingPartner(c.onboardingPartner())
                .withConsentTimestampUnit(c.consentTimestampUnit() == BridgeConfig.ConsentTimestampUnit.SECONDS
                        ? OneKycClientConfig.ConsentTimestampUnit.SECONDS
                        : OneKycClientConfig.ConsentTimestampUnit.MILLIS)
                .withClock(Clock.systemUTC());
        if (c.coeOnboardingPartner() != null) {
            client = client.withKtpScanOnboardingPartner(c.coeOnboardingPartner());
        }
        if (c.sivOnboardingPartner() != null) {
            client = client.withSivOnboardingPartner(c.sivOnboardingPartner());
        }
        return client;
    }
}
