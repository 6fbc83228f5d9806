package dev.onekycbridge.adapter.persistence;

import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * How the latest writes to one target (the database, or the folder of staged images) went. Reads cannot show
 * what stops only writes (a full disk, a file made read-only, a lock held by another process), so the readiness
 * check asks this, and metrics count the failures. A refused constraint is the caller's conflict, not a failure
 * of the target. Thread-safe.
 */
final class WriteHealth {
    private final LongAdder failures = new LongAdder();
    /** The latest failure's message (which names no stored value), until a write succeeds; null meanwhile. */
    private volatile String failing;

    void succeeded() {
        if (failing != null) {
            failing = null;
        }
    }

    void failed(PersistenceException e) {
        if (e.isConstraintViolation()) {
            return;
        }
        failures.increment();
        failing = e.getMessage();
    }

    /** Why the latest write failed, unless a write has succeeded since. */
    Optional<String> failing() {
        return Optional.ofNullable(failing);
    }

    /** Failed writes since the store was opened. */
    long failures() {
        return failures.sum();
    }
}
