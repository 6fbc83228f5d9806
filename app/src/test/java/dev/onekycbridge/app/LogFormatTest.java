package dev.onekycbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/** The log's lines as the command line writes them (its Logback configuration). */
class LogFormatTest {
    /** A time of day alone could not tell one day's lines from the next, nor be lined up with another host's. */
    @Test
    void aLineStartsWithItsDateAndTimeInUtcWrittenInIso8601WhateverTheHostsZone() throws Exception {
        TimeZone zone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Asia/Jakarta"));
        LoggerContext context = new LoggerContext();
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(LogFormatTest.class.getResource("/" + Logging.CONFIGURATION));
            var appender = (OutputStreamAppender<ILoggingEvent>) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                    .getAppender("STDERR");
            LoggingEvent event = new LoggingEvent(getClass().getName(), context.getLogger("dev.onekycbridge.core.X"),
                    Level.WARN, "the platform cannot be reached", null, null);
            event.setInstant(Instant.parse("2026-03-09T20:00:00.123Z"));
            event.setThreadName("driver-1");

            String line = new String(appender.getEncoder().encode(event), StandardCharsets.UTF_8);

            assertThat(line).startsWith("2026-03-09T20:00:00.123Z WARN  [driver-1] dev.onekycbridge.core.X - "
                    + "the platform cannot be reached");
        } finally {
            context.stop();
            TimeZone.setDefault(zone);
        }
    }

    /** An application that embeds the bridge and has no logback.xml of its own keeps its logging as it was. */
    @Test
    void theLibraryHasNoLogbackConfigurationAnEmbeddingApplicationWouldPickUp() {
        assertThat(OneKycBridge.class.getResource("/logback.xml")).isNull();
        assertThat(OneKycBridge.class.getResource("/logback-test.xml")).isNull();
        assertThat(LogFormatTest.class.getResource("/" + Logging.CONFIGURATION)).isNotNull();
    }
}
