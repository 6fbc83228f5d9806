package dev.onekycbridge.adapter.onekyc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.core.port.out.PlatformUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The token cache alone, on a clock the tests move. */
class TokenCacheTest {
    /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
    private static final Logger PACKAGE_LOGGER = Logger.getLogger("dev.onekycbridge.adapter.onekyc");

    private final TestPlatform.SettableClock clock = new TestPlatform.SettableClock(Instant.parse("2026-06-01T00:00:00Z"));
    private final TokenCache<String> cache = new TokenCache<>(clock, Duration.ofSeconds(300));
    private final AtomicInteger fetches = new AtomicInteger();

    /** A fetch that counts its calls and issues {@code value}, valid for 30 minutes. */
    private Supplier<TokenCache.Issued> issuing(String value) {
        return () -> {
            fetches.incrementAndGet();
            return new TokenCache.Issued(value, clock.instant().plus(Duration.ofMinutes(30)));
        };
    }

    /** A fetch that counts its calls and fails as an unreachable token host does. */
    private Supplier<TokenCache.Issued> failing() {
        return () -> {
            fetches.incrementAndGet();
            throw new PlatformUnavailableException("esign.token answered HTTP 503 after 3 attempt(s)", 503, null,
                    null);
        };
    }

    /** With no token to fall back on, as with credentials the token host refuses. */
    @Nested
    class FailedFetch {
        @Test
        void aFailedFetchIsEveryCallersAnswerForAWhileWithoutAskingAgain() {
            assertThatThrownBy(() -> cache.get("k", failing())).isInstanceOf(PlatformUnavailableException.class);
            clock.advance(TokenCache.FAILED_FETCH_HOLD.minusMillis(1));
            for (int i = 0; i < 100; i++) {
                assertThatThrownBy(() -> cache.get("k", failing())).isInstanceOf(PlatformUnavailableException.class)
                        .hasMessageContaining("HTTP 503");
            }
            assertThat(fetches).hasValue(1);

            clock.advance(Duration.ofMillis(1));
            assertThat(cache.get("k", issuing("after"))).isEqualTo("after");
            assertThat(fetches).hasValue(2);
        }

        @Test
        void aClockSteppedBackAfterAFailedFetchDoesNotStretchTheHold() {
            assertThatThrownBy(() -> cache.get("k", failing())).isInstanceOf(PlatformUnavailableException.class);
            clock.advance(Duration.ofHours(-1));

            assertThat(cache.get("k", issuing("after the step"))).isEqualTo("after the step");
            assertThat(fetches).hasValue(2);
        }

        @Test
        void theHeldFailureIsOfItsKeyOnly() {
            assertThatThrownBy(() -> cache.get("k", failing())).isInstanceOf(PlatformUnavailableException.class);

            assertThat(cache.get("other", issuing("other"))).isEqualTo("other");
        }
    }

    @Nested
    class FailedRefresh {
        private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        private final Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };

        @BeforeEach
        void cacheAToken() {
            PACKAGE_LOGGER.addHandler(capture);
            assertThat(cache.get("k", issuing("first"))).isEqualTo("first");
            fetches.set(0);
        }

        @AfterEach
        void stopCapturing() {
            PACKAGE_LOGGER.removeHandler(capture);
        }

        @Test
        void aFailedEarlyRefreshServesTheCachedTokenAndSaysSoWithoutIt() {
            clock.advance(Duration.ofMinutes(25));

            assertThat(cache.get("k", failing())).isEqualTo("first");

            assertThat(fetches).hasValue(1);
            assertThat(warnings).singleElement().satisfies(record -> assertThat(record.getMessage())
                    .contains("could not be refreshed", "esign.token answered HTTP 503", "expires in 300 s")
                    .doesNotContain("first"));
        }

        @Test
        void afterAFailedRefreshTheNextAttemptWaitsItsInterval() {
            clock.advance(Duration.ofMinutes(25));
            cache.get("k", failing());

            for (int i = 0; i < 100; i++) {
                assertThat(cache.get("k", failing())).isEqualTo("first");
            }
            clock.advance(TokenCache.RETRY_REFRESH_AFTER.minusSeconds(1));
            assertThat(cache.get("k", failing())).isEqualTo("first");
            assertThat(fetches).hasValue(1);

            clock.advance(Duration.ofSeconds(1));
            assertThat(cache.get("k", failing())).isEqualTo("first");
            assertThat(fetches).hasValue(2);

            clock.advance(TokenCache.RETRY_REFRESH_AFTER);
            assertThat(cache.get("k", issuing("second"))).isEqualTo("second");
            assertThat(cache.get("k", failing())).isEqualTo("second");
            assertThat(fetches).hasValue(3);
        }

