package dev.onekycbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which lease owners can never release their leases: stopped processes of this host, and this pid's forerunner, but
 * never this process's own instance.
 */
class StoppedProcessesTest {
    private static final Set<Long> RUNNING = Set.of(7L, 300L);
    private static final String OURS = "7@bridge-0.internal-0badcafe";
    private final StoppedProcesses stopped = new StoppedProcesses(7, "bridge-0.internal", RUNNING::contains,
            OURS::equals);

    @Test
    void aProcessOfThisHostThatIsNotRunningIsStopped() {
        assertThat(stopped.test("4242@bridge-0.internal-1a2b3c4d#9e8d7c6b-0000-4000-8000-000000000000")).isTrue();
        assertThat(stopped.test("4242@bridge-0.internal-1a2b3c4d")).isTrue();
    }

    @Test
    void anotherInstanceWithThisPidIsAnEarlierProcess() {
        assertThat(stopped.test("7@bridge-0.internal-00ff00ff#c")).isTrue();
    }

    @Test
    void thisProcesssOwnInstanceAndItsClaimsAreNot() {
        assertThat(stopped.test(OURS)).isFalse();
        assertThat(stopped.test(OURS + "#launch-9e8d7c6b")).isFalse();
        assertThat(stopped.test(OURS + "#reconcile-9e8d7c6b")).isFalse();
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
    void anInstanceIdMintedInThisJvmOrGivenToTheBridgeIsThisProcesssOwn() {
        String given = ProcessHandle.current().pid() + "@" + host() + "-0badcafe";
        StoppedProcesses ofThisHost = StoppedProcesses.ofThisHost(given);

        assertThat(ofThisHost.test(StoppedProcesses.instanceId() + "#claim")).isFalse();
        assertThat(ofThisHost.test(given + "#launch-x")).isFalse();
        assertThat(ofThisHost.test(ProcessHandle.current().pid() + "@" + host() + "-5e6f7a8b#claim"))
                .as("a predecessor with this pid, as a restarted container's").isTrue();
    }

    private static String host() {
        String name = ManagementFactory.getRuntimeMXBean().getName();
        return name.substring(name.indexOf('@') + 1);
    }
}
