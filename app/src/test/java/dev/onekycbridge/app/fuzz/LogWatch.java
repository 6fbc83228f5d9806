package dev.onekycbridge.app.fuzz;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * What the service logged at WARN or above, and any exception no thread caught, while it is open. System.Logger,
 * JUL and Vert.x reach Logback by the routes the application sets up ({@code Logging.configure()}), so Vert.x's
 * "Unhandled exception" lines are seen too. Closing it removes the appender and puts back the handler.
 */
final class LogWatch implements AutoCloseable {
    private final Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory())
            .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
    private final Thread.UncaughtExceptionHandler previousHandler = Thread.getDefaultUncaughtExceptionHandler();
    private final AppenderBase<ILoggingEvent> appender;

    private LogWatch() {
        System.setProperty("vertx.logger-delegate-factory-class-name",
                "io.vertx.core.logging.SLF4JLogDelegateFactory");
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.install();
        }
        appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
                    seen.add(event.getLevel() + " [" + event.getThreadName() + "] " + event.getLoggerName() + " - "
                            + event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
                            : "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy())));
                }
            }
        };
        appender.setContext(root.getLoggerContext());
        appender.setName("callback-fuzz-watch");
        appender.start();
        root.addAppender(appender);
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> seen.add("uncaught in " + thread.getName()
                + ": " + error + "\n" + stack(error)));
    }

    static LogWatch start() {
        return new LogWatch();
    }

    /** What was seen since the last call. */
    List<String> drain() {
        List<String> lines = new ArrayList<>();
        for (String line = seen.poll(); line != null; line = seen.poll()) {
            lines.add(line);
        }
        return lines;
    }

    private static String stack(Throwable error) {
        java.io.StringWriter text = new java.io.StringWriter();
        error.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
        Thread.setDefaultUncaughtExceptionHandler(previousHandler);
    }
}
