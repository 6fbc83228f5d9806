package dev.onekycbridge.adapter.persistence;

import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * How the latest writes to one target (the database, or the folder of staged images) went. Reads cannot show
 * what stops only writes (a full disk, a file made read-only, a lock held by another process), so the readiness
 * check asks this, and metrics count the failures. A refused constraint is the caller's conflict, not a failure
 * of the target. Thread-safe.
 *
 * <p>A write PostgreSQL held back (another session's lock, the statement timeout; see
 * {@link PersistenceException#isHeldBack}) is kept apart, by operation: a write that changes nothing elsewhere, the
 * readiness probe's, proves nothing about the rows or table that one needed, and clearing it so would report the
 * store ready and failing in turn for as long as the lock lasted. It is cleared when the same operation succeeds,
 * or once it has not failed so for {@link #HELD_BACK_FOR}: nothing tries it any more.
 */
final class WriteHealth {
    static final Duration HELD_BACK_FOR = Duration.ofMinutes(1);

    private final LongAdder failures = new LongAdder();
    private final LongSupplier nanoTime;
    /** The latest failure's message (which names no stored value), until a write succeeds; null meanwhile. */
    private volatile String failing;
    /** By operation: the latest held-back failure's message, and when (by {@link #nanoTime}). */
    private final Map<String, HeldBack> heldBack = new ConcurrentHashMap<>();

    private record HeldBack(String message, long at) {
    }

    WriteHealth() {
        this(System::nanoTime);
    }

    WriteHealth(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

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

    /** A write of {@code operation} succeeded: it clears any failure, and that operation's held-back one. */
    void succeeded(String operation) {
        succeeded();
        if (!heldBack.isEmpty()) {
            heldBack.remove(operation);
        }
    }

    void failed(String operation, PersistenceException e) {
        if (e.isHeldBack()) {
            failures.increment();
            heldBack.put(operation, new HeldBack(e.getMessage(), nanoTime.getAsLong()));
        } else {
            failed(e);
        }
    }

    /** Why the latest write failed, unless a write has succeeded since. */
    Optional<String> failing() {
        return Optional.ofNullable(failing);
    }

    /**
     * Why the latest write that PostgreSQL held back failed, unless that operation has succeeded since or has not
     * been held back for {@link #HELD_BACK_FOR}.
     */
    Optional<String> heldBack() {
        long now = nanoTime.getAsLong();
        heldBack.values().removeIf(failure -> now - failure.at() >= HELD_BACK_FOR.toNanos());
        return heldBack.values().stream().max(Comparator.comparingLong(HeldBack::at)).map(HeldBack::message);
    }

    /** Failed writes since the store was opened. */
    long failures() {
        return failures.sum();
    }
}
