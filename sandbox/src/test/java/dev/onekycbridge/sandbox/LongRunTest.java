package dev.onekycbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.sandbox.engine.Housekeeping;
import dev.onekycbridge.sandbox.state.SandboxState;
import dev.onekycbridge.sandbox.support.ClockedSandbox;
import dev.onekycbridge.sandbox.support.Fast;
import dev.onekycbridge.sandbox.support.Platform;
import dev.onekycbridge.sandbox.support.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A sandbox that runs for days on its own clock keeps only what callers can still reach. */
class LongRunTest {

    @Test
    void expiredTokensAreForgottenAndStillRefusedAsBefore() {
        try (ClockedSandbox sandbox = ClockedSandbox.start(Fast.config().withTokenTtlSeconds(60))) {
            Platform platform = sandbox.platform();
            List<String> stale = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                stale.add(platform.esignToken());
            }

            sandbox.clock().advance(Duration.ofSeconds(60).plus(Housekeeping.INTERVAL));
            String fresh = platform.esignToken();

            assertThat(state(sandbox).tokens().size()).isEqualTo(1);
            Reply refused = platform.certRegUrls(stale.get(0), "user-1");
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.firstError().getString("cause")).isEqualTo("UNAUTHORIZED");
            assertThat(platform.certRegUrls(fresh, "user-1").status()).isEqualTo(200);
        }
    }

    private static SandboxState state(ClockedSandbox sandbox) {
        return sandbox.engine().state();
    }
}
