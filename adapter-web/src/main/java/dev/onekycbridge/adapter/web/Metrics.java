package dev.onekycbridge.adapter.web;

import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.callback.InboxBacklog;
import dev.onekycbridge.core.event.SubmissionEvent;
import dev.onekycbridge.core.event.SubmissionListener;
import dev.onekycbridge.core.port.out.CallbackObserver;
import dev.onekycbridge.core.port.out.DriverObserver;
import dev.onekycbridge.core.port.out.DriverStep;
import dev.onekycbridge.core.submission.FlowType;
import dev.onekycbridge.core.submission.HistoryEntry;
import dev.onekycbridge.core.submission.HistoryKind;
import dev.onekycbridge.core.submission.ReportEffect;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The service's metrics, kept in memory and written in the Prometheus text exposition format 0.0.4. Pass one
 * instance to the core services (it observes the driver, the callback service and submission events), to the
 * web adapter through {@link WebPorts}, and call {@link #incrementTokenRefreshes()} and
 * {@link #incrementClientRetries()} from the platform client's listener. Thread-safe; every method is quick and
 * never throws.
 *
 * <ul>
 *   <li>{@code onekyc_bridge_http_requests_total{route,method,status}} — requests served, by route pattern (or
 *   {@code unmatched}), method (a standard one, or {@code OTHER}) and the status of their answer, or
 *   {@code closed} for one whose connection closed before an answer was sent (see {@link AccessLog})</li>
 *   <li>{@code onekyc_bridge_http_requests_timed_out_total{phase}} — requests cut off because their headers or
 *   body arrived too slowly (see {@link ArrivalPhase}); a connection closed while idle, before any byte of a
 *   request, is not one</li>
 *   <li>{@code onekyc_bridge_http_body_memory_waits_total{outcome}} — requests that waited for memory to read their
 *   body in: admitted, refused (503), abandoned (see {@link BodyMemory})</li>
 *   <li>{@code onekyc_bridge_http_disk_reserve_refusals_total} — registrations refused (503) to keep the disk
 *   reserve free (see {@link DiskReserve})</li>
 *   <li>{@code onekyc_bridge_callbacks_received_total{channel,outcome}} — accepted, duplicate, rejected</li>
 *   <li>{@code onekyc_bridge_callbacks_processed_total{channel,outcome}} — applied, parked, unmatched, rejected</li>
 *   <li>{@code onekyc_bridge_driver_steps_total{kind,result}} — completed, retrying, failed</li>
 *   <li>{@code onekyc_bridge_driver_polls_total} — polls of the platform for a result</li>
 *   <li>{@code onekyc_bridge_report_conflicts_total{flow,source}} — reports kept as conflicts for an operator,
 *   never applied: one that contradicts a final result, or says the platform went on with a submission the bridge
 *   ended (source {@code CALLBACK} or {@code POLL})</li>
 *   <li>{@code onekyc_bridge_client_retries_total}, {@code onekyc_bridge_token_refreshes_total}</li>
 *   <li>{@code onekyc_bridge_submissions{status}} — submissions per status, read at scrape time</li>
 *   <li>{@code onekyc_bridge_callbacks_waiting{state}} — stored callbacks still to be applied, PENDING or PARKED,
 *   read at scrape time from the inbox's waiting entries alone (never from the settled ones kept for audit)</li>
 *   <li>{@code onekyc_bridge_callbacks_oldest_overdue_seconds} — how long the earliest due of those has been due, 0
 *   when none is: it grows while the callback worker is stuck or the store fails its rounds (a parked callback is
 *   not due before its retry time)</li>
 *   <li>{@code onekyc_bridge_store_write_failures_total{target}} — writes the store could not make (a full disk,
 *   a file made read-only, a lock held too long), by target ({@code database}, {@code images}); read at scrape
 *   time from {@link #countStoreWriteFailuresWith}</li>
 *   <li>{@code onekyc_bridge_result_lag_seconds{flow}} — histogram of the time from confirm (for an identity
 *   verification: from its launch) to a final result from the platform (COMPLETED or ERROR)</li>
 * </ul>
 */
public final class Metrics implements DriverObserver, CallbackObserver, SubmissionListener {
    /** The content type of {@link #scrape}'s text. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** Upper bounds of the result-lag buckets, in seconds: from a second to a day. */
    static final double[] LAG_BUCKETS = {1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600, 86400};

    private static final String PREFIX = "onekyc_bridge_";
    private static final Set<String> STANDARD_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
            "OPTIONS");
    private static final String OTHER_METHOD = "OTHER";

    private final ConcurrentMap<List<String>, LongAdder> httpRequests = new ConcurrentHashMap<>();
    private final ConcurrentMap<List<String>, LongAdder> requestsTimedOut = new ConcurrentHashMap<>();
    private final ConcurrentMap<List<String>, LongAdder> bodyMemoryWaits = new ConcurrentHashMap<>();
    private final ConcurrentMap<List<String>, LongAdder> callbacksReceived = new ConcurrentHashMap<>();
    private final ConcurrentMap<List<String>, LongAdder> callbacksProcessed = new ConcurrentHashMap<>();
    private final ConcurrentMap<List<String>, LongAdder> driverSteps = new ConcurrentHashMap<>();
    private final ConcurrentMap<List<String>, LongAdder> reportConflicts = new ConcurrentHashMap<>();
    private final LongAdder diskReserveRefusals = new LongAdder();
    private final LongAdder polls = new LongAdder();
    private final LongAdder clientRetries = new LongAdder();
    private final LongAdder tokenRefreshes = new LongAdder();
    private final ConcurrentMap<FlowType, Histogram> resultLag = new ConcurrentHashMap<>();
    private volatile Supplier<Map<String, Long>> storeWriteFailures = Map::of;

    /**
     * Counts one served HTTP request; {@code route} is the route pattern (e.g. {@code /v1/submissions/:id}). A
     * method outside the standard ones counts as {@code OTHER}: a client may send any token as a method, and each
     * would otherwise add a series for good.
     */
    public void recordHttpRequest(String route, String method, int status) {
        recordHttpRequest(route, method, Integer.toString(status));
    }

    /**
     * As {@link #recordHttpRequest(String, String, int)}, with the status as its label: a number, or
     * {@value AccessLog#CLOSED} for a request whose connection closed before an answer was sent.
     */
    void recordHttpRequest(String route, String method, String status) {
        increment(httpRequests, route, STANDARD_METHODS.contains(method) ? method : OTHER_METHOD, status);
    }

    /** A request was cut off: its headers or its body did not arrive in time. */
    void recordRequestTimedOut(ArrivalPhase phase) {
        increment(requestsTimedOut, phase.label());
    }

    /** A request waited for memory to read its body in, and this is how the wait ended. */
    void recordBodyMemoryWait(BodyMemory.WaitOutcome outcome) {
        increment(bodyMemoryWaits, outcome.label());
    }

    /** A registration was refused to keep the disk reserve free. */
    void recordDiskReserveRefusal() {
        diskReserveRefusals.increment();
    }

    /**
     * Where the store's failed writes are counted, by target; read at every scrape, and never throws there. Until
     * this is called, the counter is left out.
     */
    public void countStoreWriteFailuresWith(Supplier<Map<String, Long>> failuresByTarget) {
        this.storeWriteFailures = Objects.requireNonNull(failuresByTarget, "failuresByTarget");
    }

    /** The platform client fetched a new token. */
    public void incrementTokenRefreshes() {
        tokenRefreshes.increment();
    }

    /** The platform client retried a call. */
    public void incrementClientRetries() {
        clientRetries.increment();
    }

    @Override
    public void stepCompleted(DriverStep kind) {
        increment(driverSteps, kind.name(), "completed");
    }

    @Override
    public void stepFailed(DriverStep kind, boolean willRetry) {
        increment(driverSteps, kind.name(), willRetry ? "retrying" : "failed");
    }

    @Override
    public void polled() {
        polls.increment();
    }

    @Override
    public void received(CallbackChannel channel, String outcome) {
        increment(callbacksReceived, channel.name(), String.valueOf(outcome));
    }

    @Override
    public void processed(CallbackChannel channel, String outcome) {
        increment(callbacksProcessed, channel.name(), String.valueOf(outcome));
    }

    /**
     * Observes the result lag when a submission reaches COMPLETED or ERROR, and counts the reports kept as
     * conflicts.
     */
    @Override
    public void onEvent(SubmissionEvent event) {
        try {
            if (event.effect() == ReportEffect.CONFLICT) {
                List<HistoryEntry> history = event.submission().history();
                String source = history.isEmpty() ? "" : history.get(history.size() - 1).source().name();
                increment(reportConflicts, event.submission().flow().name(), source);
            }
            if (!event.finished()) {
                return;
            }
            resultLag(event.submission()).ifPresent(lag -> resultLag
                    .computeIfAbsent(event.submission().flow(), flow -> new Histogram(LAG_BUCKETS))
                    .observe(lag.toMillis() / 1000.0));
        } catch (RuntimeException e) {
            // Metrics never break the caller.
        }
    }

    /**
     * From the confirm (the launch, for an identity verification) to the final result, as the submission's
     * history records them; empty when the submission did not end with a platform result.
     */
    static java.util.Optional<Duration> resultLag(Submission submission) {
        SubmissionStatus status = submission.status();
        if (status != SubmissionStatus.COMPLETED && status != SubmissionStatus.ERROR) {
            return java.util.Optional.empty();
        }
        SubmissionStatus start = submission.flow() == FlowType.SIV ? SubmissionStatus.INITIATED
                : SubmissionStatus.CONFIRMED;
        Instant started = null;
        Instant finished = null;
        for (HistoryEntry entry : submission.history()) {
            if (entry.kind() != HistoryKind.TRANSITION) {
                continue;
            }
            if (started == null && entry.to() == start) {
                started = entry.at();
            }
            if (entry.to() == status) {
                finished = entry.at();
            }
        }
        if (started == null || finished == null || finished.isBefore(started)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(Duration.between(started, finished));
    }

    /**
     * Everything in the Prometheus text format but the callback gauges (see {@link #scrape(Map, InboxBacklog)}).
     */
    public String scrape(Map<SubmissionStatus, Long> submissionsByStatus) {
        return scrape(submissionsByStatus, null);
    }

    /**
     * Everything in the Prometheus text format.
     *
     * @param submissionsByStatus the current count per status (from the submission catalog), or null when it
     *     could not be read: the gauge is then left out
     * @param callbacksWaiting the inbox's waiting callbacks, or null when they could not be read: their gauges are
     *     then left out
     */
    public String scrape(Map<SubmissionStatus, Long> submissionsByStatus, InboxBacklog callbacksWaiting) {
        return scrape(submissionsByStatus, callbacksWaiting, Instant.now());
    }

    /** @param now the time the earliest waiting callback's due time is measured against */
    String scrape(Map<SubmissionStatus, Long> submissionsByStatus, InboxBacklog callbacksWaiting, Instant now) {
        StringBuilder out = new StringBuilder(4096);
        counter(out, "http_requests_total", "HTTP requests served, by route pattern, method and status"
                + " (closed: the connection closed before an answer was sent).",
                httpRequests, "route", "method", "status");
        counter(out, "http_requests_timed_out_total",
                "HTTP requests cut off because their headers or body arrived too slowly, by phase.",
                requestsTimedOut, "phase");
        counter(out, "http_body_memory_waits_total",
                "HTTP requests that waited for memory to read their body in, by how the wait ended.",
                bodyMemoryWaits, "outcome");
        single(out, "http_disk_reserve_refusals_total",
                "Registrations refused (503) because their images would leave less than the disk reserve free.",
                diskReserveRefusals);
        counter(out, "callbacks_received_total", "Callbacks received from the platform, by channel and outcome.",
                callbacksReceived, "channel", "outcome");
        counter(out, "callbacks_processed_total", "Stored callbacks processed, by channel and outcome.",
                callbacksProcessed, "channel", "outcome");
        counter(out, "driver_steps_total", "Workflow steps taken by the driver, by kind and result.",
                driverSteps, "kind", "result");
        single(out, "driver_polls_total", "Polls of the platform for a submission's result.", polls);
        counter(out, "report_conflicts_total", "Reports from the platform kept as conflicts for an operator (never"
                + " applied), by flow and source.", reportConflicts, "flow", "source");
        single(out, "client_retries_total", "Calls to the platform retried by the client.", clientRetries);
        single(out, "token_refreshes_total", "Platform tokens fetched by the client.", tokenRefreshes);
        storeWriteFailures(out);
        if (submissionsByStatus != null) {
            out.append("# HELP ").append(PREFIX).append("submissions Submissions in each status.\n");
            out.append("# TYPE ").append(PREFIX).append("submissions gauge\n");
            for (SubmissionStatus status : SubmissionStatus.values()) {
                long count = submissionsByStatus.getOrDefault(status, 0L);
                out.append(PREFIX).append("submissions{status=\"").append(status.name()).append("\"} ")
                        .append(count).append('\n');
            }
        }
        if (callbacksWaiting != null) {
            callbacksWaiting(out, callbacksWaiting, now);
        }
        out.append("# HELP ").append(PREFIX)
                .append("result_lag_seconds Time from confirm (or launch) to the platform's final result.\n");
        out.append("# TYPE ").append(PREFIX).append("result_lag_seconds histogram\n");
        new TreeMap<>(resultLag).forEach((flow, histogram) -> histogram.write(out,
                PREFIX + "result_lag_seconds", "flow=\"" + flow.name() + "\""));
        return out.toString();
    }

    private static void callbacksWaiting(StringBuilder out, InboxBacklog waiting, Instant now) {
        String name = PREFIX + "callbacks_waiting";
        out.append("# HELP ").append(name).append(" Stored callbacks still to be applied, by state.\n");
        out.append("# TYPE ").append(name).append(" gauge\n");
        out.append(name).append("{state=\"PENDING\"} ").append(waiting.pending()).append('\n');
        out.append(name).append("{state=\"PARKED\"} ").append(waiting.parked()).append('\n');
        name = PREFIX + "callbacks_oldest_overdue_seconds";
        out.append("# HELP ").append(name).append(" How long the earliest due stored callback has been due (0 when"
                + " none is).\n");
        out.append("# TYPE ").append(name).append(" gauge\n");
        out.append(name).append(' ').append(number(waiting.overdueAt(now).toMillis() / 1000.0)).append('\n');
    }

    private void storeWriteFailures(StringBuilder out) {
        Map<String, Long> failures;
        try {
            failures = new TreeMap<>(storeWriteFailures.get());
        } catch (RuntimeException e) {
            return;
        }
        if (failures.isEmpty()) {
            return;
        }
        String name = PREFIX + "store_write_failures_total";
        out.append("# HELP ").append(name).append(" Writes the store could not make, by target.\n");
        out.append("# TYPE ").append(name).append(" counter\n");
        failures.forEach((target, count) -> out.append(name).append("{target=\"").append(escape(target))
                .append("\"} ").append(count).append('\n'));
    }

    private static void increment(ConcurrentMap<List<String>, LongAdder> family, String... labels) {
        family.computeIfAbsent(List.of(labels), key -> new LongAdder()).increment();
    }

    private static void counter(StringBuilder out, String name, String help,
                                ConcurrentMap<List<String>, LongAdder> family, String... labelNames) {
        out.append("# HELP ").append(PREFIX).append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(PREFIX).append(name).append(" counter\n");
        TreeMap<String, Long> lines = new TreeMap<>();
        family.forEach((labels, value) -> {
            StringBuilder line = new StringBuilder(PREFIX).append(name).append('{');
            for (int i = 0; i < labelNames.length; i++) {
                if (i > 0) {
                    line.append(',');
                }
                line.append(labelNames[i]).append("=\"").append(escape(labels.get(i))).append('"');
            }
            lines.put(line.append('}').toString(), value.sum());
        });
        lines.forEach((line, value) -> out.append(line).append(' ').append(value).append('\n'));
    }

    private static void single(StringBuilder out, String name, String help, LongAdder value) {
        out.append("# HELP ").append(PREFIX).append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(PREFIX).append(name).append(" counter\n");
        out.append(PREFIX).append(name).append(' ').append(value.sum()).append('\n');
    }

    /** Label values escaped as the format requires: backslash, double quote and line feed. */
    static String escape(String value) {
        if (value == null) {
            return "";
        }
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String number(double value) {
        if (value == Math.rint(value) && !Double.isInfinite(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    /** A cumulative histogram with fixed buckets. */
    private static final class Histogram {
        private final double[] bounds;
        private final long[] counts;
        private long count;
        private double sum;

        Histogram(double[] bounds) {
            this.bounds = bounds.clone();
            this.counts = new long[bounds.length];
        }

        synchronized void observe(double value) {
            for (int i = 0; i < bounds.length; i++) {
                if (value <= bounds[i]) {
                    counts[i]++;
                    break;
                }
            }
            count++;
            sum += value;
        }

        synchronized void write(StringBuilder out, String name, String labels) {
            long cumulative = 0;
            for (int i = 0; i < bounds.length; i++) {
                cumulative += counts[i];
                out.append(name).append("_bucket{").append(labels).append(",le=\"").append(number(bounds[i]))
                        .append("\"} ").append(cumulative).append('\n');
            }
            out.append(name).append("_bucket{").append(labels).append(",le=\"+Inf\"} ").append(count).append('\n');
            out.append(name).append("_sum{").append(labels).append("} ").append(number(sum)).append('\n');
            out.append(name).append("_count{").append(labels).append("} ").append(count).append('\n');
        }

        @Override
        public String toString() {
            return "Histogram" + Arrays.toString(bounds);
        }
    }
}
