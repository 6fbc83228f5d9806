package dev.onekycbridge.adapter.web;

import java.util.Map;
import java.util.Objects;

/**
 * Whether the service can take work: typically, the database is reachable and its migrations are applied. Run
 * on a worker thread by {@code GET /health/ready}; it may block briefly. An exception counts as not ready.
 */
@FunctionalInterface
public interface ReadinessCheck {
    Readiness check();

    /** A check that always passes. */
    static ReadinessCheck alwaysReady() {
        return () -> Readiness.ready(Map.of());
    }

    /**
     * The answer of a check.
     *
     * @param details what was checked and how it stands, e.g. {@code database=reachable}; shown to operators,
     *     so never secrets or connection strings
     */
    record Readiness(boolean ready, Map<String, String> details) {
        public Readiness {
            details = Map.copyOf(Objects.requireNonNull(details, "details"));
        }

        public static Readiness ready(Map<String, String> details) {
            return new Readiness(true, details);
        }

        public static Readiness notReady(Map<String, String> details) {
            return new Readiness(false, details);
        }
    }
}
