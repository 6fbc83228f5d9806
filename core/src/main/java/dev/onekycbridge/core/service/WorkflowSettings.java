package dev.onekycbridge.core.service;

import dev.onekycbridge.core.document.DocumentLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * How the durable workflow paces itself.
 *
 * @param pollAfter how long to wait for a callback after confirm (or launch) before polling
 * @param pollBackoff the pace of polls while no final result has come
 * @param retryBackoff the pace of retries after transient failures
 * @param parkBackoff the pace of retries of callbacks whose submission is not known (yet)
 * @param matchWindow how long after its arrival a callback whose submission is not known is retried; then it is
 *     kept as {@code UNMATCHED} and retried no more, so that callbacks that will never match (another
 *     environment's, a flood) do not come back forever. The driver polls for every result a callback would have
 *     brought.
 * @param lease how long a claim holds a submission for one worker, renewed while its step runs
 *     ({@code renewClaims}): a step may outlast it when its calls retry; and the time after which another
 *     instance takes over from one that died
 * @param callbackLease how long a worker holds a stored callback it applies (quick work: a short lease lets
 *     another instance take over soon after a crash); renewed before an entry of a claimed batch is processed once
 *     it is half over, and extended to {@code lease} while a KTP scan's details are read
 * @param launchGrace how long the driver leaves a new identity verification alone, for the request that launches
 *     it inline to claim it (it holds that claim's lease while it launches)
 */
public record WorkflowSettings(Duration pollAfter, Backoff pollBackoff, Backoff retryBackoff, Backoff parkBackoff,
                               Duration matchWindow, Duration lease, Duration callbackLease, Duration launchGrace,
                               DocumentLimits documentLimits) {
    public static final WorkflowSettings DEFAULT = new WorkflowSettings(
            Duration.ofMinutes(10),
            new Backoff(Duration.ofSeconds(30), Duration.ofMinutes(30)),
            new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5)),
            new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(30)),
            Duration.ofDays(1),
            Duration.ofMinutes(10),
            Duration.ofMinutes(1),
            Duration.ofSeconds(30),
            DocumentLimits.DEFAULT);

    public WorkflowSettings {
        Objects.requireNonNull(pollAfter, "pollAfter");
        Objects.requireNonNull(pollBackoff, "pollBackoff");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        Objects.requireNonNull(parkBackoff, "parkBackoff");
        Objects.requireNonNull(matchWindow, "matchWindow");
        if (matchWindow.isNegative()) {
            throw new IllegalArgumentException("matchWindow must not be negative");
        }
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(callbackLease, "callbackLease");
        Objects.requireNonNull(launchGrace, "launchGrace");
        Objects.requireNonNull(documentLimits, "documentLimits");
    }

    public WorkflowSettings withPollAfter(Duration value) {
        return new WorkflowSettings(value, pollBackoff, retryBackoff, parkBackoff, matchWindow, lease, callbackLease,
                launchGrace, documentLimits);
    }

    public WorkflowSettings withPollBackoff(Backoff value) {
        return new WorkflowSettings(pollAfter, value, retryBackoff, parkBackoff, matchWindow, lease, callbackLease,
                launchGrace, documentLimits);
    }

    public WorkflowSettings withRetryBackoff(Backoff value) {
        return new WorkflowSettings(pollAfter, pollBackoff, value, parkBackoff, matchWindow, lease, callbackLease,
                launchGrace, documentLimits);
    }

    public WorkflowSettings withParkBackoff(Backoff value) {
        return new WorkflowSettings(pollAfter, pollBackoff, retryBackoff, value, matchWindow, lease, callbackLease,
                launchGrace, documentLimits);
    }

    public WorkflowSettings withMatchWindow(Duration value) {
        return new WorkflowSettings(pollAfter, pollBackoff, retryBackoff, parkBackoff, value, lease, callbackLease,
                launchGrace, documentLimits);
    }

    public WorkflowSettings withLease(Duration value) {
        return new WorkflowSettings(pollAfter, pollBackoff, retryBackoff, parkBackoff, matchWindow, value,
                callbackLease, launchGrace, documentLimits);
    }

    public WorkflowSettings withCallbackLease(Duration value) {
        return new WorkflowSettings(pollAfter, pollBackoff, retryBackoff, parkBackoff, matchWindow, lease, value,
                launchGrace, documentLimits);
    }

    public WorkflowSettings withDocumentLimits(DocumentLimits value) {
        return new WorkflowSettings(pollAfter, pollBackoff, retryBackoff, parkBackoff, matchWindow, lease,
                callbackLease, launchGrace, value);
    }
}
