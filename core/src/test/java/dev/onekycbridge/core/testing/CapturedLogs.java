package dev.onekycbridge.core.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The java.util.logging records published while it is open, where System.Logger writes when no logging library is
 * on the class path: of every logger ({@link #start}), or of one class's ({@link #of}).
 */
public final class CapturedLogs extends Handler implements AutoCloseable {
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger logger;

    private CapturedLogs(Logger logger) {
        this.logger = logger;
        logger.addHandler(this);
    }

    /** Captures every logger's records, at the root logger. */
    public static CapturedLogs start() {
        return new CapturedLogs(Logger.getLogger(""));
    }

    /** Captures what {@code source} logs under its class name. */
    public static CapturedLogs of(Class<?> source) {
        return new CapturedLogs(Logger.getLogger(source.getName()));
    }

    public List<LogRecord> records() {
        return records;
    }

    /** The messages logged at {@code level}, in order. */
    public List<String> at(Level level) {
        return records.stream().filter(r -> r.getLevel() == level).map(LogRecord::getMessage).toList();
    }

    /**
     * The records at WARNING or above, each as its level, logger, message and thrown exception's class, so that a
     * failing assertion says what was logged.
     */
    public List<String> warnings() {
        return records.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                .map(r -> r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage()
                        + (r.getThrown() == null ? "" : " (" + r.getThrown() + ")"))
                .toList();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
