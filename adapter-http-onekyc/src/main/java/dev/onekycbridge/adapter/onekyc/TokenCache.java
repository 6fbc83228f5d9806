package dev.onekycbridge.adapter.onekyc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
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
 */
final class TokenCache<K> {
    static final Duration MIN_LIFETIME = Duration.ofSeconds(60);
    static final Duration MAX_LIFETIME = Duration.ofHours(24);
    /** When the platform states no expiry at all: its documented default, 30 minutes. */
    static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(30);
    private static final int PRUNE_ABOVE = 10_000;

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

    TokenCache(Clock clock, Duration refreshMargin) {
        this.clock = clock;
        this.refreshMargin = refreshMargin;
    }

    /** The cached token of this key, or a fresh one from {@code fetch} (one fetch per key at a time). */
    String get(K key, Supplier<Issued> fetch) {
        if (slots.size() > PRUNE_ABOVE) {
            prune();
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

    private void prune() {
        Instant now = clock.instant();
        slots.entrySet().removeIf(entry -> entry.getValue().isStale(now));
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

        String get(Supplier<Issued> fetch) {
            CompletableFuture<Cached> flight;
            boolean owner = false;
            synchronized (this) {
                if (token != null && clock.instant().isBefore(token.refreshAt())) {
                    return token.value();
                }
                if (inFlight == null) {
                    inFlight = new CompletableFuture<>();
                    owner = true;
                }
                flight = inFlight;
            }
            if (owner) {
                try {
                    Cached fresh = cache(fetch.get());
                    synchronized (this) {
                        token = fresh;
                        inFlight = null;
                    }
                    flight.complete(fresh);
                    return fresh.value();
                } catch (RuntimeException | Error e) {
                    synchronized (this) {
                        inFlight = null;
                    }
                    flight.completeExceptionally(e);
                    throw e;
                }
            }
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
            return inFlight == null && (token == null || !now.isBefore(token.expiresAt()));
        }
    }
}
