package dev.onekycbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which lease owners can never release their leases: stopped processes of this host, and this pid's forerunner. */
class StoppedProcessesTest {
    private static final Set<Long> RUNNING = Set.of(7L, 300L);
    private final StoppedProcesses stopped = new StoppedProcesses(7, "bridge-0.internal", RUNNING::contains);

    @Test
    void aProcessOfThisHostThatIsNotRunningIsStopped() {
        assertThat(stopped.test("4242@bridge-0.internal-1a2b3c4d#9e8d7c6b-0000-4000-8000-000000000000")).isTrue();
        assertThat(stopped.test("4242@bridge-0.internal-1a2b3c4d")).isTrue();
    }

    @Test
    void thisPidIsAnEarlierProcesssForNothingOfThisOneHoldsALeaseBeforeItsWorkersStart() {
        assertThat(stopped.test("7@bridge-0.internal-00ff00ff#c")).isTrue();
    }

    @Test
    void aRunningProcessOfThisHostOrAnyProcessOfAnotherIsNot() {
        assertThat(stopped.test("300@bridge-0.internal-1a2b3c4d#c")).isFalse();
        assertThat(stopped.test("4242@bridge-1.internal-1a2b3c4d#c")).isFalse();
        assertThat(stopped.test("7@bridge-0-1a2b3c4d#c")).as("a host whose name this one's begins with").isFalse();
    }

    @Test
    void anOwnerNamedOtherwiseIsLeftToItsLease() {
        assertThat(stopped.test("worker-1#c")).isFalse();
        assertThat(stopped.test("4242@bridge-0.internal#c")).isFalse();
        assertThat(stopped.test("99999999999999999999@bridge-0.internal-1a2b3c4d#c")).isFalse();
    }

    @Test
    void theDefaultInstanceIdIsOneItTells() {
        assertThat(StoppedProcesses.ofThisHost().test(StoppedProcesses.instanceId() + "#claim")).isTrue();
    }
}
