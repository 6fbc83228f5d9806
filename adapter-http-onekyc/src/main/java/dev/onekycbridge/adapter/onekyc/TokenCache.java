package dev.onekycbridge.adapter.onekyc;

import dev.onekycbridge.core.port.out.PlatformException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Tokens by key, reused until shortly before they expire, each refreshed by one caller at a time: while one
 * caller asks the platform, every other caller of the same key waits for that answer (or that failure) instead
 * of asking again.
 *
 * <p>A token is replaced {@code refreshMargin} before it expires, but never later than half-way through its
 * life, so that a short-lived token is still reused. Lifetimes are clamped to [{@link #MIN_LIFETIME},
 * {@link #MAX_LIFETIME}]: an expiry in the past, in milliseconds or decades away is the platform's mistake, not a
 * reason to ask for a token on every call or to keep one for a year.
 *
 * <p>A refresh that fails while the cached token is still valid is not the callers' failure: the token serves
 * until its expiry, and the next attempt to refresh waits {@link #RETRY_REFRESH_AFTER}, so that an outage of the
 * token host costs one fetch per interval, not one per call. While a refresh runs, callers with a valid token go
 * on with it; only callers without one wait for the refresh. A fetch that fails with no valid token to fall back on
 * is the answer of every caller of its key for {@link #FAILED_FETCH_HOLD}.
 *
 * <p>Tokens that have expired are pruned once the map is large, at most once per {@link #PRUNE_INTERVAL} or
 * when it has doubled since the last pass, so that the scan is paid for by the entries added since.
 */
final class TokenCache<K> {
    static final Duration MIN_LIFETIME = Duration.ofSeconds(60);
    static final Duration MAX_LIFETIME = Duration.ofHours(24);
    /** When the platform states no expiry at all: its documented default, 30 minutes. */
    static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(30);
    /** How long after a failed refresh the cached, still valid token is used before the next attempt. */
    static final Duration RETRY_REFRESH_AFTER = Duration.ofSeconds(30);
    /**
     * How long a fetch that failed with no token to fall back on answers every caller of its key with the same
     * failure: with refused credentials, every due submission would otherwise ask the token host once per step,
     * which the platform answers with rate limiting.
     */
    static final Duration FAILED_FETCH_HOLD = Duration.ofSeconds(5);
    static final int PRUNE_ABOVE = 10_000;
    static final Duration PRUNE_INTERVAL = Duration.ofMinutes(1);
    private static final System.Logger LOG = System.getLogger("dev.onekycbridge.adapter.onekyc");

    /** A token as the platform issued it: its value and its stated expiry (null when it stated none). */
    record Issued(String value, Instant expiresAt) {
        Issued {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return "Issued[***, expiresAt=" + expiresAt + "]";
        }
    }

    private record Cached(String value, Instant refreshAt, Instant expiresAt) {
    }

    private final Clock clock;
    private final Duration refreshMargin;
    private final Map<K, Slot> slots = new ConcurrentHashMap<>();
    private final ReentrantLock pruning = new ReentrantLock();
    private final AtomicInteger prunePasses = new AtomicInteger();
    /** Guarded by {@link #pruning}. */
    private Instant lastPrune = Instant.MIN;
    /** Guarded by {@link #pruning}. */
    private int sizeAfterLastPrune;

    TokenCache(Clock clock, Duration refreshMargin) {
        this.clock = clock;
        this.refreshMargin = refreshMargin;
    }

    /** The cached token of this key, or a fresh one from {@code fetch} (one fetch per key at a time). */
    String get(K key, Supplier<Issued> fetch) {
        if (slots.size() > PRUNE_ABOVE) {
            pruneIfDue();
        }
        return slots.computeIfAbsent(key, k -> new Slot()).get(fetch);
    }

    /** Drops this token if it is still the cached one: a 401 said it is no longer accepted. */
    void invalidate(K key, String refusedToken) {
        Slot slot = slots.get(key);
        if (slot != null) {
            slot.invalidate(refusedToken);
        }
    }

    int size() {
        return slots.size();
    }

    /** How many times the map has been scanned for expired tokens. */
    int prunePasses() {
        return prunePasses.get();
    }

    /** One caller at a time, the others go on: a pass scans every entry, so it runs only when it is due. */
    private void pruneIfDue() {
        if (!pruning.tryLock()) {
            return;
        }
        try {
            Instant now = clock.instant();
            boolean doubled = slots.size() > 2L * sizeAfterLastPrune;
            // A last pass dated after now (the clock was stepped back) is not recent: it would hold off the next.
            boolean recent = !lastPrune.isAfter(now) && now.isBefore(lastPrune.plus(PRUNE_INTERVAL));
            if (!doubled && recent) {
                return;
            }
            slots.entrySet().removeIf(entry -> entry.getValue().isStale(now));
            prunePasses.incrementAndGet();
            lastPrune = now;
            sizeAfterLastPrune = slots.size();
        } finally {
            pruning.unlock();
        }
    }

    private Cached cache(Issued issued) {
        Instant now = clock.instant();
        Duration lifetime = issued.expiresAt() == null ? DEFAULT_LIFETIME : Duration.between(now, issued.expiresAt());
        if (lifetime.compareTo(MIN_LIFETIME) < 0) {
            lifetime = MIN_LIFETIME;
        } else if (lifetime.compareTo(MAX_LIFETIME) > 0) {
            lifetime = MAX_LIFETIME;
        }
        Duration margin = refreshMargin.compareTo(lifetime.dividedBy(2)) > 0 ? lifetime.dividedBy(2) : refreshMargin;
        Instant expiresAt = now.plus(lifetime);
        return new Cached(issued.value(), expiresAt.minus(margin), expiresAt);
    }

    private final class Slot {
        private Cached token;
        private CompletableFuture<Cached> inFlight;
        /** After a failed refresh: the cached token serves, without a new attempt, until then. */
        private Instant nextRefreshAttempt;
        /** After a failed fetch without a token to fall back on: its failure, repeated until {@link #failedUntil}. */
        private RuntimeException failure;
        private Instant failedUntil;

        String get(Supplier<Issued> fetch) {
            CompletableFuture<Cached> flight;
            Cached valid;
            boolean owner = false;
            synchronized (this) {
                Instant now = clock.instant();
                valid = token != null && now.isBefore(token.expiresAt()) ? token : null;
                if (valid != null && (now.isBefore(valid.refreshAt()) || inFlight != null
                        || holds(nextRefreshAttempt, RETRY_REFRESH_AFTER, now))) {
                    return valid.value();
                }
                if (valid == null && inFlight == null && holds(failedUntil, FAILED_FETCH_HOLD, now)) {
                    throw failure;
                }
                if (inFlight == null) {
                    inFlight = new CompletableFuture<>();
                    owner = true;
                }
                flight = inFlight;
            }
            return owner ? refresh(fetch, flight, valid) : await(flight);
        }

        /** Fetches a token for this slot; {@code valid} is the cached token to fall back on, if any. */
        private String refresh(Supplier<Issued> fetch, CompletableFuture<Cached> flight, Cached valid) {
            Cached fresh;
            try {
                fresh = cache(fetch.get());
            } catch (RuntimeException e) {
                Cached fallback = fallBackAfter(e, valid);
                if (fallback == null) {
                    synchronized (this) {
                        failure = e;
                        failedUntil = clock.instant().plus(FAILED_FETCH_HOLD);
                    }
                }
                finish(flight, fallback, fallback == null ? e : null);
                if (fallback == null) {
                    throw e;
                }
                return fallback.value();
            } catch (Error e) {
                finish(flight, null, e);
                throw e;
            }
            synchronized (this) {
                token = fresh;
                nextRefreshAttempt = null;
                failure = null;
                failedUntil = null;
            }
            finish(flight, fresh, null);
            return fresh.value();
        }

        /** The token to go on with after a failed refresh, or null when there is none still valid. */
        private Cached fallBackAfter(RuntimeException failure, Cached current) {
            Instant now = clock.instant();
            synchronized (this) {
                if (current == null || token != current || !now.isBefore(current.expiresAt())) {
                    return null;
                }
                nextRefreshAttempt = now.plus(RETRY_REFRESH_AFTER);
            }
            String reason = failure instanceof PlatformException ? failure.getMessage()
                    : failure.getClass().getSimpleName();
            LOG.log(System.Logger.Level.WARNING, () -> "a token could not be refreshed (" + reason + "); the cached"
                    + " one serves until it expires in " + Duration.between(now, current.expiresAt()).toSeconds()
                    + " s, and the refresh is tried again in " + RETRY_REFRESH_AFTER.toSeconds() + " s");
            return current;
        }

        private void finish(CompletableFuture<Cached> flight, Cached result, Throwable failure) {
            synchronized (this) {
                inFlight = null;
            }
            if (failure != null) {
                flight.completeExceptionally(failure);
            } else {
                flight.complete(result);
            }
        }

        private String await(CompletableFuture<Cached> flight) {
            try {
                return flight.join().value();
            } catch (CompletionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (cause instanceof Error error) {
                    throw error;
                }
                throw e;
            }
        }

        synchronized void invalidate(String refusedToken) {
            if (token != null && token.value().equals(refusedToken)) {
                token = null;
            }
        }

        synchronized boolean isStale(Instant now) {
            return inFlight == null && (token == null || !now.isBefore(token.expiresAt()))
                    && !holds(failedUntil, FAILED_FETCH_HOLD, now);
        }
    }

    /**
     * Whether a hold of {@code length} that ends at {@code end} still holds at {@code now}. A wall clock stepped
     * back since the hold began (an NTP correction, a restored VM) would otherwise stretch it by the step.
     */
    static boolean holds(Instant end, Duration length, Instant now) {
        return end != null && now.isBefore(end) && !now.isBefore(end.minus(length));
    }
}