        @Test
        void aClockSteppedBackAfterAFailedRefreshDoesNotPutTheNextAttemptOff() {
            clock.advance(Duration.ofMinutes(27));
            cache.get("k", failing());
            clock.advance(Duration.ofMinutes(-1)); // still past the time to refresh: 26 of 30 minutes

            assertThat(cache.get("k", issuing("second"))).isEqualTo("second");
            assertThat(fetches).hasValue(2);
        }

        @Test
        void onceTheTokenHasExpiredAFailedRefreshIsTheCallersFailure() {
            clock.advance(Duration.ofMinutes(25));
            cache.get("k", failing());
            clock.advance(Duration.ofMinutes(5));

            assertThatThrownBy(() -> cache.get("k", failing())).isInstanceOf(PlatformUnavailableException.class);
            assertThat(fetches).hasValue(2);
        }

        @Test
        void aTokenThePlatformRefusedIsNotFallenBackOn() {
            clock.advance(Duration.ofMinutes(25));
            cache.invalidate("k", "first");

            assertThatThrownBy(() -> cache.get("k", failing())).isInstanceOf(PlatformUnavailableException.class);
        }

        @Test
        void whileARefreshRunsCallersWithAValidTokenDoNotWaitForIt() throws Exception {
            clock.advance(Duration.ofMinutes(25));
            CountDownLatch fetching = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(2);
            Future<String> refreshing = threads.submit(() -> cache.get("k", () -> {
                fetching.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new TokenCache.Issued("second", clock.instant().plus(Duration.ofMinutes(30)));
            }));
            assertThat(fetching.await(10, TimeUnit.SECONDS)).isTrue();

            // On another thread, so that a caller kept waiting fails the test instead of blocking it.
            Future<String> meanwhile = threads.submit(() -> cache.get("k", failing()));
            try {
                assertThat(meanwhile.get(10, TimeUnit.SECONDS)).isEqualTo("first");
            } finally {
                release.countDown();
            }
            assertThat(fetches).hasValue(0);

            assertThat(refreshing.get(10, TimeUnit.SECONDS)).isEqualTo("second");
            assertThat(cache.get("k", failing())).isEqualTo("second");
            threads.shutdownNow();
        }
    }

    @Nested
    class Pruning {
        private void fill(int count, String prefix) {
            for (int i = 0; i < count; i++) {
                cache.get(prefix + i, issuing("t"));
            }
        }

        @Test
        void aLargeMapIsNotScannedOnEveryCall() {
            fill(TokenCache.PRUNE_ABOVE + 1, "user-");
            int passes = cache.prunePasses();

            for (int i = 0; i < 1000; i++) {
                cache.get("user-" + i, issuing("t"));
                cache.get("esign-partner", issuing("t"));
            }

            assertThat(passes).isEqualTo(0);
            assertThat(cache.prunePasses()).isEqualTo(1);
        }

        @Test
        void aLargeMapIsScannedAgainAfterTheIntervalAndItsExpiredTokensGo() {
            fill(TokenCache.PRUNE_ABOVE + 1, "user-");
            cache.get("esign-partner", issuing("t"));
            clock.advance(Duration.ofHours(1));

            cache.get("esign-partner", issuing("t"));

            assertThat(cache.prunePasses()).isEqualTo(2);
            assertThat(cache.size()).isEqualTo(1);
        }

        @Test
        void aClockSteppedBackDoesNotHoldOffTheNextScan() {
            fill(TokenCache.PRUNE_ABOVE + 1, "user-");
            cache.get("esign-partner", issuing("t"));
            assertThat(cache.prunePasses()).isEqualTo(1);
            clock.advance(Duration.ofHours(-2));

            cache.get("esign-partner", issuing("t"));

            assertThat(cache.prunePasses()).isEqualTo(2);
        }

        @Test
        void aMapThatDoublesWithinTheIntervalIsScannedAgain() {
            fill(TokenCache.PRUNE_ABOVE + 2, "user-");
            assertThat(cache.prunePasses()).isEqualTo(1);

            fill(TokenCache.PRUNE_ABOVE + 10, "other-");

            assertThat(cache.prunePasses()).isEqualTo(2);
        }
    }
}
