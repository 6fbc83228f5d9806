package dev.onekycbridge.app.privacy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Every log line of the JVM while it is open, at DEBUG for every logger: Logback's events (with their formatted
 * message, MDC, key-value pairs and every throwable's full stack trace with causes and suppressed ones), which is
 * where System.Logger, JUL and Vert.x end up once bridged the way {@code Logging.configure()} bridges them in the
 * application, and also whatever is printed to {@code System.out} and {@code System.err}. Closing it restores
 * levels, appenders and streams: the other tests of this JVM see the configuration they had.
 */
final class LogCapture implements AutoCloseable {
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Map<String, Level> levels = new HashMap<>();
    private final List<Appender<ILoggingEvent>> detached = new ArrayList<>();
    private final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;
    private final java.util.logging.Level originalJulLevel;
    private final Appender<ILoggingEvent> appender;
    private volatile int debugEvents;

    private LogCapture() {
        // The same routes as dev.onekycbridge.app.Logging.configure(), which Main calls.
        System.setProperty("vertx.logger-delegate-factory-class-name",
                "io.vertx.core.logging.SLF4JLogDelegateFactory");
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        java.util.logging.Logger julRoot = java.util.logging.Logger.getLogger("");
        originalJulLevel = julRoot.getLevel();
        julRoot.setLevel(java.util.logging.Level.ALL);

        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (Logger logger : context.getLoggerList()) {
            levels.put(logger.getName(), logger.getLevel());
            if (logger.getLevel() != null) {
                logger.setLevel(Level.DEBUG);
            }
        }
        root.setLevel(Level.DEBUG);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            detached.add(it.next());
        }
        detached.forEach(root::detachAppender); // thousands of DEBUG lines need not reach the console too
        appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                if (event.getLevel().levelInt <= Level.DEBUG.levelInt) {
                    debugEvents++;
                }
                events.add(line(event));
            }
        };
        appender.setContext(context);
        appender.setName("privacy-capture");
        appender.start();
        root.addAppender(appender);
        System.setOut(new PrintStream(new Tee(originalOut, printed), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(originalErr, printed), true, StandardCharsets.UTF_8));
    }

    static LogCapture start() {
        return new LogCapture();
    }

    private static String line(ILoggingEvent event) {
        StringBuilder line = new StringBuilder()
                .append(event.getLevel()).append(" [").append(event.getThreadName()).append("] ")
                .append(event.getLoggerName()).append(" - ").append(event.getFormattedMessage());
        if (event.getArgumentArray() != null) {
            for (Object argument : event.getArgumentArray()) {
                line.append(" | arg: ").append(argument);
            }
        }
        if (!event.getMDCPropertyMap().isEmpty()) {
            line.append(" | mdc: ").append(event.getMDCPropertyMap());
        }
        if (event.getKeyValuePairs() != null) {
            line.append(" | kv: ").append(event.getKeyValuePairs());
        }
        IThrowableProxy throwable = event.getThrowableProxy();
        if (throwable != null) {
            line.append('\n').append(ThrowableProxyUtil.asString(throwable));
        }
        return line.toString();
    }

    /** Every captured event, one string each (a stack trace stays with its line), then every printed line. */
    List<String> lines() {
        List<String> lines = new ArrayList<>(events);
        String text;
        synchronized (printed) {
            text = printed.toString(StandardCharsets.UTF_8);
        }
        lines.addAll(List.of(text.split("\\R")));
        return lines;
    }

    int debugEvents() {
        return debugEvents;
    }

    int events() {
        return events.size();
    }

    @Override
    public void close() {
        System.setOut(originalOut);
        System.setErr(originalErr);
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(appender);
        appender.stop();
        detached.forEach(root::addAppender);
        for (Logger logger : context.getLoggerList()) {
            if (levels.containsKey(logger.getName())) {
                logger.setLevel(levels.get(logger.getName()));
            } else if (logger != root) {
                logger.setLevel(null);
            }
        }
        java.util.logging.Logger.getLogger("").setLevel(originalJulLevel);
    }

    /** Writes to the original stream and keeps a copy. */
    private static final class Tee extends OutputStream {
        private final OutputStream original;
        private final ByteArrayOutputStream copy;

        Tee(OutputStream original, ByteArrayOutputStream copy) {
            this.original = original;
            this.copy = copy;
        }

        @Override
        public void write(int b) {
            synchronized (copy) {
                copy.write(b);
            }
            try {
                original.write(b);
            } catch (java.io.IOException e) {
                // the copy is what counts
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (copy) {
                copy.write(b, off, len);
            }
            try {
                original.write(b, off, len);
            } catch (java.io.IOException e) {
                // the copy is what counts
            }
        }

        @Override
        public void flush() throws java.io.IOException {
            original.flush();
        }
    }
}
