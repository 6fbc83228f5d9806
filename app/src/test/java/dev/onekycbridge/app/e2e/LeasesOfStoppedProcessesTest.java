package dev.onekycbridge.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.onekycbridge.adapter.persistence.DataKey;
import dev.onekycbridge.adapter.persistence.DatabaseConfig;
import dev.onekycbridge.adapter.persistence.PersistenceAdapter;
import dev.onekycbridge.app.OneKycBridge;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import dev.onekycbridge.core.testing.FakeMessageDecoder;
import dev.onekycbridge.core.testing.FakeOneKycPlatform;
import dev.onekycbridge.core.testing.TestData;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A service killed with {@code kill -9} and started again on the same host: the leases its steps held are released
 * at the start, on either database, so that its submissions need not wait the claim lease out; the leases of a
 * running process, of another host's, or of the starting instance itself (though its pid is the restarted one's)
 * are kept.
 */
class LeasesOfStoppedProcessesTest {
    private static final String HOST = ManagementFactory.getRuntimeMXBean().getName()
            .substring(ManagementFactory.getRuntimeMXBean().getName().indexOf('@') + 1);

    @Test
    void onSqliteTheLeasesOfStoppedProcessesOfThisHostAreReleasedAtTheStart() throws Exception {
        try (TestDatabase database = TestDatabase.sqlite()) {
            leasesOfStoppedProcessesAreReleasedAtTheStart(database);
        }
    }

    @Test
    void onPostgresTheLeasesOfStoppedProcessesOfThisHostAreReleasedAtTheStart() throws Exception {
        try (TestDatabase database = TestDatabase.postgres()) {
            leasesOfStoppedProcessesAreReleasedAtTheStart(database);
        }
    }

    private static void leasesOfStoppedProcessesAreReleasedAtTheStart(TestDatabase database) throws Exception {
        DatabaseConfig config = DatabaseConfig.of(database.url(),
                DataKey.of("k1", Base64.getDecoder().decode(database.dataKey()))).withImageFolderBesideSqliteFile();
        try (PersistenceAdapter store = OneKycBridge.openStore(config)) {
            long parent = ProcessHandle.current().parent().orElseThrow().pid();
            SubmissionId killed = leased(store, "u-killed", deadPid() + "@" + HOST + "-1a2b3c4d#claim");
            SubmissionId restarted = leased(store, "u-restarted",
                    ProcessHandle.current().pid() + "@" + HOST + "-5e6f7a8b#claim");
            SubmissionId running = leased(store, "u-running", parent + "@" + HOST + "-1a2b3c4d#claim");
            // This process's own instance, as a start request's inline launch holds it before the workers start.
            String ownId = ProcessHandle.current().pid() + "@" + HOST + "-0badcafe";
            SubmissionId launching = leased(store, "u-launching", ownId + "#launch-x");
            SubmissionId elsewhere = leased(store, "u-elsewhere", deadPid() + "@not-" + HOST + "-1a2b3c4d#claim");
            FakeOneKycPlatform platform = new FakeOneKycPlatform(Clock.systemUTC());

            Logger logger = (Logger) LoggerFactory.getLogger(OneKycBridge.class.getName());
            ListAppender<ILoggingEvent> lines = new ListAppender<>();
            lines.start();
            logger.addAppender(lines);
            try (OneKycBridge bridge = OneKycBridge.builder().persistence(store).instanceId(ownId)
                    .platform(platform, platform, new FakeMessageDecoder()).build()) {
                bridge.startWorkers();
            } finally {
                logger.detachAppender(lines);
            }

            assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("released the"
                    + " leases on 2 submission(s) that a stopped process of this host held: they are due again at"
                    + " once");

            assertThat(store.leaseOf(killed)).isEmpty();
            assertThat(store.leaseOf(restarted)).isEmpty();
            assertThat(store.leaseOf(running)).isPresent();
            assertThat(store.leaseOf(launching)).isPresent();
            assertThat(store.leaseOf(elsewhere)).isPresent();
        }
    }

    /**
     * A submission due tomorrow, leased by {@code owner} as if its step ran then: the workers started here find
     * nothing due, and claim none of them again.
     */
    private static SubmissionId leased(PersistenceAdapter store, String user, String owner) {
        Instant tomorrow = Instant.now().plus(Duration.ofDays(1));
        Submission s = store.submissionStore().insert(TestData.newCertificateRegistration(
                TestData.partnerUser(user), tomorrow));
        assertThat(store.dueSubmissions().claimDue(tomorrow, Duration.ofMinutes(10), 1, owner)).hasSize(1);
        return s.id();
    }

    /** The pid of a process that has ended. */
    private static long deadPid() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        return ended.pid();
    }
}
