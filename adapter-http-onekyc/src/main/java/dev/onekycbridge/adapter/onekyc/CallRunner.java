package dev.onekycbridge.adapter.onekyc;

import dev.onekycbridge.core.port.out.PlatformAuthenticationException;
import dev.onekycbridge.core.port.out.PlatformError;
import dev.onekycbridge.core.port.out.PlatformException;
import dev.onekycbridge.core.port.out.PlatformRejectedException;
import dev.onekycbridge.core.port.out.PlatformUnavailableException;
import java.io.IOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;

/**
 * Runs one logical call: retries transient failures (I/O, timeouts, 5xx, 429, and a server's own timeout waiting for
 * the request: 408, or the storage's 400 {@code RequestTimeout}) with backoff, replays once after a 401 with a fresh
 * token (and after a 403 of code 110 where the token source says that refuses its token), and turns what is left into
 * the core's exceptions; a redirect is transient too, but not retried at once. The HTTP status decides the exception
 * type; the envelope's codes only travel with it, with two exceptions: a 429 {@code SUBMISSION_QUOTA_EXCEEDED} says the
 * user's submission attempts are exhausted (onekyc-api.md §6.4, §9), which no wait changes, so it is a refusal, not a
 * transient failure; and a refusal of the onboarding partner (403 {@code ONBOARDING_PARTNER_DOES_NOT_BELONG_TO_CLIENT},
 * 400 {@code INVALID_PARTNER}, a partner that "can not be empty") refuses the deployment's settings, not the request,
 * so it is a {@link PlatformAuthenticationException}, as a token host's refusal is.
 */
final class CallRunner {
    /** One attempt of the call, with the token of this attempt (null for calls without a token). */
    @FunctionalInterface
    interface Exchange {
        HttpResult execute(String token) throws IOException;
    }

    /** Where a call gets its token, and how it drops one the platform refused. */
    interface TokenSource {
        String token();

        void invalidate(String refusedToken);

        /**
         * Whether a 403 of code 110 (the platform's unauthorized / invalid-token code, onekyc-api.md §2.1, §8.1)
         * refuses this source's token, as a 401 does: so for the COE user token, whose confirm answers 403
         * {@code 110 FORBIDDEN} (§6.4). Not for the partner tokens, where no page gives that answer.
         */
        default boolean forbiddenRefusesToken() {
            return false;
        }
    }

    private static final System.Logger LOG = System.getLogger("dev.onekycbridge.adapter.onekyc");

    private final RetryPolicy policy;
    private final OneKycClientConfig.Sleeper sleeper;
    private final Clock clock;
    private final ClientMetrics metrics;
    private final DoubleSupplier random;
    private final BooleanSupplier closed;

    /** @param closed whether the client was closed: a call that fails then was cut off, and is not tried again */
    CallRunner(RetryPolicy policy, OneKycClientConfig.Sleeper sleeper, Clock clock, ClientMetrics metrics,
               DoubleSupplier random, BooleanSupplier closed) {
        this.closed = closed;
        this.policy = policy;
        this.sleeper = sleeper;
        this.clock = clock;
        this.metrics = metrics;
        this.random = random;
    }

    /** Runs the call and returns its 2xx answer; anything else is thrown as the matching platform exception. */
    HttpResult call(String name, TokenSource tokens, Exchange exchange) {
        HttpResult result = exchange(name, tokens, exchange);
        if (result.isSuccessful()) {
            return result;
        }
        throw failure(name, result);
    }

    /** The platform exception that a final answer other than 2xx (see {@link #exchange}) stands for. */
    static PlatformException failure(String name, HttpResult result) {
        List<PlatformError> errors = ErrorEnvelope.parse(result.body());
        if (result.status() == 401) {
            return new PlatformAuthenticationException(
                    name + " refused the credentials with HTTP 401" + ErrorEnvelope.summary(errors), null);
        }
        if (ErrorEnvelope.saysOnboardingPartnerRefused(errors)) {
            // The deployment's onboarding partner is not its client's, not valid for the flow, or not there: a
            // setting to fix, as the COE token host's same refusal is, not the fault of the submission that carried
            // it, which would otherwise fail for good, and every other one with it. The message names the call and
            // the platform's codes only, never the setting's value.
            return new PlatformAuthenticationException(name + " refused the onboarding partner with HTTP "
                    + result.status() + ErrorEnvelope.summary(errors),
                    new PlatformRejectedException(result.status(), errors));
        }
        if (errors.isEmpty() && result.status() < 500) {
            // Every refusal the platform documents carries its error envelope. A 4xx without one comes from what
            // stands in between (a firewall, a proxy, a wrong base URL): taken as the platform's refusal, it
            // would fail every submission due while it lasts.
            return new PlatformUnavailableException(name + " answered HTTP " + result.status() + " without the"
                    + " platform's error envelope: a proxy, a firewall or the base URL may be in the way",
                    result.status(), null, null);
        }
        return new PlatformRejectedException(result.status(), errors);
    }

