package dev.onekycbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo, run as a new user runs it. */
class DemoCommandTest {
    private final CommandLine cli = new CommandLine();

    @Test
    void aScenarioTheSandboxDoesNotKnowIsRefusedInsteadOfPlayingAValidResult() {
        int code = cli.run(Map.of(), "demo", "--scenario", "DUKCAPIL_REJECT");

        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(cli.err()).contains("--scenario must be one of", "DUKCAPIL_REJECTED", "NOT_EKTP");
        assertThat(cli.out()).doesNotContain("sandbox started");
    }
}
