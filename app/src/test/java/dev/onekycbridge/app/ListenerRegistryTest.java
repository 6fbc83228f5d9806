package dev.onekycbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.onekycbridge.adapter.persistence.DataKey;
import dev.onekycbridge.adapter.persistence.DatabaseConfig;
import dev.onekycbridge.adapter.persistence.PersistenceAdapter;
import dev.onekycbridge.core.event.SubmissionEvent;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionStatus;
import dev.onekycbridge.core.testing.FakeMessageDecoder;
import dev.onekycbridge.core.testing.FakeOneKycPlatform;
import dev.onekycbridge.core.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * An embedder's listener that throws an Error (an assertion of its own) changes nothing either: the start answers,
 * the other listeners hear every event, and the steps go on.
 */
class ListenerRegistryTest {
    @Test
    void aListenerThrowingAnAssertionErrorLeavesTheOthersAndTheStepsAlone(@TempDir Path folder) throws Exception {
        Path ktp = Files.write(folder.resolve("ktp.jpg"), TestData.jpeg(30_000));
        Path selfie = Files.write(folder.resolve("selfie.png"), TestData.png(20_000));
        DatabaseConfig database = DatabaseConfig.of("jdbc:sqlite:" + folder.resolve("bridge.db"),
                DataKey.of("k1", new SecureRandom().generateSeed(32))).withImageFolderBesideSqliteFile();
        FakeOneKycPlatform platform = new FakeOneKycPlatform(Clock.systemUTC());
        List<SubmissionEvent> heard = new CopyOnWriteArrayList<>();
        Logger logger = (Logger) LoggerFactory.getLogger(ListenerRegistry.class.getName());
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try (PersistenceAdapter store = OneKycBridge.openStore(database);
             OneKycBridge bridge = OneKycBridge.builder().persistence(store)
                     .platform(platform, platform, new FakeMessageDecoder())
                     .listener(event -> {
                         throw new AssertionError("expected another NIK than " + TestData.NIK);
                     })
                     .listener(heard::add)
                     .build()) {
            Submission accepted = bridge.certificateRegistrations().startCertificateRegistration(
                    EmbeddingExampleTest.registration("listened-1", ktp, selfie)).submission();
            while (bridge.driver().advanceDueSubmissions(10) > 0) {
                // one step per round until nothing is due
            }

            assertThat(bridge.submissions().getSubmission(accepted.id()).orElseThrow().status())
                    .isEqualTo(SubmissionStatus.CONFIRMED);
            assertThat(heard).extracting(event -> event.submission().status())
                    .startsWith(SubmissionStatus.CREATED).endsWith(SubmissionStatus.CONFIRMED);
        } finally {
            logger.detachAppender(lines);
        }
        // One line per event, naming the Error's class and nothing of its message.
        assertThat(lines.list).hasSameSizeAs(heard).allSatisfy(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.WARN);
            assertThat(line.getFormattedMessage()).isEqualTo("a submission listener failed: java.lang.AssertionError");
        });
    }
}
