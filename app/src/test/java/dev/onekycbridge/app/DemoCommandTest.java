package dev.onekycbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The demo, run as a new user runs it. */
class DemoCommandTest {
    private final CommandLine cli = new CommandLine();

    @Test
    void theDemoPlaysARegistrationToItsResultAndLeavesNoDatabaseBehind() {
        int code = cli.run(Map.of(), "demo", "--scenario", "DUKCAPIL_REJECTED");

        assertThat(code).as(cli.out() + cli.err()).isZero();
        assertThat(cli.out()).contains("result: COMPLETED / INVALID / DUKCAPIL_REJECTED",
                "certificate registration none").doesNotContain("null");
        // Its service is gone: the way to explore one points at --keep first.
        assertThat(cli.out()).contains("Explore it yourself: demo --keep leaves this service running");
        Matcher database = Pattern.compile("fresh SQLite database\\s+(\\S+)").matcher(cli.out());
        assertThat(database.find()).isTrue();
        // The database, its images and the uploads were under a key thrown away with the run.
        assertThat(Path.of(database.group(1)).getParent()).doesNotExist();
    }

    @Test
    void aScenarioThatNeverEndsStopsAtTheTimeoutSayingWhereTheSubmissionIs() {
        int code = cli.run(Map.of(), "demo", "--scenario", "PARTIAL_ONLY", "--timeout", "PT15S");

        assertThat(code).isEqualTo(1);
        assertThat(cli.err()).contains("no final result within PT15S: the submission is PARTIALLY_COMPLETED"
                + " (PARTIALLY_COMPLETED/VALID)");
        assertThat(cli.out()).doesNotContain("no final result");
    }

    @Test
    void aScenarioTheSandboxDoesNotKnowIsRefusedInsteadOfPlayingAValidResult() {
        int code = cli.run(Map.of(), "demo", "--scenario", "DUKCAPIL_REJECT");

        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(cli.err()).contains("--scenario must be one of", "DUKCAPIL_REJECTED", "NOT_EKTP");
        assertThat(cli.out()).doesNotContain("sandbox started");
    }
}
