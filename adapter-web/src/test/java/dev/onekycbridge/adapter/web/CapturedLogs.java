package dev.onekycbridge.adapter.web;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Every java.util.logging record published while it is open, from any logger (System.Logger writes there when
 * nothing else is configured): for tests that say what the log must not hold.
 */
final class CapturedLogs extends Handler implements AutoCloseable {
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger root = Logger.getLogger("");

    private CapturedLogs() {
    }

    /** Starts capturing at the root logger; {@link #close} stops. */
    static CapturedLogs start() {
        CapturedLogs logs = new CapturedLogs();
        logs.root.addHandler(logs);
        return logs;
    }

    List<LogRecord> records() {
        return records;
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
        root.removeHandler(this);
    }
}
