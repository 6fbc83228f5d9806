package dev.onekycbridge.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.service.PlatformTrouble.Kind;
import dev.onekycbridge.core.testing.MutableClock;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class PlatformTroubleTest {
    private final MutableClock clock = MutableClock.at("2026-11-20T10:00:00Z");
    private final RecordingLogger log = new RecordingLogger();
    private final PlatformTrouble trouble = new PlatformTrouble(log, clock);

    @Test
    void anOutageIsWarnedAboutOnceThenRemindedAboutWithTheStepsFailedMeanwhile() {
        for (int i = 0; i < 50; i++) {
            trouble.failed(Kind.UNAVAILABLE, "presigned URLs answered HTTP 503 after 3 attempt(s)");
        }
        assertThat(log.at(Level.WARNING)).containsExactly("the platform could not be reached or did not answer "
                + "usefully (presigned URLs answered HTTP 503 after 3 attempt(s)); 1 step(s) failed since "
                + "2026-11-20T10:00:00Z, each retried with backoff");

        clock.advance(PlatformTrouble.REMINDER);
        trouble.failed(Kind.UNAVAILABLE, "confirm failed without an answer (ConnectException) after 3 attempt(s)");

        assertThat(log.at(Level.WARNING)).hasSize(2).last().asString()
                .contains("(confirm failed without an answer (ConnectException) after 3 attempt(s))")
                .contains("51 step(s) failed since 2026-11-20T10:00:00Z");
        assertThat(log.at(Level.DEBUG)).hasSize(49);
    }

    @Test
    void theEndOfAnAnnouncedOutageIsToldOnceAndAHealthyPlatformSaysNothing() {
        trouble.succeeded();
        assertThat(log.lines).isEmpty();

        trouble.failed(Kind.UNAVAILABLE, "status answered HTTP 502 after 3 attempt(s)");
        trouble.failed(Kind.UNAVAILABLE, "status answered HTTP 502 after 3 attempt(s)");
        clock.advance(Duration.ofMinutes(2));
        trouble.succeeded();
        trouble.succeeded();

        assertThat(log.at(Level.INFO)).containsExactly("the platform takes the driver's steps again; 2 step(s) "
                + "failed since 2026-11-20T10:00:00Z and are retried");
    }

    @Test
    void aFailureSoonAfterAWarnedOneEndedIsNotWarnedAgainSoIntermittentErrorsCannotFloodTheLog() {
        for (int round = 0; round < 20; round++) {
            trouble.failed(Kind.UNAVAILABLE, "upload answered HTTP 500 after 3 attempt(s)");
            trouble.succeeded();
            clock.advance(Duration.ofSeconds(10));
        }

        assertThat(log.at(Level.WARNING)).hasSize(1);
        assertThat(log.at(Level.INFO)).hasSize(1);
        assertThat(log.at(Level.DEBUG)).hasSize(19);
    }

    @Test
    void anOutageThatBeginsSoonAfterAWarnedOneEndedIsWarnedAboutOnceItLastsAndItsEndTold() {
        trouble.failed(Kind.UNAVAILABLE, "status answered HTTP 503 after 3 attempt(s)");
        clock.advance(Duration.ofMinutes(1));
        trouble.succeeded();
        clock.advance(Duration.ofMinutes(1));
        trouble.failed(Kind.UNAVAILABLE, "token failed without an answer (ConnectException) after 3 attempt(s)");
        assertThat(log.at(Level.WARNING)).hasSize(1);

        clock.advance(PlatformTrouble.SUSTAINED);
        trouble.failed(Kind.UNAVAILABLE, "token failed without an answer (ConnectException) after 3 attempt(s)");
        clock.advance(Duration.ofSeconds(5));
        trouble.failed(Kind.UNAVAILABLE, "token failed without an answer (ConnectException) after 3 attempt(s)");
        clock.advance(Duration.ofMinutes(1));
        trouble.succeeded();

        assertThat(log.at(Level.WARNING)).hasSize(2).last().asString()
                .contains("2 step(s) failed since 2026-11-20T10:02:00Z");
        assertThat(log.at(Level.INFO)).hasSize(2).last().asString()
                .isEqualTo("the platform takes the driver's steps again; 3 step(s) failed since "
                        + "2026-11-20T10:02:00Z and are retried");
    }

    @Test
    void refusedCredentialsAreWarnedAboutEvenDuringAnOutageAlreadyWarnedAbout() {
        trouble.failed(Kind.UNAVAILABLE, "token failed without an answer (SocketTimeoutException) after 3 attempt(s)");
        trouble.failed(Kind.CREDENTIALS_REFUSED, "token refused the credentials with HTTP 401");
        trouble.failed(Kind.CREDENTIALS_REFUSED, "token refused the credentials with HTTP 401");

        assertThat(log.at(Level.WARNING)).hasSize(2).last().asString()
                .startsWith("the platform refused our credentials; check ONEKYC_CLIENT_ID and ONEKYC_PASS_KEY, and"
                        + " the flow's onboarding partner setting when it refused that (token refused the credentials with HTTP 401); 2 step(s) failed since");
    }

    /** An NTP correction or a restored VM steps the wall clock back: the last warning is then in the future. */
    @Test
    void anOutageAfterTheClockSteppedBackIsWarnedAboutAndItsEndTold() {
        trouble.failed(Kind.UNAVAILABLE, "status answered HTTP 502 after 3 attempt(s)");
        trouble.succeeded();
        clock.advance(Duration.ofHours(1));
        clock.set(clock.instant().minus(Duration.ofHours(2)));

        trouble.failed(Kind.UNAVAILABLE, "confirm answered HTTP 503 after 3 attempt(s)");
        clock.advance(PlatformTrouble.REMINDER);
        trouble.failed(Kind.UNAVAILABLE, "confirm answered HTTP 503 after 3 attempt(s)");
        trouble.succeeded();

        assertThat(log.at(Level.WARNING)).hasSize(3);
        assertThat(log.at(Level.WARNING).get(1)).contains("(confirm answered HTTP 503 after 3 attempt(s))");
        assertThat(log.at(Level.INFO)).hasSize(2);
        assertThat(log.at(Level.DEBUG)).isEmpty();
    }

    /** Keeps what was logged, level by level. */
    static final class RecordingLogger implements System.Logger {
        final List<Level> levels = new ArrayList<>();
        final List<String> lines = new ArrayList<>();

        List<String> at(Level level) {
            List<String> found = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                if (levels.get(i) == level) {
                    found.add(lines.get(i));
                }
            }
            return found;
        }

        @Override
        public String getName() {
            return "recording";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, Supplier<String> message) {
            levels.add(level);
            lines.add(message.get());
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
            levels.add(level);
            lines.add(message);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            levels.add(level);
            lines.add(params == null || params.length == 0 ? format : java.text.MessageFormat.format(format, params));
        }
    }
}