    /**
     * Runs the call past transient failures and, for a call with a token, one refusal of the token (see
     * {@link #refusesToken}). Returns the first answer that is not transient, whatever its status.
     */
    HttpResult exchange(String name, TokenSource tokens, Exchange exchange) {
        boolean replayed = false;
        int attempt = 1;
        while (true) {
            String token = tokens == null ? null : tokens.token();
            HttpResult result;
            try {
                result = exchange.execute(token);
            } catch (IllegalArgumentException | IllegalStateException e) {
                // OkHttp throws these for answers it cannot take apart (e.g. a Retry-After beyond an int) and for
                // header values it will not send; their messages may quote what they refused, so they are dropped.
                throw new PlatformUnavailableException(name + " could not be exchanged with the platform ("
                        + e.getClass().getSimpleName() + ")", 0, null, null);
            } catch (BodySizeLimit.TooLargeException e) {
                // Not retried: the same server would most likely send the same body again.
                throw new PlatformUnavailableException(name + " answered HTTP " + e.status() + " with a body of more"
                        + " than " + BodySizeLimit.LIMIT + "; refused", e.status(), null, e);
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new PlatformUnavailableException(name + " was interrupted", 0, null, e);
                }
                if (closed.getAsBoolean()) {
                    throw new PlatformUnavailableException(name + " was cut off: the client was closed", 0, null, e);
                }
                String failure = name + " failed without an answer (" + e.getClass().getSimpleName() + ")";
                if (attempt >= policy.maxAttempts()) {
                    throw new PlatformUnavailableException(failure + " after " + attempt + " attempt(s)", 0, null,
                            e);
                }
                attempt++;
                pause(name, attempt, policy.backoff(attempt - 1, random.getAsDouble()), failure, e);
                continue;
            }

            int status = result.status();
            if (tokens != null && refusesToken(tokens, result)) {
                List<PlatformError> errors = ErrorEnvelope.parse(result.body());
                if (replayed) {
                    // A 403 goes with its refusal, so that its code and cause are what the submission records.
                    throw new PlatformAuthenticationException(name + " was refused with HTTP " + status + " even"
                            + " with a fresh token" + ErrorEnvelope.summary(errors),
                            status == 401 ? null : new PlatformRejectedException(status, errors));
                }
                replayed = true;
                tokens.invalidate(token);
                notify(() -> metrics.replayingAfterUnauthorized(name));
                LOG.log(System.Logger.Level.DEBUG, () -> name + " got HTTP " + status
                        + "; replaying once with a fresh token");
                continue;
            }
            if (status == 429 && ErrorEnvelope.saysQuotaExceeded(ErrorEnvelope.parse(result.body()))) {
                return result;
            }
            if (status == 429 || status >= 500 || timedOutWaitingForTheRequest(result)) {
                Duration retryAfter = retryAfter(result.retryAfter(), clock.instant());
                String failure = name + " answered HTTP " + status
                        + ErrorEnvelope.summary(ErrorEnvelope.parse(result.body()));
                if (attempt >= policy.maxAttempts()) {
                    throw new PlatformUnavailableException(failure + " after " + attempt + " attempt(s)", status,
                            retryAfter, null);
                }
                if (retryAfter != null && retryAfter.compareTo(policy.maxDelay()) > 0) {
                    throw new PlatformUnavailableException(failure + " and asked to retry after "
                            + retryAfter.toSeconds() + " s", status, retryAfter, null);
                }
                attempt++;
                Duration delay = retryAfter != null ? retryAfter
                        : policy.backoff(attempt - 1, random.getAsDouble());
                pause(name, attempt, delay, failure, null);
                continue;
            }
            if (status >= 300 && status < 400) {
                // Not followed (see OneKycClient), and not the platform's word on the request: a base URL or a
                // proxy sends the call elsewhere. Asking again gets the same answer; the caller comes back later.
                throw new PlatformUnavailableException(name + " answered HTTP " + status + ", a redirect, which"
                        + " the client does not follow; check the base URL", status, null, null);
            }
            return result;
        }
    }

    /**
     * A 401, or a 403 of code 110 from a source whose token that refuses: an expired or revoked token, or one that
     * no longer fits the deployment's settings, which a fresh token may cure. A 403 refusing the onboarding
     * partner is left to {@link #failure}: a fresh token carries the same setting.
     */
    private static boolean refusesToken(TokenSource tokens, HttpResult result) {
        return result.status() == 401 || result.status() == 403 && tokens.forbiddenRefusesToken()
                && ErrorEnvelope.saysTokenRefused(ErrorEnvelope.parse(result.body()));
    }

    /**
     * 408, or the 400 {@code RequestTimeout} of S3-style object storage (the presigned uploads): the server gave up
     * waiting for the request's bytes, so nothing was done with it, and sending it again may well succeed.
     */
    private static boolean timedOutWaitingForTheRequest(HttpResult result) {
        return result.status() == 408
                || result.status() == 400 && StorageError.code(result.body()).filter("RequestTimeout"::equals)
                .isPresent();
    }

    private void pause(String name, int nextAttempt, Duration delay, String failure, Throwable cause) {
        notify(() -> metrics.retrying(name, nextAttempt, delay));
        LOG.log(System.Logger.Level.DEBUG, () -> failure + "; attempt " + nextAttempt + " of "
                + policy.maxAttempts() + " in " + delay.toMillis() + " ms");
        try {
            if (!delay.isZero()) {
                sleeper.sleep(delay);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformUnavailableException(name + " was interrupted while waiting to retry", 0, null,
                    cause != null ? cause : e);
        }
    }

    private static void notify(Runnable listener) {
        try {
            listener.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "a metrics listener failed: " + e.getClass().getName());
        }
    }

    /** {@code Retry-After} as delay-seconds or an HTTP-date; null when absent or unreadable. */
    static Duration retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                return Duration.ofSeconds(Long.parseLong(value));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeException e) {
            return null;
        }
    }
}
